package stats_test

import (
	"math"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

func prop(k, n float64) stats.Estimate {
	return stats.Estimate{Value: k / n, N: int(n), NEff: n}
}

func TestDiffProportions(t *testing.T) {
	// Newcombe (1998b), Table II, method 10, printed to 4 decimals. The
	// example 6/7 − 2/7 is checked against the independent computation only.
	for _, tt := range []struct {
		k1, n1, k2, n2 float64
		lo, hi         float64
		published      bool
	}{
		{56, 70, 48, 80, 0.0524, 0.3339, true},
		{9, 10, 3, 10, 0.1705, 0.8090, true},
		{5, 56, 0, 29, -0.0381, 0.1926, true},
		{6, 7, 2, 7, 0, 0, false},
	} {
		d, lo, hi := stats.DiffProportions(prop(tt.k1, tt.n1), prop(tt.k2, tt.n2), 0.95)
		p1, p2 := tt.k1/tt.n1, tt.k2/tt.n2
		if got, want := d, p1-p2; !near(got, want, 1e-15) {
			t.Errorf("%v/%v − %v/%v: diff %v, want %v", tt.k1, tt.n1, tt.k2, tt.n2, got, want)
		}
		// Independent: Newcombe's formula on quadratic-root Wilson limits.
		l1, u1 := wilsonRoots(tt.k1, tt.n1, z95)
		l2, u2 := wilsonRoots(tt.k2, tt.n2, z95)
		wlo := p1 - p2 - math.Sqrt((p1-l1)*(p1-l1)+(u2-p2)*(u2-p2))
		whi := p1 - p2 + math.Sqrt((u1-p1)*(u1-p1)+(p2-l2)*(p2-l2))
		if !near(lo, wlo, 1e-12) || !near(hi, whi, 1e-12) {
			t.Errorf("%v/%v − %v/%v: (%v, %v), independent (%v, %v)", tt.k1, tt.n1, tt.k2, tt.n2, lo, hi, wlo, whi)
		}
		if tt.published && (math.Abs(lo-tt.lo) > 0.00005 || math.Abs(hi-tt.hi) > 0.00005) {
			t.Errorf("%v/%v − %v/%v: (%.4f, %.4f), published (%.4f, %.4f)", tt.k1, tt.n1, tt.k2, tt.n2, lo, hi, tt.lo, tt.hi)
		}
	}
	if d, lo, hi := stats.DiffProportions(stats.Estimate{}, prop(1, 2), 0.95); !math.IsNaN(d) || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("empty estimate: (%v, %v, %v), want NaNs", d, lo, hi)
	}
}

func TestDiD(t *testing.T) {
	est := func(p, neff float64) stats.Estimate { return stats.Estimate{Value: p, NEff: neff, N: int(neff)} }
	for _, tt := range []struct {
		name            string
		pb, pa, rb, ra  stats.Estimate
		value, variance float64
		reading         string
	}{
		{
			// By hand: (0.22−0.30) − (0.19−0.20) = −0.07; variance
			// .21/400 + .1716/400 + .16/900 + .1539/900 = 0.0013027778,
			// half width 1.96·0.036094 = 0.070743: the interval reaches +0.0007.
			"SpansZero", est(0.30, 400), est(0.22, 400), est(0.20, 900), est(0.19, 900),
			-0.07, 0.21/400 + 0.1716/400 + 0.16/900 + 0.1539/900, stats.ReadingNoChange,
		},
		{
			"Decrease", est(0.30, 400), est(0.20, 400), est(0.20, 900), est(0.19, 900),
			-0.09, 0.21/400 + 0.16/400 + 0.16/900 + 0.1539/900, stats.ReadingDecrease,
		},
		{
			"Increase", est(0.20, 400), est(0.30, 400), est(0.20, 900), est(0.19, 900),
			0.11, 0.16/400 + 0.21/400 + 0.16/900 + 0.1539/900, stats.ReadingIncrease,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := stats.DiD(tt.pb, tt.pa, tt.rb, tt.ra, 0.95)
			half := z95 * math.Sqrt(tt.variance)
			if got, want := e.Value, tt.value; !near(got, want, 1e-14) {
				t.Errorf("Value=%v, want %v", got, want)
			} else if !near(e.Lo, tt.value-half, 1e-12) || !near(e.Hi, tt.value+half, 1e-12) {
				t.Errorf("interval (%v, %v), want %v ± %v", e.Lo, e.Hi, tt.value, half)
			} else if got, want := e.Reading, tt.reading; got != want {
				t.Errorf("Reading=%q, want %q", got, want)
			}
		})
	}
	e := stats.DiD(stats.Estimate{}, est(0.2, 10), est(0.2, 10), est(0.2, 10), 0.95)
	if got, want := e.Reading, stats.ReadingNoData; got != want || !math.IsNaN(e.Value) {
		t.Errorf("empty cell: %+v, want NaN and %q", e, want)
	}
	// Hand check of the first case's printed limits.
	e = stats.DiD(est(0.30, 400), est(0.22, 400), est(0.20, 900), est(0.19, 900), 0.95)
	if math.Abs(e.Lo+0.140743) > 5e-7 || math.Abs(e.Hi-0.000743) > 5e-7 {
		t.Errorf("interval (%.6f, %.6f), by hand (−0.140743, 0.000743)", e.Lo, e.Hi)
	}
}

