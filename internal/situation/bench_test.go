package situation_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/trygg-se/trygg/internal/situation"
)

// BenchmarkAggregate groups by district × focus area × darkness: a kommun's
// tertial (5,000) and a large installation's history (1,000,000).
func BenchmarkAggregate(b *testing.B) {
	q := situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}}
	for _, n := range []int{5_000, 1_000_000} {
		incs := synthetic(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := situation.Aggregate(incs, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAggregateByMonth(b *testing.B) {
	q := situation.Query{GroupBy: []situation.Dimension{situation.ByMonth, situation.ByCategory}, Loc: stockholm}
	incs := synthetic(100_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := situation.Aggregate(incs, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTimeGrid: 5,000 incidents, a third of them windows up to 14 h.
func BenchmarkTimeGrid(b *testing.B) {
	incs := synthetic(5_000, 2)
	b.ReportAllocs()
	for b.Loop() {
		situation.TimeGrid(incs, stockholm)
	}
}

// BenchmarkGiStar100x100: the target is under 50 ms with a 3-cell band.
func BenchmarkGiStar100x100(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 100*100)
	mask := make([]bool, len(x))
	for i := range x {
		x[i] = float64(r.IntN(5))
		mask[i] = r.IntN(10) > 0
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := situation.GiStar(x, 100, 100, 3, mask); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKDE: 5,000 points over a 10 × 10 km raster of 50 m cells, 300 m
// bandwidth.
func BenchmarkKDE(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	pts := make([]situation.Point, 5_000)
	for i := range pts {
		pts[i] = situation.Point{X: 10_000 * r.Float64(), Y: 10_000 * r.Float64()}
	}
	ras := situation.Raster{Size: 50, Rows: 200, Cols: 200}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := situation.KDE(pts, ras, 300); err != nil {
			b.Fatal(err)
		}
	}
}
