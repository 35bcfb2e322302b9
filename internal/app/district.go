package app

import (
	"context"
	"encoding/json"
)

// District is a stadsdel or delområde of a tenant: a polygon with a
// population, used to place incidents and measures and to compare priority
// districts with the rest.
type District struct {
	ID       int64  `json:"-"`
	TenantID int64  `json:"-"`
	Key      string `json:"key"`  // stable slug, e.g. "navertorp"
	Name     string `json:"name"` // "Nävertorp"
	// Geometry is a GeoJSON Polygon or MultiPolygon in WGS84.
	Geometry json.RawMessage `json:"geometry"`
	// BBox is [minLon, minLat, maxLon, maxLat]; stored so that stores can
	// prefilter candidates before the exact point-in-polygon test.
	BBox       [4]float64 `json:"bbox"`
	Population int        `json:"population"` // 0 when unknown
	Priority   bool       `json:"priority"`   // a priority district of the promise
	// Approximate marks polygons drawn by hand for the demo, not surveyed or
	// taken from SCB; pages say so wherever they are shown.
	Approximate bool   `json:"approximate"`
	Source      string `json:"source"`
}

// DistrictService manages districts and the gazetteer that names places
// in them.
type DistrictService interface {
	// FindDistricts returns a tenant's districts ordered by name.
	FindDistricts(ctx context.Context, tenantID int64) ([]*District, error)
	// ImportDistricts adds the districts, all or nothing. A district whose
	// key exists with the same name, boundary and population is left as it
	// is (re-importing a file changes nothing); one that differs is
	// ECONFLICT unless replace is set, which also removes districts not in
	// the file (EINVALID if something still refers to them).
	ImportDistricts(ctx context.Context, tenantID int64, ds []*District, replace bool) (ImportResult, error)
	// FindGazetteer returns the tenant's place names.
	FindGazetteer(ctx context.Context, tenantID int64) (*Gazetteer, error)
}

// ImportResult counts what an import did.
type ImportResult struct {
	Added, Updated, Unchanged, Removed int
}

// Gazetteer is a tenant's list of place names and the districts they are
// in, for texts that have no coordinates, and phrases that must never be
// read as a place (such as "Södermanlands län").
type Gazetteer struct {
	Entries    []GazetteerEntry `json:"entries"`
	Exclusions []string         `json:"exclusions"`
}

// GazetteerEntry is one place name with its spelling variants.
type GazetteerEntry struct {
	Name     string   `json:"name"`
	District string   `json:"district"` // district key
	Variants []string `json:"variants,omitempty"`
}
