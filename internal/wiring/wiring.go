// Package wiring builds the web server's services on a database: the one
// place that knows which store implements which service, shared by
// `trygg serve`, the benchmarks and the tests' server.
package wiring

import (
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web"
)

// Services returns every service web.Server needs, on db.
func Services(db *sqlstore.DB) web.Services {
	return web.Services{
		Tenants:     sqlstore.NewTenantService(db),
		Districts:   sqlstore.NewDistrictService(db),
		Promises:    sqlstore.NewPromiseService(db),
		Users:       sqlstore.NewUserService(db),
		Audit:       sqlstore.NewAuditService(db),
		Incidents:   sqlstore.NewIncidentService(db),
		Measures:    sqlstore.NewMeasureService(db),
		Patrols:     sqlstore.NewPatrolService(db),
		Dialogues:   sqlstore.NewDialogueService(db),
		FollowUps:   sqlstore.NewFollowUpService(db),
		Surveys:     sqlstore.NewSurveyService(db),
		Walks:       sqlstore.NewWalkService(db),
		Assessments: sqlstore.NewAssessmentService(db),
		Bra:         db.FindBra,
		Ping:        db.Ping,
	}
}
