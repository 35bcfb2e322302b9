package main

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/kommun"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// cmdGen makes the synthetic national data set for benchmarks and load
// tests: tenants named after the kommuner, each with six districts and its
// share of the incidents, imported through the same enrichment and store
// as a real import. Every tenant, district and incident says synthetic.
func cmdGen(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "gen")
	tenants := fs.Int("tenants", 290, "antal kommuner / tenants")
	incidents := fs.Int("incidents", 100000, "antal händelser totalt / incidents in all")
	years := fs.Int("years", 5, "år bakåt från 2025 / years back from 2025")
	seed := fs.Uint64("seed", 1, "slumpfrö / random seed")
	dsn := dbFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if nk := len(kommun.All()); *tenants < 1 || *tenants > nk || *incidents < 0 || *incidents > 100_000_000 || *years < 1 || *years > 30 {
		return fmt.Errorf("--tenants 1–%d (one per kommun), --incidents 0–100000000 and --years 1–30", nk)
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = cliActor(ctx, e)
	set := demo.National(*tenants, *seed)
	total := 0.0
	for _, t := range set {
		total += t.Weight
	}
	start, done := time.Now(), 0
	for i, nt := range set {
		t := nt.Tenant
		if err := sqlstore.NewTenantService(db).CreateTenant(ctx, &t); err != nil {
			return fmt.Errorf("tenant %s: %w (gen wants a database without its tenants)", t.Slug, err)
		}
		if _, err := sqlstore.NewDistrictService(db).ImportDistricts(ctx, t.ID, nt.Districts, false); err != nil {
			return fmt.Errorf("tenant %s districts: %w", t.Slug, err)
		}
		en, err := tenantEnricher(ctx, db, &t)
		if err != nil {
			return err
		}
		n := int(float64(*incidents) * nt.Weight / total)
		if i == len(set)-1 {
			n = *incidents - done
		}
		enriched := func(yield func(*app.Incident, error) bool) {
			for inc, err := range demo.NationalIncidents(nt, n, *years, *seed) {
				if err == nil {
					en.Enrich(inc)
				}
				if !yield(inc, err) {
					return
				}
			}
		}
		if _, err := sqlstore.NewIncidentService(db).UpsertIncidents(ctx, t.ID, iter.Seq2[*app.Incident, error](enriched)); err != nil {
			return fmt.Errorf("tenant %s incidents: %w", t.Slug, err)
		}
		done += n
	}
	el := time.Since(start)
	fmt.Fprintf(e.stdout, "%d syntetiska kommuner, %d händelser / %d synthetic tenants, %d incidents in %s (%.0f rows/s)\n",
		len(set), done, len(set), done, el.Round(time.Second), float64(done)/el.Seconds())
	return nil
}
