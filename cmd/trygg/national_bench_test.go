package main

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/situation"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// BenchmarkNationalSituation asks the lägesbild question of the national
// set in TRYGG_BENCH_NATIONAL_DSN (made by `trygg gen`): one kommun's
// tertial, accepted incidents by district × focus area × darkness, for a
// random kommun and tertial each time, and reports the median and p95.
// Without the variable it skips: the set takes minutes to make.
func BenchmarkNationalSituation(b *testing.B) {
	dsn := os.Getenv("TRYGG_BENCH_NATIONAL_DSN")
	if dsn == "" {
		b.Skip("set TRYGG_BENCH_NATIONAL_DSN to a database made by trygg gen")
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tenants, err := sqlstore.NewTenantService(db).FindTenants(ctx)
	if err != nil || len(tenants) == 0 {
		b.Fatalf("no tenants: %v", err)
	}
	incidents := sqlstore.NewIncidentService(db)
	rng := rand.New(rand.NewPCG(1, 2))
	var took []time.Duration
	n := 0
	for b.Loop() {
		t := tenants[rng.IntN(len(tenants))]
		tt := app.Tertial{Year: 2021 + rng.IntN(5), N: 1 + rng.IntN(3)}
		start := time.Now()
		incs, _, err := incidents.FindIncidents(ctx, t.ID, app.IncidentFilter{From: tt.Start().Time, To: tt.End().Time,
			ReviewState: app.ReviewAccepted, Limit: 1_000_000})
		if err != nil {
			b.Fatal(err)
		}
		res, err := situation.Aggregate(api.SituationIncidents(incs), situation.Query{GroupBy: []situation.Dimension{
			situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}})
		if err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		n += res.N
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95_ms")
	b.ReportMetric(float64(n)/float64(len(took)), "incidents/query")
}
