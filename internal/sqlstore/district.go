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

// ImportDistricts adds or replaces districts in one transaction; see
// app.DistrictService.
func (s *DistrictService) ImportDistricts(ctx context.Context, tenantID int64, ds []*app.District, replace bool) (app.ImportResult, error) {
	var res app.ImportResult
	seen := map[string]bool{}
	for i, d := range ds {
		switch {
		case d.Key == "" || d.Name == "":
			return res, app.Errorf(app.EINVALID, "Område %d saknar namn / district %d has no name.", i+1, i+1)
		case seen[d.Key]:
			return res, app.Errorf(app.EINVALID, "Området %q finns två gånger i filen / district %q appears twice.", d.Name, d.Name)
		case len(d.Geometry) == 0:
			return res, app.Errorf(app.EINVALID, "Området %q saknar geometri / district %q has no geometry.", d.Name, d.Name)
		}
		seen[d.Key] = true
	}
	existing, err := s.FindDistricts(ctx, tenantID)
	if err != nil {
		return res, err
	}
	byKey := map[string]*app.District{}
	for _, d := range existing {
		byKey[d.Key] = d
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		for _, d := range ds {
			d.TenantID = tenantID
			old := byKey[d.Key]
			switch {
			case old == nil:
				if err := createDistrict(ctx, tx, d); err != nil {
					return err
				}
				res.Added++
			case old.Name == d.Name && string(old.Geometry) == string(d.Geometry) && old.Population == d.Population:
				res.Unchanged++
			case !replace:
				return app.Errorf(app.ECONFLICT, "Området %q finns redan med andra gränser; använd --replace för att ersätta / district %q exists with other boundaries; use --replace.", d.Name, d.Name)
			default:
				if _, err := tx.exec(ctx, `UPDATE districts SET name = ?, geometry = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ?,
					population = ?, approximate = ?, source = ? WHERE id = ?`, d.Name, string(d.Geometry), d.BBox[0], d.BBox[1], d.BBox[2], d.BBox[3],
					d.Population, d.Approximate, d.Source, old.ID); err != nil {
					return fmt.Errorf("sqlstore: update district %q: %w", d.Key, err)
				}
				res.Updated++
			}
		}
		if replace {
			for _, old := range existing {
				if seen[old.Key] {
					continue
				}
				if err := deleteDistrict(ctx, tx, old); err != nil {
					return err
				}
				res.Removed++
			}
		}
		if res.Added+res.Updated+res.Removed == 0 {
			return nil // nothing changed: nothing to audit
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "districts.import", Entity: "district"}, nil, res)
	})
	return res, err
}

// deleteDistrict removes a district that nothing refers to; otherwise it
// says what still uses it.
func deleteDistrict(ctx context.Context, tx *Tx, d *app.District) error {
	for _, ref := range []struct{ table, what string }{
		{"promise_districts", "ett medborgarlöfte / a promise"},
		{"measures", "åtgärder / measures"},
		{"incidents", "händelser / incidents"},
		{"gazetteer_entries", "ortnamnslistan / the gazetteer"},
		{"patrol_districts", "patrullering / patrols"},
		{"walks", "trygghetsvandringar / safety walks"},
		{"dialogue_places", "medborgardialoger / citizen dialogues"},
	} {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM "+ref.table+" WHERE district_id = ?", d.ID).Scan(&n); err != nil {
			return fmt.Errorf("sqlstore: district references: %w", err)
		}
		if n > 0 {
			return app.Errorf(app.EINVALID, "Området %q saknas i filen men används av %s; ta med det i filen / district %q is missing from the file but still used.", d.Name, ref.what, d.Name)
		}
	}
	if _, err := tx.exec(ctx, "DELETE FROM districts WHERE id = ?", d.ID); err != nil {
		return fmt.Errorf("sqlstore: delete district %q: %w", d.Key, err)
	}
	return nil
}

// FindGazetteer returns the tenant's place names and exclusions.
func (s *DistrictService) FindGazetteer(ctx context.Context, tenantID int64) (*app.Gazetteer, error) {
	g := &app.Gazetteer{}
	rows, err := s.db.query(ctx, `SELECT g.name, d.key, g.variants FROM gazetteer_entries g
		JOIN districts d ON d.id = g.district_id WHERE g.tenant_id = ? ORDER BY g.id`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: gazetteer: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e app.GazetteerEntry
		if err := rows.Scan(&e.Name, &e.District, jsonCol{&e.Variants}); err != nil {
			return nil, fmt.Errorf("sqlstore: gazetteer: %w", err)
		}
		g.Entries = append(g.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	ex, err := s.db.query(ctx, "SELECT phrase FROM gazetteer_exclusions WHERE tenant_id = ? ORDER BY phrase", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: gazetteer: %w", err)
	}
	defer ex.Close()
	for ex.Next() {
		var p string
		if err := ex.Scan(&p); err != nil {
			return nil, err
		}
		g.Exclusions = append(g.Exclusions, p)
	}
	return g, ex.Err()
}

// createGazetteer stores g for the tenant; districtIDs maps keys to ids.
func createGazetteer(ctx context.Context, tx *Tx, tenantID int64, g app.Gazetteer, districtIDs map[string]int64) error {
	for _, e := range g.Entries {
		id, ok := districtIDs[e.District]
		if !ok {
			return app.Errorf(app.EINVALID, "Ortnamnet %q pekar på ett okänt område %q.", e.Name, e.District)
		}
		if _, err := tx.insert(ctx, "INSERT INTO gazetteer_entries (tenant_id, name, district_id, variants) VALUES (?, ?, ?, ?)",
			tenantID, e.Name, id, mustJSON(e.Variants)); err != nil {
			return fmt.Errorf("sqlstore: gazetteer %q: %w", e.Name, err)
		}
	}
	for _, p := range g.Exclusions {
		if _, err := tx.exec(ctx, "INSERT INTO gazetteer_exclusions (tenant_id, phrase) VALUES (?, ?) ON CONFLICT DO NOTHING", tenantID, p); err != nil {
			return fmt.Errorf("sqlstore: gazetteer exclusion %q: %w", p, err)
		}
	}
	return nil
}
