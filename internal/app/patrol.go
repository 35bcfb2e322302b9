package app

import (
	"context"
	"time"
)

// Patrol modes.
var PatrolModes = []string{"foot", "bike", "car"}

// Patrol is a police patrol in one or more districts. Only when, how and
// where: never who.
type Patrol struct {
	ID        int64     `json:"id"`
	TenantID  int64     `json:"-"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Mode      string    `json:"mode"`
	Districts []string  `json:"districts"` // keys
	Note      string    `json:"note"`
	Synthetic bool      `json:"synthetic"`
	CreatedAt time.Time `json:"created_at"`
}

// maxPatrol is the longest patrol Trygg accepts: a shift.
const maxPatrol = 16 * time.Hour

// Validate reports the first invalid field of p.
func (p *Patrol) Validate() error {
	switch {
	case p.Start.IsZero() || p.End.IsZero():
		return FieldErrorf("start", "Ange start och slut / Give the start and end.")
	case !p.End.After(p.Start):
		return FieldErrorf("end", "Slutet måste komma efter starten / The end must be after the start.")
	case p.End.Sub(p.Start) > maxPatrol:
		return FieldErrorf("end", "Ett pass är högst 16 timmar / A patrol is at most 16 hours.")
	case len(p.Districts) == 0:
		return FieldErrorf("districts", "Välj minst ett område / Choose at least one district.")
	case len(p.Note) > 1000:
		return FieldErrorf("note", "Anteckningen är för lång / The note is too long.")
	}
	for _, m := range PatrolModes {
		if p.Mode == m {
			return nil
		}
	}
	return FieldErrorf("mode", "Välj till fots, cykel eller bil / Choose on foot, bike or car.")
}

// PatrolService stores patrols; every method enforces the tenant.
type PatrolService interface {
	// CreatePatrol returns EINVALID, also for a district of another tenant.
	CreatePatrol(ctx context.Context, p *Patrol) error
	// FindPatrols returns patrols that start in [from, to), newest first.
	FindPatrols(ctx context.Context, tenantID int64, from, to time.Time) ([]*Patrol, error)
	// DeletePatrol removes a patrol recorded by mistake; ENOTFOUND.
	DeletePatrol(ctx context.Context, tenantID, id int64) error
}
