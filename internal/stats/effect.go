package stats

import "math"

// Effect is a change with its interval and a reading, Swedish first, of its
// direction only: whether an increase is good depends on the indicator.
type Effect struct {
	Value   float64 `json:"value"`
	Lo      float64 `json:"lo"`
	Hi      float64 `json:"hi"`
	Reading string  `json:"reading"`
}

// Readings of an Effect.
const (
	ReadingNoChange = "ingen påvisbar förändring / no detectable change" // the interval spans zero
	ReadingIncrease = "ökning / increase"
	ReadingDecrease = "minskning / decrease"
	ReadingNoData   = "otillräckligt underlag / insufficient data"
)

// DiffProportions is a.Value − b.Value for independent proportions with
// Newcombe's hybrid score interval (1998b, method 10) from the Wilson limits
// (lᵢ, uᵢ), recomputed at conf on each NEff: d − √((p₁−l₁)² + (u₂−p₂)²) to
// d + √((u₁−p₁)² + (p₂−l₂)²).
func DiffProportions(a, b Estimate, conf float64) (diff, lo, hi float64) {
	p1, l1, u1 := Wilson(a.Value*a.NEff, a.NEff, conf)
	p2, l2, u2 := Wilson(b.Value*b.NEff, b.NEff, conf)
	return p1 - p2, p1 - p2 - math.Hypot(p1-l1, u2-p2), p1 - p2 + math.Hypot(u1-p1, p2-l2)
}

// DiD is (after − before) in the priority districts minus (after − before)
// in the rest, for proportions, with a normal interval on the variance
// Σ p(1−p)/n_eff. That sum assumes four independent samples, as with a fresh
// sample each wave (for a panel the interval is too wide). The variance
// vanishes at p = 0 or 1: a cell there understates the uncertainty.
func DiD(priorBefore, priorAfter, restBefore, restAfter Estimate, conf float64) Effect {
	v := 0.0
	for _, e := range []Estimate{priorBefore, priorAfter, restBefore, restAfter} {
		if !(e.NEff > 0 && e.Value >= 0 && e.Value <= 1) {
			return effect(math.NaN(), 0, conf)
		}
		v += e.Value * (1 - e.Value) / e.NEff
	}
	d := (priorAfter.Value - priorBefore.Value) - (restAfter.Value - restBefore.Value)
	return effect(d, math.Sqrt(v), conf)
}

// Rate is a count of incidents over a population; give person-years when
// the periods differ in length, so that rates are per 1,000 per year.
type Rate struct {
	Count      float64 `json:"count"`
	Population float64 `json:"population"`
}

// RateDiD is the difference in differences of rates per 1,000, counts being
// Poisson: r = 1000·c/N has variance 1000·r/N. Additive, not a log rate
// ratio, because pages show rates per 1,000, the survey effects are
// differences too, and a zero count has no log. The price: it assumes equal
// change per 1,000 (not in percent) without the measures, and small counts
// understate the uncertainty (a zero count adds no variance).
func RateDiD(priorBefore, priorAfter, restBefore, restAfter Rate, conf float64) Effect {
	r, v := [4]float64{}, 0.0
	for i, c := range []Rate{priorBefore, priorAfter, restBefore, restAfter} {
		if !(c.Population > 0 && c.Count >= 0) || math.IsInf(c.Count, 1) {
			return effect(math.NaN(), 0, conf)
		}
		r[i] = 1000 * c.Count / c.Population
		v += 1000 * r[i] / c.Population
	}
	return effect((r[1]-r[0])-(r[3]-r[2]), math.Sqrt(v), conf)
}

// effect puts a normal interval around d and reads it.
func effect(d, se float64, conf float64) Effect {
	e := Effect{Value: d, Lo: d - zFor(conf)*se, Hi: d + zFor(conf)*se, Reading: ReadingNoChange}
	switch {
	case math.IsNaN(e.Lo) || math.IsNaN(e.Hi):
		e.Reading = ReadingNoData
	case e.Lo > 0:
		e.Reading = ReadingIncrease
	case e.Hi < 0:
		e.Reading = ReadingDecrease
	}
	return e
}
