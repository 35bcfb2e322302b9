package sun_test

import (
	"math/bits"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/sun"
)

var (
	benchStart = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	benchSpan  = uint64(5 * 365 * 24 * time.Hour) // five years
	sinkLevel  sun.Level
)

// instants yields pseudo-random instants over five years with a cheap LCG, so
// that generating them costs next to nothing beside the classification.
type instants uint64

func (x *instants) next() time.Time {
	*x = *x*6364136223846793005 + 1442695040888963407
	offset, _ := bits.Mul64(uint64(*x), benchSpan) // uniform in [0, benchSpan)
	return benchStart.Add(time.Duration(offset))
}

// BenchmarkDarkness10M is the speed target: classify 10 million instants
// spread over five years at one kommun, cold cache included, in under 2 s on
// one core. One op is the whole 10 million.
func BenchmarkDarkness10M(b *testing.B) {
	for b.Loop() {
		c, err := sun.NewCalculator(katrineholm, sun.DefaultThresholds)
		if err != nil {
			b.Fatal(err)
		}
		x := instants(1)
		for range 10_000_000 {
			sinkLevel = c.Darkness(x.next())
		}
	}
}

// BenchmarkCalculatorDarkness is one classification with a warm cache.
func BenchmarkCalculatorDarkness(b *testing.B) {
	c, _ := sun.NewCalculator(katrineholm, sun.DefaultThresholds)
	x := instants(1)
	for range 2_000_000 {
		c.Darkness(x.next())
	}
	for b.Loop() {
		sinkLevel = c.Darkness(x.next())
	}
}

// BenchmarkDarkness is one classification without a cache.
func BenchmarkDarkness(b *testing.B) {
	x := instants(1)
	for b.Loop() {
		sinkLevel, _ = sun.Darkness(x.next(), katrineholm, sun.DefaultThresholds)
	}
}

func BenchmarkElevation(b *testing.B) {
	x := instants(1)
	var sink float64
	for b.Loop() {
		sink += sun.Elevation(x.next(), katrineholm.Lat, katrineholm.Lon)
	}
	_ = sink
}

func BenchmarkComputeDay(b *testing.B) {
	d := sun.Date{Year: 2025, Month: time.December, Day: 21}
	for b.Loop() {
		if _, err := sun.ComputeDay(d, katrineholm, stockholm); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDarkFraction is one overnight window with a fresh Calculator, as
// the package-level DarkFraction does.
func BenchmarkDarkFraction(b *testing.B) {
	from := time.Date(2025, 12, 21, 18, 0, 0, 0, stockholm)
	for b.Loop() {
		if _, err := sun.DarkFraction(from, from.Add(10*time.Hour), katrineholm); err != nil {
			b.Fatal(err)
		}
	}
}
