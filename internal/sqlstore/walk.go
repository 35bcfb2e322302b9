package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/photo"
)

// WalkService implements app.WalkService.
type WalkService struct{ db *DB }

// NewWalkService returns a WalkService on db.
func NewWalkService(db *DB) *WalkService { return &WalkService{db: db} }

var _ app.WalkService = (*WalkService)(nil)

// CreateWalk stores a walk with an audit entry.
func (s *WalkService) CreateWalk(ctx context.Context, w *app.Walk) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return createWalk(ctx, tx, w) })
}

func createWalk(ctx context.Context, tx *Tx, w *app.Walk) error {
	var district int64
	if err := tx.queryRow(ctx, "SELECT id FROM districts WHERE tenant_id = ? AND key = ?", w.TenantID, w.DistrictKey).Scan(&district); err != nil {
		return app.FieldErrorf("district", "Okänt område %q / Unknown district.", w.DistrictKey)
	}
	w.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO walks (tenant_id, walk_date, after_dark, district_id, participants, note, synthetic, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.TenantID, dateArg(w.Date), w.AfterDark, district, mustJSON(w.Participants), w.Note,
		w.Synthetic, actorIDFrom(ctx), tx.now)
	if err != nil {
		return fmt.Errorf("sqlstore: create walk: %w", err)
	}
	w.ID = id
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &w.TenantID, Action: "walk.create", Entity: "walk", EntityID: fmt.Sprint(id)}, nil, w)
}

const walkSelect = `SELECT w.id, w.tenant_id, w.walk_date, w.after_dark, d.key, w.participants, w.note, w.synthetic, w.created_at,
	(SELECT COUNT(*) FROM walk_findings f WHERE f.walk_id = w.id),
	(SELECT COUNT(*) FROM walk_findings f WHERE f.walk_id = w.id AND f.decision = '')
	FROM walks w JOIN districts d ON d.id = w.district_id`

func scanWalk(s interface{ Scan(...any) error }) (*app.Walk, error) {
	var w app.Walk
	if err := s.Scan(&w.ID, &w.TenantID, dateCol{&w.Date}, &w.AfterDark, &w.DistrictKey, jsonCol{&w.Participants}, &w.Note,
		&w.Synthetic, &w.CreatedAt, &w.FindingCount, &w.Undecided); err != nil {
		return nil, err
	}
	w.CreatedAt = w.CreatedAt.UTC()
	return &w, nil
}