func TestRateDiD(t *testing.T) {
	// By hand: priority 120 → 90 incidents on 8,000 (15 → 11.25 per 1,000);
	// rest 300 → 290 on 26,000 (11.538 → 11.154). DiD = −3.75 + 0.3846 =
	// −3.3654 per 1,000; variance 10⁶·(210/8000² + 590/26000²) = 4.154031,
	// se 2.038144, half width 3.99468.
	e := stats.RateDiD(stats.Rate{Count: 120, Population: 8000}, stats.Rate{Count: 90, Population: 8000},
		stats.Rate{Count: 300, Population: 26000}, stats.Rate{Count: 290, Population: 26000}, 0.95)
	want := (90.0-120)/8 - (290.0-300)/26
	half := z95 * math.Sqrt(1e6*(210.0/(8000*8000)+590.0/(26000*26000)))
	if got := e.Value; !near(got, want, 1e-14) {
		t.Errorf("Value=%v, want %v", got, want)
	}
	if !near(e.Lo, want-half, 1e-12) || !near(e.Hi, want+half, 1e-12) {
		t.Errorf("interval (%v, %v), want %v ± %v", e.Lo, e.Hi, want, half)
	}
	if math.Abs(e.Value+3.3654) > 0.00005 || math.Abs(e.Lo+7.3601) > 0.00005 || math.Abs(e.Hi-0.6293) > 0.00005 {
		t.Errorf("(%.4f; %.4f, %.4f), by hand (−3.3654; −7.3601, 0.6293)", e.Value, e.Lo, e.Hi)
	}
	if got, want := e.Reading, stats.ReadingNoChange; got != want {
		t.Errorf("Reading=%q, want %q", got, want)
	}
	// Ten times the counts and population: same rates, √10 narrower, and
	// now a detectable decrease.
	e = stats.RateDiD(stats.Rate{Count: 1200, Population: 80000}, stats.Rate{Count: 900, Population: 80000},
		stats.Rate{Count: 3000, Population: 260000}, stats.Rate{Count: 2900, Population: 260000}, 0.95)
	if got, want := e.Reading, stats.ReadingDecrease; got != want || !near(e.Hi-e.Value, half/math.Sqrt(10), 1e-12) {
		t.Errorf("%+v, want %q with half width %v", e, want, half/math.Sqrt(10))
	}
	if e := stats.RateDiD(stats.Rate{Count: 1}, stats.Rate{Count: 1, Population: 1}, stats.Rate{Count: 1, Population: 1}, stats.Rate{Count: 1, Population: 1}, 0.95); e.Reading != stats.ReadingNoData {
		t.Errorf("zero population: %+v, want %q", e, stats.ReadingNoData)
	}
}
