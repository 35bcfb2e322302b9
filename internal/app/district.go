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

// DistrictService manages districts.
type DistrictService interface {
	// FindDistricts returns a tenant's districts ordered by name.
	FindDistricts(ctx context.Context, tenantID int64) ([]*District, error)
}
