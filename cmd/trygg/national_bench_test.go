package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/situation"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web"
	"github.com/trygg-se/trygg/internal/wiring"
)

// BenchmarkNationalSituation asks the lägesbild question of the national
// set in TRYGG_BENCH_NATIONAL_DSN (made by `trygg gen`): one kommun's
// tertial, accepted incidents by district × focus area × darkness, for a
// random kommun and tertial each time, and reports the median and p95:
//
//   - database: the cache off, every question reads the period's rows;
//   - cached: every tenant's facts in memory (loaded before timing, as
//     DuckDB's are in bench/duckdb), one version check per question;
//   - first: the cache emptied before each question, as after a write to
//     the tenant's incidents: the question is read from the database
//     while the tenant's whole history loads in the background (waited
//     for after the question, untimed).
func BenchmarkNationalSituation(b *testing.B) {
	db := nationalDB(b)
	ctx := context.Background()
	tenants, err := sqlstore.NewTenantService(db).FindTenants(ctx)
	if err != nil || len(tenants) == 0 {
		b.Fatalf("no tenants: %v", err)
	}
	incidents := sqlstore.NewIncidentService(db)
	ask := func(tenantID int64, tt app.Tertial) int {
		incs, err := incidents.FindIncidentFacts(ctx, tenantID, app.IncidentFilter{From: tt.Start().Time, To: tt.End().Time,
			ReviewState: app.ReviewAccepted}, false)
		if err != nil {
			b.Fatal(err)
		}
		res, err := situation.Aggregate(api.SituationFacts(incs), situation.Query{GroupBy: []situation.Dimension{
			situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}})
		if err != nil {
			b.Fatal(err)
		}
		return res.N
	}
	run := func(b *testing.B, before, after func()) {
		rng := rand.New(rand.NewPCG(1, 2))
		var took []time.Duration
		n := 0
		for b.Loop() {
			t := tenants[rng.IntN(len(tenants))]
			tt := app.Tertial{Year: 2021 + rng.IntN(5), N: 1 + rng.IntN(3)}
			before()
			start := time.Now()
			n += ask(t.ID, tt)
			took = append(took, time.Since(start))
			after()
		}
		reportPercentiles(b, took)
		b.ReportMetric(float64(n)/float64(len(took)), "incidents/query")
	}
	nothing := func() {}
	const all = 12_000_000 // room for the whole national set
	b.Run("database", func(b *testing.B) {
		db.SetFactCacheSize(0)
		run(b, nothing, nothing)
	})
	b.Run("cached", func(b *testing.B) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		db.SetFactCacheSize(all)
		for _, t := range tenants {
			ask(t.ID, app.Tertial{Year: 2023, N: 1})
		}
		db.WaitForFacts()
		runtime.GC()
		runtime.ReadMemStats(&after)
		run(b, nothing, nothing)
		// What holding every tenant's facts costs.
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "cache_MB")
	})
	b.Run("first", func(b *testing.B) {
		// Also how long until the tenant's facts are in memory.
		var start time.Time
		var loaded []time.Duration
		run(b, func() {
			db.SetFactCacheSize(0)
			db.SetFactCacheSize(all)
			start = time.Now()
		}, func() {
			db.WaitForFacts()
			loaded = append(loaded, time.Since(start))
		})
		slices.Sort(loaded)
		b.ReportMetric(float64(loaded[len(loaded)/2].Microseconds())/1000, "loaded_p50_ms")
		b.ReportMetric(float64(loaded[len(loaded)*95/100].Microseconds())/1000, "loaded_p95_ms")
	})
}

// reportPercentiles reports the median and the 95th percentile of took.
func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95_ms")
}

// BenchmarkNationalLagesbildPage renders the staff lägesbild page of the
// synthetic Katrineholm (syn-0483) in the national set, over real HTTP for
// a signed-in coordinator, for a two-year promise period (Katrineholm's is
// 2022–2023): every table, the hour × weekday grid and the trend charts.
// The map's layers are separate requests and not part of the page.
func BenchmarkNationalLagesbildPage(b *testing.B) {
	db := nationalDB(b)
	ctx := context.Background()
	t, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, "syn-0483")
	if err != nil {
		b.Fatalf("syn-0483: %v", err)
	}
	srv, err := web.New(wiring.Services(db), slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	// A session for a coordinator, made once and kept: the set is for measuring.
	users := sqlstore.NewUserService(db)
	u, err := users.FindUserByEmail(ctx, "bench@trygg.invalid")
	if app.ErrorCode(err) == app.ENOTFOUND {
		u = &app.User{Email: "bench@trygg.invalid", Name: "Benchmark"}
		if err = users.CreateUser(ctx, u); err == nil {
			err = users.GrantRole(ctx, u.ID, t.ID, app.RoleCoordinator)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	tok := auth.NewToken()
	if _, err := users.CreateSession(ctx, u.ID, auth.HashToken(tok), time.Hour); err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/admin/syn-0483/lagesbild?from=2024-01-01&to=2025-12-31", nil)
	req.AddCookie(&http.Cookie{Name: "trygg_session", Value: tok})
	get := func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("<svg")) {
			b.Fatalf("%d: %.300s", resp.StatusCode, body)
		}
	}
	// From the facts cache (filled by a first view, untimed), and with the
	// cache off, as the first view after a write reads.
	for _, size := range []int{sqlstore.DefaultFactCacheSize, 0} {
		name := "cached"
		if size == 0 {
			name = "database"
		}
		b.Run(name, func(b *testing.B) {
			db.SetFactCacheSize(size)
			get()
			db.WaitForFacts()
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				get()
				took = append(took, time.Since(start))
			}
			reportPercentiles(b, took)
		})
	}
}

// nationalDB opens the national set in TRYGG_BENCH_NATIONAL_DSN (made by
// `trygg gen`). Without the variable the benchmark skips: the set takes
// minutes to make.
func nationalDB(b *testing.B) *sqlstore.DB {
	dsn := os.Getenv("TRYGG_BENCH_NATIONAL_DSN")
	if dsn == "" {
		b.Skip("set TRYGG_BENCH_NATIONAL_DSN to a database made by trygg gen")
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}
