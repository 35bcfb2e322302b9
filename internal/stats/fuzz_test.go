package stats_test

import (
	"math"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

func FuzzWilson(f *testing.F) {
	for _, s := range [][3]float64{{0, 1, 0.95}, {1, 1, 0.95}, {81, 263, 0.95}, {0.3, 1e-300, 0.5}, {1e300, 1e308, 0.999999}, {5, 7.5, 1e-9}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, k, n, conf float64) {
		p, lo, hi := stats.Wilson(k, n, conf)
		if !(n > 0 && k >= 0 && k <= n && !math.IsInf(n, 1)) {
			return // outside the domain: NaNs, checked in TestWilson
		}
		if !(conf > 0 && conf < 1) {
			return
		}
		if !(0 <= lo && lo <= p && p <= hi && hi <= 1) {
			t.Fatalf("Wilson(%v, %v, %v)=(%v, %v, %v), want 0 ≤ lo ≤ p ≤ hi ≤ 1", k, n, conf, p, lo, hi)
		}
	})
}
