package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// UserService implements app.UserService plus sessions, password resets
// and API tokens. Tokens reach it already hashed: the store never sees a
// usable secret.
type UserService struct{ db *DB }

// NewUserService returns a UserService on db.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

var _ app.UserService = (*UserService)(nil)

const userColumns = "id, email, name, password_hash, status, superadmin, created_at"

func scanUser(s interface{ Scan(...any) error }) (*app.User, error) {
	var u app.User
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Status, &u.Superadmin, &u.CreatedAt)
	return &u, err
}

// CreateUser returns EINVALID or ECONFLICT (e-mail taken).
func (s *UserService) CreateUser(ctx context.Context, u *app.User) error {
	u.Email = app.NormalizeEmail(u.Email)
	if u.Status == "" {
		u.Status = app.UserActive
	}
	if err := u.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createUser(ctx, tx, u); err != nil {
		return err
	}
	return tx.Commit()
}

func createUser(ctx context.Context, tx *Tx, u *app.User) error {
	u.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO users (email, name, password_hash, status, superadmin, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, u.Email, u.Name, u.PasswordHash, u.Status, u.Superadmin, u.CreatedAt)
	if app.ErrorCode(err) == app.ECONFLICT {
		return &app.Error{Code: app.ECONFLICT, Field: "email", Message: "Det finns redan en användare med den e-postadressen."}
	} else if err != nil {
		return fmt.Errorf("sqlstore: create user: %w", err)
	}
	u.ID = id
	return appendAudit(ctx, tx, &app.AuditEntry{Action: "user.create", Entity: "user", EntityID: u.Email}, nil, u)
}

// FindUserByEmail returns ENOTFOUND.
func (s *UserService) FindUserByEmail(ctx context.Context, email string) (*app.User, error) {
	return s.findUser(ctx, "email = ?", app.NormalizeEmail(email))
}

// FindUserByID returns ENOTFOUND.
func (s *UserService) FindUserByID(ctx context.Context, id int64) (*app.User, error) {
	return s.findUser(ctx, "id = ?", id)
}

func (s *UserService) findUser(ctx context.Context, where string, arg any) (*app.User, error) {
	u, err := scanUser(s.db.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE "+where, arg))
	if err != nil {
		if err := mapErr(err); app.ErrorCode(err) == app.ENOTFOUND {
			return nil, app.Errorf(app.ENOTFOUND, "Användaren finns inte.")
		}
		return nil, fmt.Errorf("sqlstore: find user: %w", err)
	}
	if err := s.attachMemberships(ctx, []*app.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// FindUsers returns the users with a role in the tenant, or all users if
// tenantID is 0, ordered by e-mail.
func (s *UserService) FindUsers(ctx context.Context, tenantID int64) ([]*app.User, error) {
	q := "SELECT " + userColumns + " FROM users ORDER BY email"
	var args []any
	if tenantID != 0 {
		q = "SELECT " + userColumns + " FROM users WHERE id IN (SELECT user_id FROM memberships WHERE tenant_id = ?) ORDER BY email"
		args = append(args, tenantID)
	}
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find users: %w", err)
	}
	defer rows.Close()
	var out []*app.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: find users: %w", err)
	}
	rows.Close()
	return out, s.attachMemberships(ctx, out)
}

func (s *UserService) attachMemberships(ctx context.Context, users []*app.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*app.User{}
	for _, u := range users {
		byID[u.ID] = u
		u.Memberships = nil
	}
	rows, err := s.db.query(ctx, `SELECT m.user_id, m.tenant_id, t.slug, t.name, m.role FROM memberships m
		JOIN tenants t ON t.id = m.tenant_id ORDER BY t.name, m.role`)
	if err != nil {
		return fmt.Errorf("sqlstore: memberships: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var m app.Membership
		if err := rows.Scan(&uid, &m.TenantID, &m.TenantSlug, &m.TenantName, &m.Role); err != nil {
			return fmt.Errorf("sqlstore: memberships: %w", err)
		}
		if u := byID[uid]; u != nil {
			u.Memberships = append(u.Memberships, m)
		}
	}
	return rows.Err()
}

// GrantRole gives the user a role in the tenant; ECONFLICT if held.
func (s *UserService) GrantRole(ctx context.Context, userID, tenantID int64, r app.Role) error {
	if !r.Valid() {
		return app.FieldErrorf("role", "Okänd roll %q.", r)
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return grantRole(ctx, tx, userID, tenantID, r) })
}

func grantRole(ctx context.Context, tx *Tx, userID, tenantID int64, r app.Role) error {
	_, err := tx.exec(ctx, "INSERT INTO memberships (user_id, tenant_id, role) VALUES (?, ?, ?)", userID, tenantID, r)
	if err := mapErr(err); app.ErrorCode(err) == app.ECONFLICT {
		return app.Errorf(app.ECONFLICT, "Användaren har redan rollen.")
	} else if err != nil {
		return fmt.Errorf("sqlstore: grant role: %w", err)
	}
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "user.grant", Entity: "user", EntityID: fmt.Sprint(userID)},
		nil, map[string]any{"role": r})
}

// RevokeRole removes the user's role in the tenant; ENOTFOUND if not held.
func (s *UserService) RevokeRole(ctx context.Context, userID, tenantID int64, r app.Role) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM memberships WHERE user_id = ? AND tenant_id = ? AND role = ?", userID, tenantID, r)
		if err != nil {
			return fmt.Errorf("sqlstore: revoke role: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "Användaren har inte rollen.")
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "user.revoke", Entity: "user", EntityID: fmt.Sprint(userID)},
			map[string]any{"role": r}, nil)
	})
}

