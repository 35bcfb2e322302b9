package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
)

// AuditService implements app.AuditService.
type AuditService struct{ db *DB }

// NewAuditService returns an AuditService on db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

var _ app.AuditService = (*AuditService)(nil)

// FindAudit returns the tenant's audit entries, newest first, and the total
// matching count.
func (s *AuditService) FindAudit(ctx context.Context, tenantID int64, f app.AuditFilter) ([]*app.AuditEntry, int, error) {
	where := []string{"tenant_id = ?"}
	args := []any{tenantID}
	if f.Action != "" {
		where = append(where, "action LIKE ?")
		args = append(args, escapeLike(f.Action)+"%")
	}
	if f.Actor != "" {
		where = append(where, "lower(actor) LIKE ?")
		args = append(args, "%"+escapeLike(strings.ToLower(f.Actor))+"%")
	}
	if f.Entity != "" {
		where = append(where, "entity = ? AND entity_id = ?")
		args = append(args, f.Entity, f.EntityID)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, f.To.UTC())
	}
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 100
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.db.query(ctx, `SELECT id, tenant_id, actor_id, actor, at, action, entity, entity_id, before, after, COUNT(*) OVER ()
		FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlstore: audit: %w", err)
	}
	defer rows.Close()
	var out []*app.AuditEntry
	total := 0
	for rows.Next() {
		var e app.AuditEntry
		var tid, aid sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &tid, &aid, &e.Actor, &e.At, &e.Action, &e.Entity, &e.EntityID, &before, &after, &total); err != nil {
			return nil, 0, fmt.Errorf("sqlstore: audit: %w", err)
		}
		if tid.Valid {
			e.TenantID = &tid.Int64
		}
		if aid.Valid {
			e.ActorID = &aid.Int64
		}
		if before.Valid {
			e.Before = []byte(before.String)
		}
		if after.Valid {
			e.After = []byte(after.String)
		}
		out = append(out, &e)
	}
	return out, total, rows.Err()
}

// escapeLike makes % and _ in user input literal. Both engines treat
// backslash as LIKE's escape only when told, so the queries avoid it and we
// replace the wildcards with the single-character match instead.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "_", "\\", "_").Replace(s)
}
