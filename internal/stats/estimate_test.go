package stats_test

import (
	"math"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

// z95 is the 97.5 % normal quantile from math.Erfinv, independent of the
// package's AS 241.
var z95 = math.Sqrt2 * math.Erfinv(0.95)

// wilsonRoots is an independent Wilson interval: the two roots of the
// score-test boundary (p̂ − π)² = z²·π(1−π)/n, a quadratic in π.
func wilsonRoots(k, n, z float64) (lo, hi float64) {
	p := k / n
	a := 1 + z*z/n
	b := -(2*p + z*z/n)
	c := p * p
	d := math.Sqrt(b*b - 4*a*c)
	return max(0, (-b-d)/(2*a)), min(1, (-b+d)/(2*a))
}

func TestWilson(t *testing.T) {
	// Newcombe (1998a), Table II, method 3 (score interval without
	// continuity correction), printed to 4 decimals; 0/10 and 10/10 from the
	// closed form z²/(n+z²) = 0.2775 for the upper limit at k = 0.
	for _, tt := range []struct{ k, n, lo, hi float64 }{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
	} {
		p, lo, hi := stats.Wilson(tt.k, tt.n, 0.95)
		if got, want := p, tt.k/tt.n; got != want {
			t.Errorf("Wilson(%v, %v) p=%v, want %v", tt.k, tt.n, got, want)
		}
		if math.Abs(lo-tt.lo) > 0.00005 || math.Abs(hi-tt.hi) > 0.00005 {
			t.Errorf("Wilson(%v, %v)=(%.4f, %.4f), published (%.4f, %.4f)", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
		wlo, whi := wilsonRoots(tt.k, tt.n, z95)
		if !near(lo, wlo, 1e-12) || !near(hi, whi, 1e-12) {
			t.Errorf("Wilson(%v, %v)=(%v, %v), quadratic roots (%v, %v)", tt.k, tt.n, lo, hi, wlo, whi)
		}
	}
	// Other levels, and fractional counts as used with n_eff.
	for _, tt := range []struct{ k, n, conf float64 }{
		{3, 7, 0.9}, {3, 7, 0.99}, {2.5, 9.75, 0.95}, {0.4, 1.3, 0.8}, {999, 1000, 0.999},
	} {
		_, lo, hi := stats.Wilson(tt.k, tt.n, tt.conf)
		z := math.Sqrt2 * math.Erfinv(tt.conf)
		wlo, whi := wilsonRoots(tt.k, tt.n, z)
		if !near(lo, wlo, 1e-12) || !near(hi, whi, 1e-12) {
			t.Errorf("Wilson(%v, %v, %v)=(%v, %v), quadratic roots (%v, %v)", tt.k, tt.n, tt.conf, lo, hi, wlo, whi)
		}
	}
	for _, tt := range []struct{ k, n float64 }{{0, 0}, {1, 0}, {-1, 5}, {6, 5}, {math.NaN(), 5}} {
		if p, lo, hi := stats.Wilson(tt.k, tt.n, 0.95); !math.IsNaN(p) || !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("Wilson(%v, %v)=(%v, %v, %v), want NaNs", tt.k, tt.n, p, lo, hi)
		}
	}
}

func TestWeightedShare(t *testing.T) {
	yes := []bool{true, false, true, false, false, true, false, false}

	t.Run("UnitWeightsAreWilson", func(t *testing.T) {
		for _, w := range [][]float64{nil, {1, 1, 1, 1, 1, 1, 1, 1}} {
			e := stats.WeightedShare(yes, w, 0.95)
			p, lo, hi := stats.Wilson(3, 8, 0.95)
			if e.Value != p || !near(e.Lo, lo, 1e-15) || !near(e.Hi, hi, 1e-15) {
				t.Errorf("w=%v: %+v, want Wilson(3, 8)=(%v, %v, %v)", w, e, p, lo, hi)
			}
			if got, want := e.N, 8; got != want {
				t.Errorf("N=%v, want %v", got, want)
			} else if got, want := e.NEff, 8.0; !near(got, want, 1e-15) {
				t.Errorf("NEff=%v, want %v", got, want)
			}
		}
	})

	t.Run("Kish", func(t *testing.T) {
		// By hand: Σw = 12, Σw² = 1+1+4+4+1+9+1+1 = 22, yes weight 1+2+3 = 6,
		// p = 0.5, n_eff = 144/22 = 6.5455.
		w := []float64{1, 1, 2, 2, 1, 3, 1, 1}
		e := stats.WeightedShare(yes, w, 0.95)
		if got, want := e.Value, 0.5; got != want {
			t.Errorf("Value=%v, want %v", got, want)
		}
		if got, want := e.NEff, 144.0/22; !near(got, want, 1e-15) {
			t.Errorf("NEff=%v, want %v", got, want)
		}
		lo, hi := wilsonRoots(0.5*144/22, 144.0/22, z95)
		if !near(e.Lo, lo, 1e-12) || !near(e.Hi, hi, 1e-12) {
			t.Errorf("interval (%v, %v), want (%v, %v)", e.Lo, e.Hi, lo, hi)
		}
		// Unequal weights widen the interval against the same share on all 8
		// (design effect 8/6.55 = 1.22).
		if _, lo, hi := stats.Wilson(4, 8, 0.95); e.Hi-e.Lo <= hi-lo {
			t.Errorf("weighted width %v, want wider than unweighted %v", e.Hi-e.Lo, hi-lo)
		}
	})

	t.Run("Suppressed", func(t *testing.T) {
		if e := stats.WeightedShare(yes[:4], nil, 0.95); !e.Suppressed {
			t.Errorf("n=4 not suppressed: %+v", e)
		}
		if e := stats.WeightedShare(yes[:5], nil, 0.95); e.Suppressed {
			t.Errorf("n=5 suppressed: %+v", e)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		e := stats.WeightedShare(nil, nil, 0.95)
		if !math.IsNaN(e.Value) || e.N != 0 || !e.Suppressed {
			t.Errorf("empty: %+v, want NaN value, N 0, suppressed", e)
		}
	})

	t.Run("BadWeights", func(t *testing.T) {
		for _, w := range [][]float64{{1}, {1, 1, 1, 1, 1, 1, 1, -1}, {0, 1, 1, 1, 1, 1, 1, 1}} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("w=%v: no panic", w)
					}
				}()
				stats.WeightedShare(yes, w, 0.95)
			}()
		}
	})
}

