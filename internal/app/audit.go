package app

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records one change: who, when, what, before and after. The log
// is append-only: the application has no path that edits or deletes entries.
type AuditEntry struct {
	ID       int64           `json:"id"`
	TenantID *int64          `json:"-"` // nil for installation-wide changes
	ActorID  *int64          `json:"-"` // nil for the system (demo load, CLI without user)
	Actor    string          `json:"actor"`
	At       time.Time       `json:"at"`
	Action   string          `json:"action"` // e.g. "tenant.create", "measure.update"
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
}

// AuditFilter narrows an audit listing; zero fields are not applied.
type AuditFilter struct {
	Action string // prefix, e.g. "user." or "user.create"
	Actor  string // substring, case-insensitive
	// Entity and EntityID, together, give one object's history.
	Entity, EntityID string
	From             time.Time
	To               time.Time // exclusive
	Limit            int       // 0: 100
	Offset           int
}

// AuditService reads the audit log. There is no method to change it.
type AuditService interface {
	// FindAudit returns a tenant's entries, newest first, and the total.
	FindAudit(ctx context.Context, tenantID int64, f AuditFilter) ([]*AuditEntry, int, error)
}