// FindWalks returns the tenant's walks, newest first.
func (s *WalkService) FindWalks(ctx context.Context, tenantID int64) ([]*app.Walk, error) {
	rows, err := s.db.query(ctx, walkSelect+" WHERE w.tenant_id = ? ORDER BY w.walk_date DESC, w.id DESC", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find walks: %w", err)
	}
	defer rows.Close()
	var out []*app.Walk
	for rows.Next() {
		w, err := scanWalk(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find walks: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// FindWalk returns a walk and its findings, without photo bytes.
func (s *WalkService) FindWalk(ctx context.Context, tenantID, id int64) (*app.Walk, error) {
	w, err := findWalk(ctx, s.db.queryRow, tenantID, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.query(ctx, findingSelect+" WHERE walk_id = ? AND tenant_id = ? ORDER BY id", id, tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find findings: %w", err)
		}
		w.Findings = append(w.Findings, f)
	}
	return w, rows.Err()
}

// findWalk reads a walk through queryRow, the reader pool's or a
// transaction's.
func findWalk(ctx context.Context, queryRow func(context.Context, string, ...any) *sql.Row, tenantID, id int64) (*app.Walk, error) {
	w, err := scanWalk(queryRow(ctx, walkSelect+" WHERE w.id = ? AND w.tenant_id = ?", id, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "Vandringen finns inte / No such safety walk.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find walk %d: %w", id, err)
	}
	return w, nil
}

const findingSelect = `SELECT id, tenant_id, walk_id, lat, lon, place, problem, description, proposed_fix, unit, due, decision, reason,
	measure_id, photo_type, photo IS NOT NULL, created_at, updated_at FROM walk_findings`

func scanFinding(s interface{ Scan(...any) error }) (*app.Finding, error) {
	var f app.Finding
	var lat, lon sql.NullFloat64
	var measure sql.NullInt64
	if err := s.Scan(&f.ID, &f.TenantID, &f.WalkID, &lat, &lon, &f.Place, &f.Problem, &f.Description, &f.ProposedFix, &f.Unit,
		dateCol{&f.Due}, &f.Decision, &f.Reason, &measure, &f.PhotoType, &f.HasPhoto, &f.CreatedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	if lat.Valid && lon.Valid {
		f.Lat, f.Lon = &lat.Float64, &lon.Float64
	}
	f.MeasureID = nullInt(measure)
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	return &f, nil
}

// findFinding reads a finding of the tenant's walk within tx.
func findFinding(ctx context.Context, tx *Tx, tenantID, walkID, id int64) (*app.Finding, error) {
	f, err := scanFinding(tx.queryRow(ctx, findingSelect+" WHERE id = ? AND walk_id = ? AND tenant_id = ?", id, walkID, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ENOTFOUND, "Fyndet finns inte / No such finding.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find finding %d: %w", id, err)
	}
	return f, nil
}

// AddFinding stores a finding with an audit entry. The photo is stripped
// here, at the last step before storage, so that no caller can store one
// with its EXIF position; it is decoded before the transaction starts, so
// that the writer is not held while it is.
func (s *WalkService) AddFinding(ctx context.Context, f *app.Finding) error {
	w, err := findWalk(ctx, s.db.queryRow, f.TenantID, f.WalkID)
	if err != nil {
		return err
	}
	if f.Due.IsZero() {
		f.Due = w.DefaultDue()
	}
	// A finding is decided on after it is noted, never as it is added.
	f.Decision, f.Reason, f.MeasureID = app.FindingUndecided, "", nil
	f.PhotoType, f.HasPhoto = "", false
	if len(f.Photo) > 0 {
		b, typ, err := photo.Strip(f.Photo)
		if err != nil {
			return photoError(err)
		}
		f.Photo, f.PhotoType, f.HasPhoto = b, typ, true
	}
	if err := f.Validate(); err != nil {
		return err
	}
	if f.Due.Before(w.Date) {
		return app.FieldErrorf("due", "Sista dag kan inte vara före vandringen / The due date cannot be before the walk.")
	}
	var pic any // NULL, not an empty blob, when there is no photo
	if f.HasPhoto {
		pic = f.Photo
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		// The walk may have gone since it was read.
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM walks WHERE id = ? AND tenant_id = ?", f.WalkID, f.TenantID).Scan(&n); err != nil {
			return fmt.Errorf("sqlstore: add finding: %w", err)
		} else if n == 0 {
			return app.Errorf(app.ENOTFOUND, "Vandringen finns inte / No such safety walk.")
		}
		return insertFinding(ctx, tx, f, pic)
	})
}

// insertFinding writes a validated finding of an existing walk, decision
// included (the demo's are decided), with an audit entry.
func insertFinding(ctx context.Context, tx *Tx, f *app.Finding, pic any) error {
	f.CreatedAt, f.UpdatedAt = tx.now, tx.now
	id, err := tx.insert(ctx, `INSERT INTO walk_findings (tenant_id, walk_id, lat, lon, place, problem, description, proposed_fix, unit,
		due, decision, reason, measure_id, photo, photo_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.TenantID, f.WalkID, f.Lat, f.Lon, f.Place, f.Problem, f.Description, f.ProposedFix, f.Unit, dateArg(f.Due),
		f.Decision, f.Reason, f.MeasureID, pic, f.PhotoType, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("sqlstore: add finding: %w", err)
	}
	f.ID = id
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &f.TenantID, Action: "walk.finding.add", Entity: "walk",
		EntityID: fmt.Sprint(f.WalkID)}, nil, f)
}

// photoError says why a photo was refused, naming the field.
func photoError(err error) error {
	switch {
	case errors.Is(err, photo.ErrTooLarge):
		return app.FieldErrorf("photo", "Bilden är större än 5 MiB / The photo is larger than 5 MiB.")
	case errors.Is(err, photo.ErrPixels):
		return app.FieldErrorf("photo", "Bilden har fler än 30 megapixel; ta den med lägre upplösning / The photo has more than 30 megapixels.")
	case errors.Is(err, photo.ErrType):
		return app.FieldErrorf("photo", "Bara JPEG- eller PNG-bilder / Only JPEG or PNG photos.")
	case errors.Is(err, photo.ErrBroken), errors.Is(err, photo.ErrEmpty):
		return app.FieldErrorf("photo", "Bilden gick inte att läsa / The photo could not be read.")
	}
	return fmt.Errorf("sqlstore: photo: %w", err)
}

// DecideFinding records that a finding will not be acted on and why, or
// reopens it; before and after go into the audit log.
func (s *WalkService) DecideFinding(ctx context.Context, tenantID, walkID, findingID int64, decision, reason string) error {
	if decision == app.FindingWillDo {
		return app.FieldErrorf("decision", "Det som ska göras blir en åtgärd / What will be done becomes a measure.")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := findFinding(ctx, tx, tenantID, walkID, findingID)
		if err != nil {
			return err
		}
		if before.MeasureID != nil {
			return app.Errorf(app.ECONFLICT, "Fyndet är redan en åtgärd; ändra åtgärdens status i stället / The finding is already a measure; change the measure's status instead.")
		}
		after := *before
		after.Decision, after.Reason = decision, reason
		if decision == app.FindingUndecided {
			after.Reason = ""
		}
		if err := after.Validate(); err != nil {
			return err
		}
		after.UpdatedAt = tx.now
		if _, err := tx.exec(ctx, "UPDATE walk_findings SET decision = ?, reason = ?, updated_at = ? WHERE id = ? AND tenant_id = ?",
			after.Decision, after.Reason, tx.now, findingID, tenantID); err != nil {
			return fmt.Errorf("sqlstore: decide finding: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "walk.finding.decide", Entity: "walk",
			EntityID: fmt.Sprint(walkID)}, before, &after)
	})
}

// FindingToMeasure makes a finding a measure of the tenant's current
// promise and links the two, in one transaction: both exist, or neither.
func (s *WalkService) FindingToMeasure(ctx context.Context, tenantID, walkID, findingID int64) (*app.Measure, error) {
	var m *app.Measure
	err := s.db.inTx(ctx, func(tx *Tx) error {
		w, err := findWalk(ctx, tx.queryRow, tenantID, walkID)
		if err != nil {
			return err
		}
		before, err := findFinding(ctx, tx, tenantID, walkID, findingID)
		if err != nil {
			return err
		}
		if before.MeasureID != nil {
			return app.Errorf(app.ECONFLICT, "Fyndet är redan åtgärd %d / The finding already is measure %d.", *before.MeasureID, *before.MeasureID)
		}
		var district int64
		var name string
		if err := tx.queryRow(ctx, "SELECT d.id, d.name FROM walks w JOIN districts d ON d.id = w.district_id WHERE w.id = ?", walkID).Scan(&district, &name); err != nil {
			return fmt.Errorf("sqlstore: walk district: %w", err)
		}
		m = before.MeasureFor(w, name)
		m.DistrictID = &district
		// The measure belongs to the promise now in force, as one made on
		// the measures page does.
		if err := tx.queryRow(ctx, "SELECT id FROM promises WHERE tenant_id = ? ORDER BY valid_from DESC, id LIMIT 1", tenantID).Scan(&m.PromiseID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlstore: current promise: %w", err)
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if err := createMeasure(ctx, tx, m); err != nil {
			return err
		}
		// The condition on measure_id makes a concurrent second click
		// change nothing, so that it fails and rolls its measure back.
		res, err := tx.exec(ctx, `UPDATE walk_findings SET measure_id = ?, decision = ?, reason = '', updated_at = ?
			WHERE id = ? AND tenant_id = ? AND measure_id IS NULL`, m.ID, app.FindingWillDo, tx.now, findingID, tenantID)
		if err != nil {
			return fmt.Errorf("sqlstore: link finding: %w", mapErr(err))
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.Errorf(app.ECONFLICT, "Fyndet är redan en åtgärd / The finding already is a measure.")
		}
		after := *before
		after.MeasureID, after.Decision, after.Reason, after.UpdatedAt = &m.ID, app.FindingWillDo, "", tx.now
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "walk.finding.measure", Entity: "walk",
			EntityID: fmt.Sprint(walkID)}, before, &after)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// FindPhoto returns a finding's stored photo and its content type.
func (s *WalkService) FindPhoto(ctx context.Context, tenantID, walkID, findingID int64) ([]byte, string, error) {
	var b []byte
	var typ string
	err := s.db.queryRow(ctx, "SELECT photo, photo_type FROM walk_findings WHERE id = ? AND walk_id = ? AND tenant_id = ? AND photo IS NOT NULL",
		findingID, walkID, tenantID).Scan(&b, &typ)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", app.Errorf(app.ENOTFOUND, "Ingen bild / No photo.")
	} else if err != nil {
		return nil, "", fmt.Errorf("sqlstore: find photo: %w", err)
	}
	return b, typ, nil
}

// UpdateWalk corrects a walk's date, time of day, district, participants
// and note; its findings stay. Before and after go into the audit log.
func (s *WalkService) UpdateWalk(ctx context.Context, w *app.Walk) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := findWalk(ctx, tx.queryRow, w.TenantID, w.ID)
		if err != nil {
			return err
		}
		var district int64
		if err := tx.queryRow(ctx, "SELECT id FROM districts WHERE tenant_id = ? AND key = ?", w.TenantID, w.DistrictKey).Scan(&district); err != nil {
			return app.FieldErrorf("district", "Okänt område %q / Unknown district.", w.DistrictKey)
		}
		if _, err := tx.exec(ctx, `UPDATE walks SET walk_date = ?, after_dark = ?, district_id = ?, participants = ?, note = ?
			WHERE id = ? AND tenant_id = ?`, dateArg(w.Date), w.AfterDark, district, mustJSON(w.Participants), w.Note, w.ID, w.TenantID); err != nil {
			return fmt.Errorf("sqlstore: update walk: %w", err)
		}
		w.Synthetic, w.CreatedAt = before.Synthetic, before.CreatedAt
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &w.TenantID, Action: "walk.update", Entity: "walk",
			EntityID: fmt.Sprint(w.ID)}, before, w)
	})
}

// DeleteWalk removes a walk and its findings, unless a finding became a
// measure: the walk is then the problem that measure answers.
func (s *WalkService) DeleteWalk(ctx context.Context, tenantID, id int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := findWalk(ctx, tx.queryRow, tenantID, id)
		if err != nil {
			return err
		}
		var measures int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM walk_findings WHERE walk_id = ? AND measure_id IS NOT NULL", id).Scan(&measures); err != nil {
			return fmt.Errorf("sqlstore: delete walk: %w", err)
		}
		if measures > 0 {
			return app.Errorf(app.ECONFLICT, "%d fynd har blivit åtgärder; vandringen är deras underlag och kan inte tas bort / %d findings became measures; the walk is their basis and cannot be deleted.", measures, measures)
		}
		if _, err := tx.exec(ctx, "DELETE FROM walk_findings WHERE walk_id = ? AND tenant_id = ?", id, tenantID); err != nil {
			return fmt.Errorf("sqlstore: delete walk: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM walks WHERE id = ? AND tenant_id = ?", id, tenantID); err != nil {
			return fmt.Errorf("sqlstore: delete walk: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "walk.delete", Entity: "walk",
			EntityID: fmt.Sprint(id)}, before, nil)
	})
}

// DeleteFinding removes a finding noted by mistake, unless it became a
// measure.
func (s *WalkService) DeleteFinding(ctx context.Context, tenantID, walkID, findingID int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := findFinding(ctx, tx, tenantID, walkID, findingID)
		if err != nil {
			return err
		}
		if before.MeasureID != nil {
			return app.Errorf(app.ECONFLICT, "Fyndet är åtgärd %d och kan inte tas bort / The finding is measure %d and cannot be deleted.", *before.MeasureID, *before.MeasureID)
		}
		if _, err := tx.exec(ctx, "DELETE FROM walk_findings WHERE id = ? AND tenant_id = ?", findingID, tenantID); err != nil {
			return fmt.Errorf("sqlstore: delete finding: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "walk.finding.delete", Entity: "walk",
			EntityID: fmt.Sprint(walkID)}, before, nil)
	})
}

// UpdateFinding corrects what a finding says — problem, place, description,
// proposed fix, unit, due date — keeping its point, photo and decision.
func (s *WalkService) UpdateFinding(ctx context.Context, f *app.Finding) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		w, err := findWalk(ctx, tx.queryRow, f.TenantID, f.WalkID)
		if err != nil {
			return err
		}
		before, err := findFinding(ctx, tx, f.TenantID, f.WalkID, f.ID)
		if err != nil {
			return err
		}
		after := *before
		after.Problem, after.Place, after.Lat, after.Lon, after.Description, after.ProposedFix, after.Unit, after.Due =
			f.Problem, f.Place, f.Lat, f.Lon, f.Description, f.ProposedFix, f.Unit, f.Due
		if err := after.Validate(); err != nil {
			return err
		}
		if after.Due.Before(w.Date) {
			return app.FieldErrorf("due", "Sista dag kan inte vara före vandringen / The due date cannot be before the walk.")
		}
		after.UpdatedAt = tx.now
		if _, err := tx.exec(ctx, `UPDATE walk_findings SET problem = ?, place = ?, lat = ?, lon = ?, description = ?, proposed_fix = ?,
			unit = ?, due = ?, updated_at = ? WHERE id = ? AND tenant_id = ?`, after.Problem, after.Place, after.Lat, after.Lon,
			after.Description, after.ProposedFix, after.Unit, dateArg(after.Due), tx.now, f.ID, f.TenantID); err != nil {
			return fmt.Errorf("sqlstore: update finding: %w", err)
		}
		*f = after
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &f.TenantID, Action: "walk.finding.update", Entity: "walk",
			EntityID: fmt.Sprint(f.WalkID)}, before, &after)
	})
}
