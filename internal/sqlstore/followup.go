package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
)

// FollowUpService implements app.FollowUpService.
type FollowUpService struct{ db *DB }

// NewFollowUpService returns a FollowUpService on db.
func NewFollowUpService(db *DB) *FollowUpService { return &FollowUpService{db: db} }

var _ app.FollowUpService = (*FollowUpService)(nil)

const followUpSelect = "SELECT id, period, status, commentary, snapshot, adopted_at, updated_at, corrections FROM follow_ups"

func scanFollowUp(s interface{ Scan(...any) error }, tenantID int64) (*app.FollowUp, error) {
	var f app.FollowUp
	var period, commentary, corrections string
	var snapshot sql.NullString
	var adopted sql.NullTime
	if err := s.Scan(&f.ID, &period, &f.Status, &commentary, &snapshot, &adopted, &f.UpdatedAt, &corrections); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(corrections), &f.Corrections); err != nil {
		return nil, fmt.Errorf("follow-up %s corrections: %w", period, err)
	}
	var err error
	if f.Period, err = app.ParseTertial(period); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(commentary), &f.Commentary); err != nil {
		return nil, fmt.Errorf("follow-up %s commentary: %w", period, err)
	}
	if snapshot.Valid {
		f.Snapshot = json.RawMessage(snapshot.String)
	}
	if adopted.Valid {
		t := adopted.Time.UTC()
		f.AdoptedAt = &t
	}
	f.TenantID, f.UpdatedAt = tenantID, f.UpdatedAt.UTC()
	return &f, nil
}

// FindFollowUp returns the stored follow-up or a new draft.
func (s *FollowUpService) FindFollowUp(ctx context.Context, tenantID int64, period app.Tertial) (*app.FollowUp, error) {
	f, err := scanFollowUp(s.db.queryRow(ctx, followUpSelect+" WHERE tenant_id = ? AND period = ?", tenantID, period.String()), tenantID)
	if err == sql.ErrNoRows {
		return &app.FollowUp{TenantID: tenantID, Period: period, Status: app.FollowUpDraft, Commentary: map[string]string{}}, nil
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find follow-up: %w", err)
	}
	return f, nil
}

// FindFollowUps returns the tenant's stored follow-ups, newest first.
func (s *FollowUpService) FindFollowUps(ctx context.Context, tenantID int64) ([]*app.FollowUp, error) {
	rows, err := s.db.query(ctx, followUpSelect+" WHERE tenant_id = ? ORDER BY period DESC", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find follow-ups: %w", err)
	}
	defer rows.Close()
	var out []*app.FollowUp
	for rows.Next() {
		f, err := scanFollowUp(rows, tenantID)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find follow-ups: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// maxCommentary bounds one section's commentary.
const maxCommentary = 20000

// SaveCommentary stores a draft's commentary, creating the row if needed.
func (s *FollowUpService) SaveCommentary(ctx context.Context, tenantID int64, period app.Tertial, commentary map[string]string) error {
	for k, v := range commentary {
		if len(v) > maxCommentary || len(k) > 100 {
			return app.FieldErrorf("commentary", "Kommentaren är för lång / The commentary is too long.")
		}
	}
	b, _ := json.Marshal(commentary)
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := lockFollowUp(ctx, tx, tenantID, period)
		if err != nil {
			return err
		}
		if before.Status == app.FollowUpAdopted {
			return app.Errorf(app.ECONFLICT, "Uppföljningen är antagen och kan inte ändras / The follow-up is adopted and cannot change.")
		}
		if _, err := tx.exec(ctx, "UPDATE follow_ups SET commentary = ?, updated_at = ? WHERE id = ?", string(b), tx.now, before.ID); err != nil {
			return fmt.Errorf("sqlstore: save commentary: %w", err)
		}
		after := *before
		after.Commentary = commentary
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "followup.comment", Entity: "follow_up",
			EntityID: period.String()}, before, &after)
	})
}

// AdoptFollowUp freezes the follow-up with the report as adopted.
func (s *FollowUpService) AdoptFollowUp(ctx context.Context, tenantID int64, period app.Tertial, snapshot json.RawMessage) error {
	if !json.Valid(snapshot) {
		return app.Errorf(app.EINVALID, "sqlstore: the snapshot is not JSON")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := lockFollowUp(ctx, tx, tenantID, period)
		if err != nil {
			return err
		}
		if before.Status == app.FollowUpAdopted {
			return app.Errorf(app.ECONFLICT, "Uppföljningen är redan antagen / The follow-up is adopted already.")
		}
		if _, err := tx.exec(ctx, "UPDATE follow_ups SET status = ?, snapshot = ?, adopted_at = ?, adopted_by = ?, updated_at = ? WHERE id = ?",
			app.FollowUpAdopted, string(snapshot), tx.now, actorIDFrom(ctx), tx.now, before.ID); err != nil {
			return fmt.Errorf("sqlstore: adopt follow-up: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "followup.adopt", Entity: "follow_up",
			EntityID: period.String()}, nil, map[string]string{"period": period.String()})
	})
}

// lockFollowUp returns the period's row inside tx, inserting a draft first
// if there is none.
func lockFollowUp(ctx context.Context, tx *Tx, tenantID int64, period app.Tertial) (*app.FollowUp, error) {
	if _, err := tx.exec(ctx, `INSERT INTO follow_ups (tenant_id, period, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, period) DO NOTHING`, tenantID, period.String(), app.FollowUpDraft, tx.now, tx.now); err != nil {
		return nil, fmt.Errorf("sqlstore: follow-up: %w", err)
	}
	q := followUpSelect + " WHERE tenant_id = ? AND period = ?"
	if tx.db.dialect == Postgres {
		q += " FOR UPDATE"
	}
	return scanFollowUp(tx.queryRow(ctx, q, tenantID, period.String()), tenantID)
}

// CorrectFollowUp replaces an adopted follow-up's snapshot, keeping the
// previous one with the reason.
func (s *FollowUpService) CorrectFollowUp(ctx context.Context, tenantID int64, period app.Tertial, reason string, snapshot json.RawMessage) error {
	if reason = strings.TrimSpace(reason); reason == "" || len(reason) > 2000 {
		return app.FieldErrorf("reason", "Ange skälet till rättelsen (högst 2 000 tecken) / Give the reason for the correction.")
	}
	if !json.Valid(snapshot) {
		return app.Errorf(app.EINVALID, "sqlstore: the snapshot is not JSON")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := lockFollowUp(ctx, tx, tenantID, period)
		if err != nil {
			return err
		}
		if before.Status != app.FollowUpAdopted {
			return app.Errorf(app.ECONFLICT, "Bara en antagen uppföljning rättas; ett utkast ändras direkt / Only an adopted follow-up is corrected.")
		}
		cs := append(before.Corrections, app.FollowUpCorrection{At: tx.now, Reason: reason, Previous: before.Snapshot})
		b, _ := json.Marshal(cs)
		if _, err := tx.exec(ctx, "UPDATE follow_ups SET snapshot = ?, corrections = ?, updated_at = ? WHERE id = ?",
			string(snapshot), string(b), tx.now, before.ID); err != nil {
			return fmt.Errorf("sqlstore: correct follow-up: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "followup.correct", Entity: "follow_up",
			EntityID: period.String()}, nil, map[string]string{"period": period.String(), "reason": reason})
	})
}
