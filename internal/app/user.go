package app

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// User statuses. A disabled user cannot sign in, and their sessions and
// tokens stop working at once.
const (
	UserActive   = "active"
	UserDisabled = "disabled"
)

// User is a person who signs in to the back office. Citizens never need one.
type User struct {
	ID           int64        `json:"id"`
	Email        string       `json:"email"`
	Name         string       `json:"name"`
	PasswordHash string       `json:"-"`
	Status       string       `json:"status"`
	Superadmin   bool         `json:"superadmin"`
	CreatedAt    time.Time    `json:"created_at"`
	Memberships  []Membership `json:"memberships"`
}

// Membership is a user's role in one tenant.
type Membership struct {
	TenantID   int64  `json:"-"`
	TenantSlug string `json:"tenant"`
	TenantName string `json:"tenant_name"`
	Role       Role   `json:"role"`
}

// NormalizeEmail lower-cases and trims an address; e-mail is the sign-in
// name and compared in this form.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate reports the first invalid field of u.
func (u *User) Validate() error {
	a, err := mail.ParseAddress(u.Email)
	switch {
	case err != nil || a.Address != u.Email || len(u.Email) > 254:
		return FieldErrorf("email", "Ogiltig e-postadress.")
	case strings.TrimSpace(u.Name) == "" || len(u.Name) > 200:
		return FieldErrorf("name", "Namnet måste anges (högst 200 tecken).")
	case u.Status != UserActive && u.Status != UserDisabled:
		return FieldErrorf("status", "Okänd status %q.", u.Status)
	}
	return nil
}

// RoleIn returns the user's roles in a tenant.
func (u *User) RoleIn(tenantID int64) []Role {
	var rs []Role
	for _, m := range u.Memberships {
		if m.TenantID == tenantID {
			rs = append(rs, m.Role)
		}
	}
	return rs
}

// Can reports whether u has permission p in the tenant (tenantID 0 for
// installation-wide permissions).
func (u *User) Can(tenantID int64, p Permission) bool {
	switch {
	case u == nil || u.Status != UserActive:
		return false
	case p == PermPublic, p == PermSignedIn, u.Superadmin:
		return true
	case p == PermSuperadmin:
		return false
	}
	for _, r := range u.RoleIn(tenantID) {
		if r.Has(p) {
			return true
		}
	}
	return false
}

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	ID         int64
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end, whatever the activity
}

// Token is an API token for a machine client, scoped to one tenant and one
// role. Only its hash is stored; the token itself is shown once.
type Token struct {
	ID         int64      `json:"id"`
	TenantID   int64      `json:"-"`
	Name       string     `json:"name"`
	Role       Role       `json:"role"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Can reports whether the token grants p in its tenant.
func (t *Token) Can(tenantID int64, p Permission) bool {
	return t != nil && t.RevokedAt == nil && t.TenantID == tenantID && t.Role.Has(p)
}

// UserService manages users, sessions, password resets and API tokens.
// Every method that touches tenant data takes the tenant id and enforces
// it in its query.
type UserService interface {
	// CreateUser returns EINVALID or ECONFLICT (e-mail taken).
	CreateUser(ctx context.Context, u *User) error
	// FindUserByEmail returns ENOTFOUND.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers returns the users with a role in the tenant (all users if
	// tenantID is 0).
	FindUsers(ctx context.Context, tenantID int64) ([]*User, error)
	// GrantRole gives the user a role in the tenant; ECONFLICT if held.
	GrantRole(ctx context.Context, userID, tenantID int64, r Role) error
	// RevokeRole removes it; ENOTFOUND if not held.
	RevokeRole(ctx context.Context, userID, tenantID int64, r Role) error
	// SetUserStatus disables or enables a user; disabling ends every
	// session. tenantID is the acting admin's tenant, 0 installation-wide.
	SetUserStatus(ctx context.Context, tenantID, userID int64, status string) error
	// SetPassword stores a new hash and ends the user's other sessions.
	SetPassword(ctx context.Context, userID int64, hash string, keepSession int64) error
	// FindUserByID returns ENOTFOUND.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// RehashPassword replaces a hash made with old parameters at sign-in.
	RehashPassword(ctx context.Context, userID int64, hash string) error

	// CreateSession stores a session for a token hash, valid for absolute.
	CreateSession(ctx context.Context, userID int64, tokenHash string, absolute time.Duration) (*Session, error)
	// SessionUser returns a live session and its active user, or
	// EUNAUTHENTICATED.
	SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (*Session, *User, error)
	// DeleteSession ends a session.
	DeleteSession(ctx context.Context, tokenHash string) error

	// CreatePasswordReset stores a one-time reset token hash.
	CreatePasswordReset(ctx context.Context, userID int64, tokenHash string, ttl time.Duration) error
	// ResetPassword uses a reset token; EINVALID if unknown, used or expired.
	ResetPassword(ctx context.Context, tokenHash, newHash string) error

	// CreateToken stores an API token hash; EINVALID.
	CreateToken(ctx context.Context, t *Token, tokenHash string) error
	// TokenByHash returns a live token or EUNAUTHENTICATED.
	TokenByHash(ctx context.Context, tokenHash string) (*Token, error)
	// FindTokens returns a tenant's tokens.
	FindTokens(ctx context.Context, tenantID int64) ([]*Token, error)
	// RevokeToken returns ENOTFOUND unless the tenant has that live token.
	RevokeToken(ctx context.Context, tenantID, id int64) error
}
