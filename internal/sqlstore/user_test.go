package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

func TestUsersSessionsTokens(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		if _, err := db.LoadDemo(ctx, mustDemo(t), plainHash); err != nil {
			t.Fatal(err)
		}
		tenants := sqlstore.NewTenantService(db)
		kat, _ := tenants.FindTenantBySlug(ctx, "katrineholm")
		flen := &app.Tenant{Slug: "flen", Name: "Flens kommun", KommunCode: "0482"}
		if err := tenants.CreateTenant(ctx, flen); err != nil {
			t.Fatal(err)
		}
		s := sqlstore.NewUserService(db)

		u := &app.User{Email: " Ny@Example.SE ", Name: "Ny", PasswordHash: "h"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, &app.User{Email: "ny@example.se", Name: "Dubblett"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("duplicate e-mail: %v, want conflict", err)
		}
		if err := s.CreateUser(ctx, &app.User{Email: "not an address", Name: "X"}); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("bad e-mail: %v, want invalid", err)
		}
		if err := s.GrantRole(ctx, u.ID, kat.ID, app.RoleCouncil); err != nil {
			t.Fatal(err)
		}
		if err := s.GrantRole(ctx, u.ID, kat.ID, app.RoleCouncil); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("second grant: %v", err)
		}
		if err := s.GrantRole(ctx, u.ID, kat.ID, "king"); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("unknown role: %v", err)
		}
		got, err := s.FindUserByEmail(ctx, "NY@example.se")
		if err != nil || len(got.Memberships) != 1 || got.Memberships[0].TenantSlug != "katrineholm" {
			t.Fatalf("FindUserByEmail = %+v, %v", got, err)
		}
		if !got.Can(kat.ID, app.PermFollowUpAdopt) || got.Can(kat.ID, app.PermUsersManage) || got.Can(flen.ID, app.PermFollowUpAdopt) {
			t.Error("council permissions wrong")
		}
		if us, _ := s.FindUsers(ctx, flen.ID); len(us) != 0 {
			t.Errorf("Flen sees %d Katrineholm users", len(us))
		}

		// Sessions: idle and absolute limits, and disabling ends them.
		if _, err := s.CreateSession(ctx, u.ID, "hash1", 12*time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, su, err := s.SessionUser(ctx, "hash1", 4*time.Hour); err != nil || su.ID != u.ID {
			t.Fatalf("SessionUser = %v, %v", su, err)
		}
		now = now.Add(3 * time.Hour)
		if _, _, err := s.SessionUser(ctx, "hash1", 4*time.Hour); err != nil {
			t.Fatalf("within idle: %v", err)
		}
		now = now.Add(3 * time.Hour) // seen 3 h ago: still fine
		if _, _, err := s.SessionUser(ctx, "hash1", 4*time.Hour); err != nil {
			t.Fatalf("within idle after touch: %v", err)
		}
		now = now.Add(7 * time.Hour) // 13 h after creation: past absolute
		if _, _, err := s.SessionUser(ctx, "hash1", 24*time.Hour); app.ErrorCode(err) != app.EUNAUTHENTICATED {
			t.Errorf("past absolute limit: %v", err)
		}
		s.CreateSession(ctx, u.ID, "hash2", 12*time.Hour)
		if err := s.SetUserStatus(ctx, kat.ID, u.ID, app.UserDisabled); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionUser(ctx, "hash2", time.Hour); app.ErrorCode(err) != app.EUNAUTHENTICATED {
			t.Errorf("disabled user's session: %v", err)
		}

		// Password reset: once, before expiry.
		if err := s.CreatePasswordReset(ctx, u.ID, "reset1", time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPassword(ctx, "reset1", "newhash"); err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPassword(ctx, "reset1", "again"); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("reset reused: %v", err)
		}
		s.CreatePasswordReset(ctx, u.ID, "reset2", time.Hour)
		now = now.Add(2 * time.Hour)
		if err := s.ResetPassword(ctx, "reset2", "late"); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("expired reset: %v", err)
		}

		// Tokens are per tenant; revoking another tenant's is not found.
		tok := &app.Token{TenantID: kat.ID, Name: "GIS", Role: app.RoleCouncil}
		if err := s.CreateToken(ctx, tok, "tokhash"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.TokenByHash(ctx, "tokhash"); err != nil || got.TenantID != kat.ID || got.Role != app.RoleCouncil {
			t.Fatalf("TokenByHash = %+v, %v", got, err)
		}
		if err := s.RevokeToken(ctx, flen.ID, tok.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("revoke through another tenant: %v", err)
		}
		if err := s.RevokeToken(ctx, kat.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenByHash(ctx, "tokhash"); app.ErrorCode(err) != app.EUNAUTHENTICATED {
			t.Errorf("revoked token still works: %v", err)
		}

		// Everything above is in the audit log, in the right tenant.
		entries, total, err := sqlstore.NewAuditService(db).FindAudit(ctx, kat.ID, app.AuditFilter{Action: "token."})
		if err != nil || total != 2 || entries[0].Action != "token.revoke" {
			t.Errorf("audit token entries = %d, %v", total, err)
		}
		if _, n, _ := sqlstore.NewAuditService(db).FindAudit(ctx, flen.ID, app.AuditFilter{Action: "token."}); n != 0 {
			t.Errorf("Flen's log has %d of Katrineholm's token entries", n)
		}
	})
}
