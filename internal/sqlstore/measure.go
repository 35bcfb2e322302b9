package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/trygg-se/trygg/internal/app"
)

// MeasureService implements app.MeasureService.
type MeasureService struct{ db *DB }

// NewMeasureService returns a MeasureService on db.
func NewMeasureService(db *DB) *MeasureService { return &MeasureService{db: db} }

var _ app.MeasureService = (*MeasureService)(nil)

// nullDate scans a nullable DATE column.
type nullDate struct{ d **app.Date }

func (n nullDate) Scan(src any) error {
	if src == nil {
		*n.d = nil
		return nil
	}
	var d app.Date
	if err := (dateCol{&d}).Scan(src); err != nil {
		return err
	}
	*n.d = &d
	return nil
}

func dateOrNull(d *app.Date) any {
	if d == nil {
		return nil
	}
	return dateArg(*d)
}

const measureSelect = `SELECT m.id, m.tenant_id, COALESCE(m.promise_id, 0), m.parent_id, m.type, m.horizon, m.owner_party, m.unit,
	m.title, m.description, m.district_id, COALESCE(d.key, ''), m.lat, m.lon, m.planned_start, m.planned_end, m.actual_start,
	m.actual_end, m.status, m.status_reason, m.progress, m.problem_focus_area, m.problem_ref, m.synthetic, m.created_at, m.updated_at,
	m.camera_assessed, m.camera_decision, m.camera_document, m.camera_view, m.camera_review, m.milestones, m.cost_sek
	FROM measures m LEFT JOIN districts d ON d.id = m.district_id`

func scanMeasure(s interface{ Scan(...any) error }) (*app.Measure, error) {
	var m app.Measure
	var parent, district sql.NullInt64
	var lat, lon sql.NullFloat64
	var cam app.CameraAssessment
	var milestones string
	var cost sql.NullInt64
	if err := s.Scan(&m.ID, &m.TenantID, &m.PromiseID, &parent, &m.Type, &m.Horizon, &m.OwnerParty, &m.Unit, &m.Title,
		&m.Description, &district, &m.DistrictKey, &lat, &lon, nullDate{&m.PlannedStart}, nullDate{&m.PlannedEnd},
		nullDate{&m.ActualStart}, nullDate{&m.ActualEnd}, &m.Status, &m.StatusReason, &m.Progress, &m.ProblemFocusArea,
		&m.ProblemRef, &m.Synthetic, &m.CreatedAt, &m.UpdatedAt, nullDate{&cam.Assessed}, &cam.Decision, &cam.Document,
		&cam.View, nullDate{&cam.Review}, &milestones, &cost); err != nil {
		return nil, err
	}
	if cost.Valid {
		c := int(cost.Int64)
		m.CostSEK = &c
	}
	if cam != (app.CameraAssessment{}) {
		m.Camera = &cam
	}
	if err := json.Unmarshal([]byte(milestones), &m.Milestones); err != nil {
		return nil, fmt.Errorf("measure %d milestones: %w", m.ID, err)
	}
	m.ParentID, m.DistrictID = nullInt(parent), nullInt(district)
	if lat.Valid && lon.Valid {
		m.Lat, m.Lon = &lat.Float64, &lon.Float64
	}
	return &m, nil
}

// CreateMeasure stores a new measure with an audit entry.
func (s *MeasureService) CreateMeasure(ctx context.Context, m *app.Measure) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return createMeasure(ctx, tx, m) })
}

