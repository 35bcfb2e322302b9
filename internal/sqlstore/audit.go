package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
)

// appendAudit writes e in the same transaction as the change it records, so
// that a change and its audit entry exist together or not at all. before and
// after are encoded as JSON; nil means "none".
func appendAudit(ctx context.Context, tx *Tx, e *app.AuditEntry, before, after any) error {
	e.At = tx.now
	if e.Actor == "" {
		e.Actor = actorFrom(ctx)
	}
	if e.ActorID == nil {
		e.ActorID = actorIDFrom(ctx)
	}
	var err error
	if e.Before, err = jsonOrNil(before); err != nil {
		return err
	}
	if e.After, err = jsonOrNil(after); err != nil {
		return err
	}
	id, err := tx.insert(ctx, `INSERT INTO audit_log (tenant_id, actor_id, actor, at, action, entity, entity_id, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.TenantID, e.ActorID, e.Actor, e.At, e.Action, e.Entity, e.EntityID, nullText(e.Before), nullText(e.After))
	if err != nil {
		return fmt.Errorf("sqlstore: audit %s: %w", e.Action, err)
	}
	e.ID = id
	return nil
}

func jsonOrNil(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: audit encode: %w", err)
	}
	return b, nil
}

func nullText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// actorFrom names who acts in ctx: the signed-in user, or "system".
func actorFrom(ctx context.Context) string {
	if a := app.ActorFromContext(ctx); a != nil {
		return a.Label
	}
	return "system"
}

func actorIDFrom(ctx context.Context) *int64 {
	if a := app.ActorFromContext(ctx); a != nil && a.UserID != 0 {
		id := a.UserID
		return &id
	}
	return nil
}
