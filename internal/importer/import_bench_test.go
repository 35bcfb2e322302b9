package importer_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/importer"
	"github.com/trygg-se/trygg/internal/importer/csvin"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

// writeCSV writes n incident rows with coordinates around Katrineholm.
func writeCSV(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "id;tid;lat;lon;kategori;text")
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	cats := []string{"poor_lighting", "gathering", "violence", "vandalism", "drug_dealing"}
	for i := range n {
		at := start.Add(time.Duration(rng.Int64N(int64(5 * 365 * 24 * time.Hour))))
		fmt.Fprintf(w, "r%d;%s;%.5f;%.5f;%s;Iakttagelse nummer %d vid gångvägen\n", i, at.Format("2006-01-02 15:04"),
			58.97+rng.Float64()*0.05, 16.16+rng.Float64()*0.09, cats[rng.IntN(len(cats))], i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// BenchmarkImportCSV imports a CSV with coordinates into SQLite, with
// district, darkness and masking for every row, and reports rows/s and the
// peak resident memory, which must not grow with the file.
func BenchmarkImportCSV(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "in.csv")
			writeCSV(b, path, n)
			m := csvin.Mapping{ID: "id", Time: "tid", Lat: "lat", Lon: "lon", Category: "kategori", Text: "text"}
			for b.Loop() {
				b.StopTimer()
				db := sqltest.Open(b, sqltest.SQLiteDSN(b))
				d, _ := demo.Katrineholm()
				ctx := context.Background()
				if _, err := db.LoadDemo(ctx, d, func(string) (string, error) { return "x", nil }); err != nil {
					b.Fatal(err)
				}
				t, _ := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, "katrineholm")
				ds, _ := sqlstore.NewDistrictService(db).FindDistricts(ctx, t.ID)
				g, _ := sqlstore.NewDistrictService(db).FindGazetteer(ctx, t.ID)
				en, err := importer.NewEnricher(ds, g, importer.PlaceOf(ds))
				if err != nil {
					b.Fatal(err)
				}
				f, _ := os.Open(path)
				rd, err := csvin.NewReader(f, m)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				b.StartTimer()
				start := time.Now()
				res, err := sqlstore.NewIncidentService(db).UpsertIncidents(ctx, t.ID, importer.CSVIncidents(path, rd, en))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
				f.Close()
				if res.Added != n {
					b.Fatalf("added %d, want %d", res.Added, n)
				}
			}
			var ru syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
			b.ReportMetric(float64(ru.Maxrss)/1024, "peakRSS_MB")
		})
	}
}

// benchSizes are the file sizes measured; 1,000,000 is the target.
// TRYGG_BENCH_ROWS=2000000 measures another size, e.g. to see that memory
// stays flat.
var benchSizes = func() []int {
	if n, err := strconv.Atoi(os.Getenv("TRYGG_BENCH_ROWS")); err == nil && n > 0 {
		return []int{n}
	}
	return []int{50_000, 1_000_000}
}()
