package sqlstore

import (
	"context"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
)

// DistrictService implements app.DistrictService.
type DistrictService struct{ db *DB }

// NewDistrictService returns a DistrictService on db.
func NewDistrictService(db *DB) *DistrictService { return &DistrictService{db: db} }

var _ app.DistrictService = (*DistrictService)(nil)

// FindDistricts returns a tenant's districts ordered by name.
func (s *DistrictService) FindDistricts(ctx context.Context, tenantID int64) ([]*app.District, error) {
	rows, err := s.db.query(ctx, `SELECT id, tenant_id, key, name, geometry, min_lon, min_lat, max_lon, max_lat,
		population, priority, approximate, source FROM districts WHERE tenant_id = ? ORDER BY name`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find districts: %w", err)
	}
	defer rows.Close()
	var out []*app.District
	for rows.Next() {
		var d app.District
		var geom string
		if err := rows.Scan(&d.ID, &d.TenantID, &d.Key, &d.Name, &geom, &d.BBox[0], &d.BBox[1], &d.BBox[2], &d.BBox[3],
			&d.Population, &d.Priority, &d.Approximate, &d.Source); err != nil {
			return nil, fmt.Errorf("sqlstore: find districts: %w", err)
		}
		d.Geometry = []byte(geom)
		out = append(out, &d)
	}
	return out, rows.Err()
}

func createDistrict(ctx context.Context, tx *Tx, d *app.District) error {
	id, err := tx.insert(ctx, `INSERT INTO districts (tenant_id, key, name, geometry, min_lon, min_lat, max_lon, max_lat,
		population, priority, approximate, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.TenantID, d.Key, d.Name, string(d.Geometry), d.BBox[0], d.BBox[1], d.BBox[2], d.BBox[3],
		d.Population, d.Priority, d.Approximate, d.Source)
	if err != nil {
		return fmt.Errorf("sqlstore: create district %q: %w", d.Key, err)
	}
	d.ID = id
	return nil
}
