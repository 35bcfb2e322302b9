package stats

import (
	"fmt"
	"math"
	"slices"
)

// Defaults where a confidence level or suppression threshold is zero.
const (
	DefaultConf = 0.95
	DefaultMinN = 5
)

// Estimate is a share or mean with its interval, computed even when
// Suppressed (staff see it, the public must not). With no respondents Value,
// Lo and Hi are NaN, as are Lo and Hi of a mean of one.
type Estimate struct {
	Value      float64 `json:"value"`
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	N          int     `json:"n"`          // respondents in the denominator
	NEff       float64 `json:"n_eff"`      // Kish effective sample size
	Suppressed bool    `json:"suppressed"` // N < MinN
}

// Wilson returns p = successes/n with its Wilson score interval at
// confidence conf in (0, 1). Counts may be fractional, as for a weighted
// share on n_eff. All three are NaN unless n > 0 and 0 ≤ successes ≤ n.
func Wilson(successes, n, conf float64) (p, lo, hi float64) {
	if !(n > 0 && successes >= 0 && successes <= n) || math.IsInf(n, 1) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	// The textbook form multiplied through by n, finite for any n; the
	// interval contains p, so clamping only undoes rounding at 0 and 1.
	p, z := successes/n, zFor(conf)
	centre := (successes + z*z/2) / (n + z*z)
	half := z * math.Sqrt(n*p*(1-p)+z*z/4) / (n + z*z)
	return p, max(0, min(centre-half, p)), min(1, max(centre+half, p))
}

// acc sums a weighted share or mean. x is stored minus shift so that the
// expanded sum of squares does not cancel when values sit far from zero.
type acc struct {
	n                         int
	sw, sw2, swx, sw2x, sw2x2 float64 // Σw, Σw², Σw·x, Σw²·x, Σw²·x²
	shift                     float64
}

func (a *acc) add(x, w float64) {
	x -= a.shift
	a.n++
	a.sw, a.sw2 = a.sw+w, a.sw2+w*w
	a.swx, a.sw2x, a.sw2x2 = a.swx+w*x, a.sw2x+w*w*x, a.sw2x2+w*w*x*x
}

// share is the weighted share of x = 1 with the Wilson interval on n_eff.
func (a *acc) share(conf float64, minN int) Estimate {
	e := a.estimate(minN)
	if a.n > 0 {
		e.Value = min(max(a.swx/a.sw+a.shift, 0), 1)
		_, e.Lo, e.Hi = Wilson(e.Value*e.NEff, e.NEff, conf)
	}
	return e
}

// mean is the weighted mean with a t interval, clamped to the scale [lo, hi]
// when lo < hi: a mean cannot leave the range of its scores.
func (a *acc) mean(conf float64, minN int, lo, hi float64) Estimate {
	e := a.estimate(minN)
	m := a.swx / a.sw // shifted; NaN when n = 0
	e.Value = m + a.shift
	if a.n >= 2 {
		n := float64(a.n)
		ss := max(a.sw2x2-2*m*a.sw2x+m*m*a.sw2, 0) // Σw²(x−m)²
		half := StudentTQuantile(1-(1-conf)/2, n-1) * math.Sqrt(n/(n-1)*ss) / a.sw
		e.Lo, e.Hi = e.Value-half, e.Value+half
		if lo < hi {
			e.Lo, e.Hi = max(e.Lo, lo), min(e.Hi, hi)
		}
	}
	return e
}

func (a *acc) estimate(minN int) Estimate {
	e := Estimate{Value: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), N: a.n, Suppressed: a.n < minN}
	if a.n > 0 {
		e.NEff = a.sw * a.sw / a.sw2
	}
	return e
}

// WeightedShare is the share of true in yes, weighted by w (nil: all 1),
// with a Wilson interval on n_eff. Suppressed uses DefaultMinN. It panics
// unless w is nil or as long as yes, each weight finite and positive.
func WeightedShare(yes []bool, w []float64, conf float64) Estimate {
	x := make([]float64, len(yes))
	for i, y := range yes {
		if y {
			x[i] = 1
		}
	}
	return fill(x, w, 0).share(conf, DefaultMinN)
}

// Mean is the mean of x, weighted by w (nil: all 1), with a t interval.
// Suppressed uses DefaultMinN. It panics like WeightedShare.
func Mean(x []float64, w []float64, conf float64) Estimate {
	shift := 0.0
	if len(x) > 0 {
		shift = x[0]
	}
	return fill(x, w, shift).mean(conf, DefaultMinN, 0, 0)
}

func fill(x, w []float64, shift float64) *acc {
	if w == nil {
		w = slices.Repeat([]float64{1}, len(x))
	}
	if len(w) != len(x) || slices.ContainsFunc(w, func(v float64) bool { return !validWeight(v) }) {
		panic(fmt.Sprintf("stats: %d weights for %d values, want as many, each finite and > 0", len(w), len(x)))
	}
	a := &acc{shift: shift}
	for i, v := range x {
		a.add(v, w[i])
	}
	return a
}

func validWeight(w float64) bool { return w > 0 && !math.IsInf(w, 1) }
