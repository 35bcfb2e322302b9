package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/gazetteer"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

var cmdImport = subcommands("import", map[string]func(context.Context, env, []string) error{
	"districts": importDistricts,
	"incidents": importIncidents,
	"bra":       importBra,
	"police":    importPolice,
	"survey":    importSurvey,
})

// populationProperties are the feature properties read as the district's
// population, in order.
var populationProperties = []string{"population", "folkmangd", "folkmängd", "befolkning", "inv"}

// importDistricts loads a GeoJSON file of districts (WGS84, SWEREF 99 TM or
// a local SWEREF 99 zone) into a tenant, all or nothing.
func importDistricts(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import districts")
	tenant := tenantFlag(fs)
	nameProp := fs.String("name-property", "name", "egenskapen med områdets namn / the property holding the district name")
	crs := fs.Int("crs", 0, "EPSG-kod om filen saknar crs / EPSG code if the file has no crs member (4326, 3006, 3010 …)")
	replace := fs.Bool("replace", false, "ersätt ändrade områden och ta bort de som saknas i filen / replace changed districts, remove missing ones")
	dsn := dbFlag(fs, e)
	file, err := fileArg(e, fs, args, "trygg import districts FILE.geojson --tenant SLUG [--name-property P] [--crs N] [--replace]")
	if err != nil {
		return err
	}
	if err := required(fs, "tenant"); err != nil {
		return err
	}
	ds, err := readDistrictFile(file, *nameProp, *crs)
	if err != nil {
		return err
	}
	ctx, db, t, err := openTenant(ctx, e, *dsn, *tenant)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := sqlstore.NewDistrictService(db).ImportDistricts(ctx, t.ID, ds, *replace)
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	fmt.Fprintf(e.stdout, "%s: %d nya, %d ändrade, %d oförändrade, %d borttagna / %d added, %d updated, %d unchanged, %d removed\n",
		file, res.Added, res.Updated, res.Unchanged, res.Removed, res.Added, res.Updated, res.Unchanged, res.Removed)
	return nil
}

// readDistrictFile reads and checks a district file before the database
// is touched, so that a broken file changes nothing.
func readDistrictFile(path, nameProp string, crs int) ([]*app.District, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	features, err := geo.ReadFeatures(f, geo.LoadOptions{NameProperty: nameProp, CRS: crs})
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	var out []*app.District
	for i, ft := range features {
		g, err := ft.Geometry.MarshalGeoJSON()
		if err != nil {
			return nil, err
		}
		b := ft.Geometry.BBox()
		d := &app.District{Key: ft.Key, Name: ft.Name, Geometry: g, BBox: [4]float64{b.MinLon, b.MinLat, b.MaxLon, b.MaxLat},
			Source: "import " + filepath.Base(path)}
		for _, p := range populationProperties {
			v, ok := ft.Properties[p]
			if !ok {
				continue
			}
			n, ok := v.(float64)
			if !ok || n < 0 || n != float64(int(n)) {
				return nil, fmt.Errorf("import %s: feature %d (%q): property %s = %v is not a whole number", path, i, ft.Name, p, v)
			}
			d.Population = int(n)
			break
		}
		out = append(out, d)
	}
	return out, nil
}

// cmdDistricts lists a tenant's districts with area and population.
func cmdDistricts(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "districts")
	tenant := tenantFlag(fs)
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		t, err := findTenant(ctx, db, fs, *tenant)
		if err != nil {
			return err
		}
		ds, err := sqlstore.NewDistrictService(db).FindDistricts(ctx, t.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "KEY\tNAME\tAREA_KM2\tPOPULATION\tPRIORITY\tAPPROXIMATE\t")
		for _, d := range ds {
			m, err := geo.ParseGeometry(d.Geometry)
			if err != nil {
				return fmt.Errorf("district %s: %w", d.Key, err)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%d\t%t\t%t\t\n", d.Key, d.Name, m.Area()/1e6, d.Population, d.Priority, d.Approximate)
		}
		return tw.Flush()
	})
}

// cmdPlace tells which district a text names, through the tenant's
// gazetteer: the same answer the police importer uses.
func cmdPlace(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "place")
	tenant := tenantFlag(fs)
	text := fs.String("text", "", "texten / the text, e.g. a police notice (required)")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		t, err := findTenant(ctx, db, fs, *tenant)
		if err != nil {
			return err
		}
		if err := required(fs, "text"); err != nil {
			return err
		}
		g, err := tenantGazetteer(ctx, db, t.ID)
		if err != nil {
			return err
		}
		for _, m := range g.Find(*text) {
			fmt.Fprintf(e.stdout, "%q → %s (%s)\n", m.Text, m.District, m.Name)
		}
		if d, ok := g.District(*text); ok {
			fmt.Fprintf(e.stdout, "område / district: %s\n", d)
		} else {
			fmt.Fprintln(e.stdout, "område / district: (hela kommunen / kommun-wide)")
		}
		return nil
	})
}

// tenantGazetteer builds the matcher from the tenant's stored list.
func tenantGazetteer(ctx context.Context, db *sqlstore.DB, tenantID int64) (*gazetteer.Gazetteer, error) {
	stored, err := sqlstore.NewDistrictService(db).FindGazetteer(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if len(stored.Entries) == 0 {
		return nil, errors.New("the tenant has no gazetteer")
	}
	entries := make([]gazetteer.Entry, len(stored.Entries))
	for i, s := range stored.Entries {
		entries[i] = gazetteer.Entry{Name: s.Name, District: s.District, Variants: s.Variants}
	}
	return gazetteer.New(entries, stored.Exclusions)
}
