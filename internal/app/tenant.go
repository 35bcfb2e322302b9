package app

import (
	"context"
	"regexp"
	"strings"
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
	// MeasureTypes are the types of measure the tenant adds to the
	// built-in MeasureTypes, by name.
	MeasureTypes []string `json:"measure_types,omitempty"`
}

// AllMeasureTypes are the built-in types and the tenant's own.
func (t *Tenant) AllMeasureTypes() []string {
	return append(append([]string{}, MeasureTypes...), t.MeasureTypes...)
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
	case len(t.MeasureTypes) > 50:
		return FieldErrorf("measure_types", "Högst 50 egna åtgärdstyper.")
	}
	seen := map[string]bool{}
	for _, mt := range MeasureTypes {
		seen[mt] = true
	}
	for _, mt := range t.MeasureTypes {
		if mt = strings.TrimSpace(mt); mt == "" || len(mt) > 60 || seen[mt] {
			return FieldErrorf("measure_types", "Varje egen åtgärdstyp ska ha ett namn (högst 60 tecken) och finnas en gång: %q.", mt)
		}
		seen[mt] = true
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
	Name         *string
	PoliceArea   *string
	Population   *int
	MeasureTypes *[]string
}
