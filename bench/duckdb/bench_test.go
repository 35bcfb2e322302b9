package duckbench

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/situation"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// verified is how many of the questions (the same for both) DuckDB's answer
// is checked against Trygg's before DuckDB is timed.
const verified = 20

// fixture is the loaded state both sub-benchmarks share.
type fixture struct {
	db        *sqlstore.DB
	incidents *sqlstore.IncidentService
	tenants   []*app.Tenant
	duck      *Store
}

var (
	loadOnce sync.Once
	loaded   *fixture
	loadErr  error
)

func load(ctx context.Context, b *testing.B, dsn string) *fixture {
	loadOnce.Do(func() {
		fx := &fixture{}
		if fx.db, loadErr = sqlstore.Open(ctx, dsn); loadErr != nil {
			return
		}
		fx.incidents = sqlstore.NewIncidentService(fx.db)
		if fx.tenants, loadErr = sqlstore.NewTenantService(fx.db).FindTenants(ctx); loadErr != nil {
			return
		}
		if fx.duck, loadErr = Open(ctx); loadErr != nil {
			return
		}
		start := time.Now()
		n, err := fx.duck.Append(ctx, ReadTrygg(ctx, dsn))
		if loadErr = err; err != nil {
			return
		}
		if loadErr = fx.duck.Prepare(ctx); loadErr != nil {
			return
		}
		b.Logf("loaded %d accepted incidents of %d tenants into DuckDB in %s", n, len(fx.tenants),
			time.Since(start).Round(time.Millisecond))
		// Trygg's facts cache, made big enough for the whole set and
		// filled the same way before timing: one question per tenant
		// starts its load.
		fx.db.SetFactCacheSize(12_000_000)
		start = time.Now()
		for _, t := range fx.tenants {
			if _, loadErr = fx.incidents.FindIncidentFacts(ctx, t.ID, app.IncidentFilter{Limit: 1}, false); loadErr != nil {
				return
			}
		}
		fx.db.WaitForFacts()
		b.Logf("loaded the incident facts of %d tenants into Trygg's cache in %s", len(fx.tenants),
			time.Since(start).Round(time.Millisecond))
		loaded = fx
	})
	if loadErr != nil {
		b.Fatal(loadErr)
	}
	if len(loaded.tenants) == 0 {
		b.Fatal("no tenants")
	}
	return loaded
}

// question is one kommun's tertial.
type question struct {
	tenant   int64
	from, to time.Time
}

// questions gives the sequence BenchmarkNationalSituation asks.
func (fx *fixture) questions() func() question {
	rng := rand.New(rand.NewPCG(1, 2))
	return func() question {
		t := fx.tenants[rng.IntN(len(fx.tenants))]
		tt := app.Tertial{Year: 2021 + rng.IntN(5), N: 1 + rng.IntN(3)}
		return question{t.ID, tt.Start().Time, tt.End().Time}
	}
}

// trygg answers as BenchmarkNationalSituation (and the API) does.
func (fx *fixture) trygg(ctx context.Context, q question) (situation.Result, error) {
	incs, err := fx.incidents.FindIncidentFacts(ctx, q.tenant, app.IncidentFilter{From: q.from, To: q.to,
		ReviewState: app.ReviewAccepted}, false)
	if err != nil {
		return situation.Result{}, err
	}
	return situation.Aggregate(api.SituationFacts(incs), situation.Query{GroupBy: []situation.Dimension{
		situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}})
}

// BenchmarkTertialSituation asks the lägesbild question of
// BenchmarkNationalSituation (one kommun's tertial, accepted incidents by
// district × focus area × darkness, random kommun and tertial) of Trygg
// (from its facts cache, and from the database) and of DuckDB holding the
// same accepted incidents in memory, with the same sequence of questions,
// and reports the median and p95 of each. DuckDB's answers to the first
// questions must equal Trygg's. Loading DuckDB and filling Trygg's cache
// are not timed. Without TRYGG_BENCH_NATIONAL_DSN it skips.
func BenchmarkTertialSituation(b *testing.B) {
	dsn := os.Getenv("TRYGG_BENCH_NATIONAL_DSN")
	if dsn == "" {
		b.Skip("set TRYGG_BENCH_NATIONAL_DSN to a database made by trygg gen (sqlite:PATH or postgres://…)")
	}
	ctx := context.Background()
	fx := load(ctx, b, dsn)
	// Trygg answers from its facts cache, and with the cache off, from
	// the database (as the first question after a write does).
	for _, cached := range []bool{true, false} {
		name := "trygg"
		if !cached {
			name = "trygg_database"
		}
		b.Run(name, func(b *testing.B) {
			if !cached {
				fx.db.SetFactCacheSize(0)
				defer fx.db.SetFactCacheSize(12_000_000) // refilled by the next run's questions
			}
			next := fx.questions()
			measure(b, func() int {
				res, err := fx.trygg(ctx, next())
				if err != nil {
					b.Fatal(err)
				}
				return res.N
			})
		})
	}
	// DuckDB answers with counts alone, and with each cell's incidents
	// listed too, which Trygg's answer always has.
	for _, ids := range []bool{false, true} {
		name := "duckdb"
		if ids {
			name = "duckdb_ids"
		}
		b.Run(name, func(b *testing.B) {
			next := fx.questions()
			for i := range verified {
				q := next()
				want, err := fx.trygg(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				got, err := fx.duck.Situation(ctx, q.tenant, q.from, q.to, ids)
				if err != nil {
					b.Fatal(err)
				}
				if err := Compare(want, got); err != nil {
					b.Fatalf("question %d (tenant %d, %s–%s): %v", i+1, q.tenant, q.from.Format(time.DateOnly),
						q.to.Format(time.DateOnly), err)
				}
			}
			next = fx.questions()
			measure(b, func() int {
				q := next()
				cells, err := fx.duck.Situation(ctx, q.tenant, q.from, q.to, ids)
				if err != nil {
					b.Fatal(err)
				}
				return Total(cells)
			})
		})
	}
}

// measure runs ask in b.Loop and reports the median and p95 of its times
// and the incidents per question.
func measure(b *testing.B, ask func() (incidents int)) {
	var took []time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		n += ask()
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95_ms")
	b.ReportMetric(float64(n)/float64(len(took)), "incidents/query")
}
