package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/privacy"
)

// AssessmentService implements app.AssessmentService.
type AssessmentService struct{ db *DB }

// NewAssessmentService returns an AssessmentService on db.
func NewAssessmentService(db *DB) *AssessmentService { return &AssessmentService{db: db} }

var _ app.AssessmentService = (*AssessmentService)(nil)

// CreateAssessment stores a new assessment, its text masked.
func (s *AssessmentService) CreateAssessment(ctx context.Context, a *app.Assessment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	a.Seen, _ = privacy.Mask(a.Seen)
	a.Why, _ = privacy.Mask(a.Why)
	a.Meaning, _ = privacy.Mask(a.Meaning)
	return s.db.inTx(ctx, func(tx *Tx) error {
		if a.Supersedes != nil {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM assessments WHERE id = ? AND tenant_id = ?", *a.Supersedes, a.TenantID).Scan(&n); err != nil || n == 0 {
				return app.FieldErrorf("supersedes", "Den tidigare bedömningen finns inte / No such earlier assessment.")
			}
		}
		a.CreatedAt = tx.now
		id, err := tx.insert(ctx, `INSERT INTO assessments (tenant_id, written_on, period_from, period_to, title, seen, why, meaning, figures,
			supersedes, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.TenantID, dateArg(a.WrittenOn), dateArg(a.From), dateArg(a.To), strings.TrimSpace(a.Title), a.Seen, a.Why, a.Meaning,
			string(a.Figures), a.Supersedes, actorIDFrom(ctx), tx.now)
		if err != nil {
			return fmt.Errorf("sqlstore: create assessment: %w", err)
		}
		a.ID = id
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &a.TenantID, Action: "assessment.create", Entity: "assessment",
			EntityID: fmt.Sprint(id)}, nil, map[string]any{"title": a.Title, "supersedes": a.Supersedes})
	})
}

const assessmentSelect = `SELECT id, written_on, period_from, period_to, title, seen, why, meaning, figures, supersedes, created_at
	FROM assessments`

func scanAssessment(s interface{ Scan(...any) error }, tenantID int64) (*app.Assessment, error) {
	a := &app.Assessment{TenantID: tenantID}
	var figures string
	var sup sql.NullInt64
	if err := s.Scan(&a.ID, dateCol{&a.WrittenOn}, dateCol{&a.From}, dateCol{&a.To}, &a.Title, &a.Seen, &a.Why, &a.Meaning,
		&figures, &sup, &a.CreatedAt); err != nil {
		return nil, err
	}
	a.Figures, a.Supersedes, a.CreatedAt = json.RawMessage(figures), nullInt(sup), a.CreatedAt.UTC()
	return a, nil
}

// FindAssessments returns the tenant's assessments, newest first.
func (s *AssessmentService) FindAssessments(ctx context.Context, tenantID int64) ([]*app.Assessment, error) {
	rows, err := s.db.query(ctx, assessmentSelect+" WHERE tenant_id = ? ORDER BY written_on DESC, id DESC", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find assessments: %w", err)
	}
	defer rows.Close()
	var out []*app.Assessment
	for rows.Next() {
		a, err := scanAssessment(rows, tenantID)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find assessments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindAssessment returns ENOTFOUND unless the tenant has it.
func (s *AssessmentService) FindAssessment(ctx context.Context, tenantID, id int64) (*app.Assessment, error) {
	a, err := scanAssessment(s.db.queryRow(ctx, assessmentSelect+" WHERE id = ? AND tenant_id = ?", id, tenantID), tenantID)
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "Bedömningen finns inte / No such assessment.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find assessment: %w", err)
	}
	return a, nil
}