func TestMean(t *testing.T) {
	t.Run("Unweighted", func(t *testing.T) {
		// By hand: mean 3.2, s² = (2.8²+0.8²+0.8²+1.2²+3.2²)/4 = 5.2,
		// se = √(5.2/5) = 1.0198, t(0.975, 4) = 2.776445 → 3.2 ± 2.8314.
		e := stats.Mean([]float64{6, 4, 4, 2, 0}, nil, 0.95)
		half := 2.7764451051977987 * math.Sqrt(1.04)
		if got, want := e.Value, 3.2; !near(got, want, 1e-15) {
			t.Errorf("Value=%v, want %v", got, want)
		}
		if !near(e.Lo, 3.2-half, 1e-12) || !near(e.Hi, 3.2+half, 1e-12) {
			t.Errorf("interval (%v, %v), want (%v, %v)", e.Lo, e.Hi, 3.2-half, 3.2+half)
		}
		if math.Abs(e.Lo-0.3686) > 0.00005 || math.Abs(e.Hi-6.0314) > 0.00005 {
			t.Errorf("interval (%.4f, %.4f), want (0.3686, 6.0314)", e.Lo, e.Hi)
		}
	})
	t.Run("Weighted", func(t *testing.T) {
		// By hand: Σw = 8, m = 25/8 = 3.125; Σw²(x−m)² = 2.125² + 1.125² +
		// 4·0.125² + 16·0.875² = 18.09375; var = 4/3 · 18.09375/64.
		e := stats.Mean([]float64{1, 2, 3, 4}, []float64{1, 1, 2, 4}, 0.95)
		half := 3.182446305284263 * math.Sqrt(4.0/3*18.09375/64)
		if got, want := e.Value, 3.125; !near(got, want, 1e-15) {
			t.Errorf("Value=%v, want %v", got, want)
		}
		if !near(e.Lo, 3.125-half, 1e-12) || !near(e.Hi, 3.125+half, 1e-12) {
			t.Errorf("interval (%v, %v), want 3.125 ± %v", e.Lo, e.Hi, half)
		}
		if got, want := e.NEff, 64.0/22; !near(got, want, 1e-15) {
			t.Errorf("NEff=%v, want %v", got, want)
		}
	})
	t.Run("LargeOffset", func(t *testing.T) {
		// The shifted sums keep a tiny spread around a large level exact.
		e := stats.Mean([]float64{1e9 + 1, 1e9 + 2, 1e9 + 3}, nil, 0.95)
		half := 4.302652729749464 * math.Sqrt(1.0/3)
		if got, want := e.Hi-e.Value, half; !near(got, want, 1e-6) {
			t.Errorf("half width %v, want %v", got, want)
		}
	})
	t.Run("One", func(t *testing.T) {
		e := stats.Mean([]float64{4}, nil, 0.95)
		if e.Value != 4 || !math.IsNaN(e.Lo) || !math.IsNaN(e.Hi) {
			t.Errorf("one value: %+v, want 4 with NaN interval", e)
		}
	})
}