// SetUserStatus disables or enables a user. Disabling ends every session
// in the same transaction, so a disabled user's open browser is signed out.
// tenantID names the tenant whose admin acted (0: installation-wide), for
// the audit log.
func (s *UserService) SetUserStatus(ctx context.Context, tenantID, userID int64, status string) error {
	if status != app.UserActive && status != app.UserDisabled {
		return app.FieldErrorf("status", "Okänd status %q.", status)
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		var before string
		if err := tx.queryRow(ctx, "SELECT status FROM users WHERE id = ?", userID).Scan(&before); err != nil {
			return mapErr(err)
		}
		if _, err := tx.exec(ctx, "UPDATE users SET status = ? WHERE id = ?", status, userID); err != nil {
			return fmt.Errorf("sqlstore: set user status: %w", err)
		}
		if status == app.UserDisabled {
			if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
				return fmt.Errorf("sqlstore: end sessions: %w", err)
			}
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: nullTenant(tenantID), Action: "user.status", Entity: "user", EntityID: fmt.Sprint(userID)},
			map[string]string{"status": before}, map[string]string{"status": status})
	})
}

// SetPassword stores a new hash and ends the user's sessions except
// keepSession (the one that changed it; 0 for none).
func (s *UserService) SetPassword(ctx context.Context, userID int64, hash string, keepSession int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error { return setPassword(ctx, tx, userID, hash, keepSession, "user.password") })
}

func setPassword(ctx context.Context, tx *Tx, userID int64, hash string, keepSession int64, action string) error {
	res, err := tx.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	if err != nil {
		return fmt.Errorf("sqlstore: set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return app.Errorf(app.ENOTFOUND, "Användaren finns inte.")
	}
	if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", userID, keepSession); err != nil {
		return fmt.Errorf("sqlstore: end sessions: %w", err)
	}
	// The hash itself never goes into the audit log.
	return appendAudit(ctx, tx, &app.AuditEntry{Action: action, Entity: "user", EntityID: fmt.Sprint(userID)}, nil, nil)
}

// RehashPassword replaces a hash made with old parameters, at sign-in. It
// is not a change by the user, so sessions stay and nothing is audited.
func (s *UserService) RehashPassword(ctx context.Context, userID int64, hash string) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
		return err
	})
}

// CreateSession stores a session for the token hash, valid until
// now+absolute.
func (s *UserService) CreateSession(ctx context.Context, userID int64, tokenHash string, absolute time.Duration) (*app.Session, error) {
	var sess *app.Session
	err := s.db.inTx(ctx, func(tx *Tx) error {
		sess = &app.Session{UserID: userID, CreatedAt: tx.now, LastSeenAt: tx.now, ExpiresAt: tx.now.Add(absolute)}
		var err error
		sess.ID, err = tx.insert(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, tokenHash, userID, sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: create session: %w", err)
	}
	return sess, nil
}

// SessionUser returns the session with the token hash and its user if the
// session is within its absolute and idle limits and the user is active,
// and marks it seen. Otherwise EUNAUTHENTICATED, and a stale session is
// deleted.
func (s *UserService) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (*app.Session, *app.User, error) {
	var sess app.Session
	var status string
	err := s.db.queryRow(ctx, `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, u.status
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&sess.ID, &sess.UserID, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt, &status)
	unauth := app.Errorf(app.EUNAUTHENTICATED, "Logga in / Sign in.")
	if err == sql.ErrNoRows {
		return nil, nil, unauth
	} else if err != nil {
		return nil, nil, fmt.Errorf("sqlstore: session: %w", err)
	}
	now := s.db.Now().UTC()
	if status != app.UserActive || now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > idle {
		s.DeleteSession(ctx, tokenHash)
		return nil, nil, unauth
	}
	// Writing last_seen on every request would serialise all page views
	// behind SQLite's one writer; a minute's precision is enough for an
	// idle limit counted in hours.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.db.inTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", tx.now, sess.ID)
			return err
		}); err != nil {
			return nil, nil, fmt.Errorf("sqlstore: touch session: %w", err)
		}
	}
	u, err := s.FindUserByID(ctx, sess.UserID)
	if err != nil {
		return nil, nil, err
	}
	return &sess, u, nil
}

// DeleteSession ends the session with the token hash (sign-out).
func (s *UserService) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
		return err
	})
}

// CreatePasswordReset stores a one-time reset token hash for the user,
// valid for ttl.
func (s *UserService) CreatePasswordReset(ctx context.Context, userID int64, tokenHash string, ttl time.Duration) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.insert(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, tx.now, tx.now.Add(ttl)); err != nil {
			return fmt.Errorf("sqlstore: create reset: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{Action: "user.reset_link", Entity: "user", EntityID: fmt.Sprint(userID)}, nil, nil)
	})
}

// ResetPassword uses the reset token: sets the new hash, marks the token
// used and ends every session of the user. EINVALID if the token is
// unknown, used or expired.
func (s *UserService) ResetPassword(ctx context.Context, tokenHash, newHash string) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		var id, userID int64
		err := tx.queryRow(ctx, `SELECT id, user_id FROM password_resets
			WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, tokenHash, tx.now).Scan(&id, &userID)
		if err == sql.ErrNoRows {
			return app.Errorf(app.EINVALID, "Länken är ogiltig eller har redan använts / The link is invalid or already used.")
		} else if err != nil {
			return fmt.Errorf("sqlstore: reset: %w", err)
		}
		if _, err := tx.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE id = ?", tx.now, id); err != nil {
			return fmt.Errorf("sqlstore: reset: %w", err)
		}
		return setPassword(ctx, tx, userID, newHash, 0, "user.password_reset")
	})
}

// inTx runs fn in a write transaction and commits if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.beginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func nullTenant(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
