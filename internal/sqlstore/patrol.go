package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// PatrolService implements app.PatrolService.
type PatrolService struct{ db *DB }

// NewPatrolService returns a PatrolService on db.
func NewPatrolService(db *DB) *PatrolService { return &PatrolService{db: db} }

var _ app.PatrolService = (*PatrolService)(nil)

// CreatePatrol stores a patrol and its districts with an audit entry.
func (s *PatrolService) CreatePatrol(ctx context.Context, p *app.Patrol) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return createPatrol(ctx, tx, p) })
}

func createPatrol(ctx context.Context, tx *Tx, p *app.Patrol) error {
	ids := make([]int64, len(p.Districts))
	for i, key := range p.Districts {
		if err := tx.queryRow(ctx, "SELECT id FROM districts WHERE tenant_id = ? AND key = ?", p.TenantID, key).Scan(&ids[i]); err != nil {
			return app.FieldErrorf("districts", "Okänt område %q / Unknown district.", key)
		}
	}
	p.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO patrols (tenant_id, start_at, end_at, mode, note, synthetic, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.TenantID, p.Start.UTC(), p.End.UTC(), p.Mode, p.Note, p.Synthetic, actorIDFrom(ctx), tx.now)
	if err != nil {
		return fmt.Errorf("sqlstore: create patrol: %w", err)
	}
	p.ID = id
	for _, d := range ids {
		if _, err := tx.exec(ctx, "INSERT INTO patrol_districts (patrol_id, district_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, d); err != nil {
			return fmt.Errorf("sqlstore: patrol district: %w", err)
		}
	}
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &p.TenantID, Action: "patrol.create", Entity: "patrol", EntityID: fmt.Sprint(id)}, nil, p)
}

// FindPatrols returns patrols starting in [from, to), newest first.
func (s *PatrolService) FindPatrols(ctx context.Context, tenantID int64, from, to time.Time) ([]*app.Patrol, error) {
	rows, err := s.db.query(ctx, `SELECT p.id, p.start_at, p.end_at, p.mode, p.note, p.synthetic, p.created_at, d.key
		FROM patrols p JOIN patrol_districts pd ON pd.patrol_id = p.id JOIN districts d ON d.id = pd.district_id
		WHERE p.tenant_id = ? AND p.start_at >= ? AND p.start_at < ? ORDER BY p.start_at DESC, p.id DESC, d.key`,
		tenantID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find patrols: %w", err)
	}
	defer rows.Close()
	var out []*app.Patrol
	for rows.Next() {
		var p app.Patrol
		var key string
		if err := rows.Scan(&p.ID, &p.Start, &p.End, &p.Mode, &p.Note, &p.Synthetic, &p.CreatedAt, &key); err != nil {
			return nil, fmt.Errorf("sqlstore: find patrols: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].ID == p.ID {
			out[n-1].Districts = append(out[n-1].Districts, key)
			continue
		}
		p.TenantID, p.Districts = tenantID, []string{key}
		p.Start, p.End, p.CreatedAt = p.Start.UTC(), p.End.UTC(), p.CreatedAt.UTC()
		out = append(out, &p)
	}
	return out, rows.Err()
}

// DeletePatrol removes a patrol recorded by mistake; the audit log keeps it.
func (s *PatrolService) DeletePatrol(ctx context.Context, tenantID, id int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM patrol_districts WHERE patrol_id IN (SELECT id FROM patrols WHERE id = ? AND tenant_id = ?)", id, tenantID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM patrols WHERE id = ? AND tenant_id = ?", id, tenantID)
		if err != nil {
			return fmt.Errorf("sqlstore: delete patrol: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "Passet finns inte / No such patrol.")
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "patrol.delete", Entity: "patrol", EntityID: fmt.Sprint(id)}, nil, nil)
	})
}
