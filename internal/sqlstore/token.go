package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
)

// CreateToken stores an API token hash for the tenant and role.
func (s *UserService) CreateToken(ctx context.Context, t *app.Token, tokenHash string) error {
	switch {
	case !t.Role.Valid():
		return app.FieldErrorf("role", "Okänd roll %q.", t.Role)
	case t.Name == "" || len(t.Name) > 100:
		return app.FieldErrorf("name", "Ange ett namn på högst 100 tecken.")
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.now
		var err error
		t.ID, err = tx.insert(ctx, `INSERT INTO api_tokens (tenant_id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.TenantID, t.Name, t.Role, tokenHash, t.CreatedAt)
		if err != nil {
			return fmt.Errorf("sqlstore: create token: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &t.TenantID, Action: "token.create", Entity: "token", EntityID: fmt.Sprint(t.ID)}, nil, t)
	})
}

const tokenColumns = "id, tenant_id, name, role, created_at, last_used_at, revoked_at"

func scanToken(s interface{ Scan(...any) error }) (*app.Token, error) {
	var t app.Token
	var used, revoked sql.NullTime
	if err := s.Scan(&t.ID, &t.TenantID, &t.Name, &t.Role, &t.CreatedAt, &used, &revoked); err != nil {
		return nil, err
	}
	if used.Valid {
		t.LastUsedAt = &used.Time
	}
	if revoked.Valid {
		t.RevokedAt = &revoked.Time
	}
	return &t, nil
}

// TokenByHash returns the live (not revoked) token with the hash, or
// EUNAUTHENTICATED.
func (s *UserService) TokenByHash(ctx context.Context, tokenHash string) (*app.Token, error) {
	t, err := scanToken(s.db.queryRow(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", tokenHash))
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.EUNAUTHENTICATED, "Ogiltig eller återkallad token / Invalid or revoked token.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: token: %w", err)
	}
	return t, nil
}

// FindTokens returns the tenant's tokens, newest first.
func (s *UserService) FindTokens(ctx context.Context, tenantID int64) ([]*app.Token, error) {
	rows, err := s.db.query(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE tenant_id = ? ORDER BY id DESC", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find tokens: %w", err)
	}
	defer rows.Close()
	var out []*app.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes the tenant's token id. ENOTFOUND if the tenant has no
// live token with that id: another tenant's id is indistinguishable from
// a missing one.
func (s *UserService) RevokeToken(ctx context.Context, tenantID, id int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL", tx.now, id, tenantID)
		if err != nil {
			return fmt.Errorf("sqlstore: revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "Ingen sådan token / No such token.")
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "token.revoke", Entity: "token", EntityID: fmt.Sprint(id)}, nil, nil)
	})
}
