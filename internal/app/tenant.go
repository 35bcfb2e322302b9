package app

import (
	"context"
	"regexp"
	"time"
)

// Tenant is one kommun (with its local police area) using the installation.
// Everything non-public belongs to exactly one tenant.
type Tenant struct {
	ID         int64     `json:"-"`
	Slug       string    `json:"slug"`        // URL name, e.g. "katrineholm"
	Name       string    `json:"name"`        // "Katrineholms kommun"
	KommunCode string    `json:"kommun_code"` // SCB code, four digits, e.g. "0483"
	PoliceArea string    `json:"police_area"` // lokalpolisområde
	Population int       `json:"population"`  // inhabitants, from SCB; 0 when unknown
	CreatedAt  time.Time `json:"created_at"`
}

var (
	slugRE       = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)
	kommunCodeRE = regexp.MustCompile(`^[0-9]{4}$`)
)

// reservedSlugs are first path segments the application uses itself.
var reservedSlugs = map[string]bool{
	"admin": true, "api": true, "static": true, "healthz": true, "login": true, "logout": true,
	"open311": true, "konto": true, "account": true, "assets": true,
}

// Validate reports the first invalid field of t.
func (t *Tenant) Validate() error {
	switch {
	case reservedSlugs[t.Slug]:
		return FieldErrorf("slug", "Kortnamnet %q är reserverat.", t.Slug)
	case !slugRE.MatchString(t.Slug):
		return FieldErrorf("slug", "Kortnamnet får bara innehålla a–z, 0–9 och bindestreck (högst 40 tecken).")
	case t.Name == "" || len(t.Name) > 200:
		return FieldErrorf("name", "Namnet måste anges (högst 200 tecken).")
	case !kommunCodeRE.MatchString(t.KommunCode):
		return FieldErrorf("kommun_code", "Kommunkoden ska vara fyra siffror, t.ex. 0483.")
	case len(t.PoliceArea) > 200:
		return FieldErrorf("police_area", "Lokalpolisområdet får vara högst 200 tecken.")
	case t.Population < 0:
		return FieldErrorf("population", "Folkmängden kan inte vara negativ.")
	}
	return nil
}

// TenantService manages tenants.
type TenantService interface {
	// FindTenants returns all tenants ordered by name.
	FindTenants(ctx context.Context) ([]*Tenant, error)
	// FindTenantBySlug returns ENOTFOUND if no tenant has the slug.
	FindTenantBySlug(ctx context.Context, slug string) (*Tenant, error)
	// CreateTenant returns EINVALID or ECONFLICT (slug or kommun code taken).
	CreateTenant(ctx context.Context, t *Tenant) error
	// UpdateTenant changes the tenant's settings; EINVALID, ENOTFOUND.
	UpdateTenant(ctx context.Context, id int64, upd TenantUpdate) (*Tenant, error)
}

// TenantUpdate holds the settings a tenant admin may change; nil fields
// are left as they are. Slug and kommun code are fixed once created.
type TenantUpdate struct {
	Name       *string
	PoliceArea *string
	Population *int
}