func createMeasure(ctx context.Context, tx *Tx, m *app.Measure) error {
	if err := checkDistrict(ctx, tx, m.TenantID, m.DistrictID); err != nil {
		return err
	}
	if err := checkParent(ctx, tx, m); err != nil {
		return err
	}
	if err := checkType(ctx, tx, m); err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = tx.now, tx.now
	cam, milestones := cameraArgs(m)
	id, err := tx.insert(ctx, `INSERT INTO measures (tenant_id, promise_id, parent_id, type, horizon, owner_party, unit, title,
		description, district_id, lat, lon, planned_start, planned_end, actual_start, actual_end, status, status_reason, progress,
		problem_focus_area, problem_ref, synthetic, created_at, updated_at, camera_assessed, camera_decision, camera_document,
		camera_view, camera_review, milestones, cost_sek)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{m.TenantID, nullID(m.PromiseID), m.ParentID, m.Type, m.Horizon, m.OwnerParty, m.Unit, m.Title, m.Description,
			m.DistrictID, m.Lat, m.Lon, dateOrNull(m.PlannedStart), dateOrNull(m.PlannedEnd), dateOrNull(m.ActualStart),
			dateOrNull(m.ActualEnd), m.Status, m.StatusReason, m.Progress, m.ProblemFocusArea, m.ProblemRef, m.Synthetic, tx.now, tx.now},
			append(cam, milestones, m.CostSEK)...)...)
	if err != nil {
		return fmt.Errorf("sqlstore: create measure: %w", err)
	}
	m.ID = id
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &m.TenantID, Action: "measure.create", Entity: "measure", EntityID: fmt.Sprint(id)}, nil, m)
}

// cameraArgs are the camera columns' values and the milestones' JSON.
func cameraArgs(m *app.Measure) ([]any, string) {
	c := m.Camera
	if c == nil {
		c = &app.CameraAssessment{}
	}
	ms := m.Milestones
	if ms == nil {
		ms = []app.Milestone{}
	}
	b, _ := json.Marshal(ms)
	return []any{dateOrNull(c.Assessed), c.Decision, c.Document, c.View, dateOrNull(c.Review)}, string(b)
}

// checkParent refuses a parent of another tenant, and one that would make
// a measure its own ancestor.
func checkParent(ctx context.Context, tx *Tx, m *app.Measure) error {
	for id, steps := m.ParentID, 0; id != nil; steps++ {
		if m.ID != 0 && *id == m.ID || steps > 100 {
			return app.FieldErrorf("parent", "Huvudåtgärden kan inte vara åtgärden själv eller en av dess delar / The parent cannot be the measure or one of its parts.")
		}
		var next sql.NullInt64
		err := tx.queryRow(ctx, "SELECT parent_id FROM measures WHERE id = ? AND tenant_id = ?", *id, m.TenantID).Scan(&next)
		if err == sql.ErrNoRows {
			return app.FieldErrorf("parent", "Okänd huvudåtgärd / Unknown parent measure.")
		} else if err != nil {
			return err
		}
		id = nullInt(next)
	}
	return nil
}

// checkType refuses a type that is neither built in nor the tenant's own.
func checkType(ctx context.Context, tx *Tx, m *app.Measure) error {
	if slices.Contains(app.MeasureTypes, m.Type) {
		return nil
	}
	t, err := scanTenant(tx.queryRow(ctx, "SELECT "+tenantColumns+" FROM tenants WHERE id = ?", m.TenantID))
	if err != nil {
		return mapErr(err)
	}
	if !slices.Contains(t.MeasureTypes, m.Type) {
		return app.FieldErrorf("type", "Okänd typ av åtgärd %q / Unknown type of measure.", m.Type)
	}
	return nil
}

// checkDistrict refuses a district of another tenant.
func checkDistrict(ctx context.Context, tx *Tx, tenantID int64, id *int64) error {
	if id == nil {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM districts WHERE id = ? AND tenant_id = ?", *id, tenantID).Scan(&n); err != nil || n == 0 {
		return app.FieldErrorf("district", "Okänt område / Unknown district.")
	}
	return nil
}

// UpdateMeasure replaces the editable fields; before and after go into the
// audit log, so the history of every change is kept.
func (s *MeasureService) UpdateMeasure(ctx context.Context, m *app.Measure) error {
	return s.UpdateMeasures(ctx, m.TenantID, []*app.Measure{m})
}

// UpdateMeasures updates ms in one transaction, each with its audit entry.
func (s *MeasureService) UpdateMeasures(ctx context.Context, tenantID int64, ms []*app.Measure) error {
	befores := make([]*app.Measure, len(ms))
	for i, m := range ms {
		if m.TenantID != tenantID {
			return app.Errorf(app.ENOTFOUND, "Åtgärden finns inte / No such measure.")
		}
		if err := m.Validate(); err != nil {
			return err
		}
		var err error
		if befores[i], err = s.FindMeasure(ctx, tenantID, m.ID); err != nil {
			return err
		}
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		for i, m := range ms {
			if err := updateMeasure(ctx, tx, m, befores[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func updateMeasure(ctx context.Context, tx *Tx, m, before *app.Measure) error {
	if err := checkDistrict(ctx, tx, m.TenantID, m.DistrictID); err != nil {
		return err
	}
	if err := checkType(ctx, tx, m); err != nil {
		return err
	}
	if err := checkParent(ctx, tx, m); err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt, m.Synthetic, m.PromiseID = before.CreatedAt, tx.now, before.Synthetic, before.PromiseID
	cam, milestones := cameraArgs(m)
	if _, err := tx.exec(ctx, `UPDATE measures SET type = ?, horizon = ?, owner_party = ?, unit = ?, title = ?, description = ?,
		district_id = ?, planned_start = ?, planned_end = ?, actual_start = ?, actual_end = ?, status = ?, status_reason = ?,
		progress = ?, problem_focus_area = ?, problem_ref = ?, parent_id = ?, lat = ?, lon = ?, camera_assessed = ?,
		camera_decision = ?, camera_document = ?, camera_view = ?, camera_review = ?, milestones = ?, cost_sek = ?, updated_at = ?
		WHERE id = ? AND tenant_id = ?`,
		m.Type, m.Horizon, m.OwnerParty, m.Unit, m.Title, m.Description, m.DistrictID, dateOrNull(m.PlannedStart),
		dateOrNull(m.PlannedEnd), dateOrNull(m.ActualStart), dateOrNull(m.ActualEnd), m.Status, m.StatusReason, m.Progress,
		m.ProblemFocusArea, m.ProblemRef, m.ParentID, m.Lat, m.Lon, cam[0], cam[1], cam[2], cam[3], cam[4], milestones, m.CostSEK, tx.now,
		m.ID, m.TenantID); err != nil {
		return fmt.Errorf("sqlstore: update measure: %w", err)
	}
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &m.TenantID, Action: "measure.update", Entity: "measure", EntityID: fmt.Sprint(m.ID)}, before, m)
}

// FindMeasure returns ENOTFOUND unless the tenant has the measure.
func (s *MeasureService) FindMeasure(ctx context.Context, tenantID, id int64) (*app.Measure, error) {
	m, err := scanMeasure(s.db.queryRow(ctx, measureSelect+" WHERE m.id = ? AND m.tenant_id = ?", id, tenantID))
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "Åtgärden finns inte / No such measure.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find measure: %w", err)
	}
	return m, nil
}

// FindMeasures returns the tenant's measures, newest first.
func (s *MeasureService) FindMeasures(ctx context.Context, tenantID int64) ([]*app.Measure, error) {
	rows, err := s.db.query(ctx, measureSelect+" WHERE m.tenant_id = ? ORDER BY m.id DESC", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find measures: %w", err)
	}
	defer rows.Close()
	var out []*app.Measure
	for rows.Next() {
		m, err := scanMeasure(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find measures: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
