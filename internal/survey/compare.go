package survey

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/trygg-se/trygg/internal/stats"
)

// Reading is what a change's interval says about its direction.
type Reading string

// Readings. Whether an increase is good depends on the indicator: see
// Verdict.
const (
	ReadingIncrease Reading = "increase"  // the whole interval is above zero
	ReadingDecrease Reading = "decrease"  // the whole interval is below zero
	ReadingNoChange Reading = "no_change" // the interval spans zero
	ReadingNoData   Reading = "no_data"   // too few answers for an interval
)

// Sv is the reading in Swedish.
func (r Reading) Sv() string {
	switch r {
	case ReadingIncrease:
		return "ökning"
	case ReadingDecrease:
		return "minskning"
	case ReadingNoChange:
		return "ingen påvisbar förändring"
	}
	return "otillräckligt underlag"
}

// En is the reading in English.
func (r Reading) En() string {
	switch r {
	case ReadingIncrease:
		return "increase"
	case ReadingDecrease:
		return "decrease"
	case ReadingNoChange:
		return "no detectable change"
	}
	return "insufficient data"
}

// Verdict is a detectable change read through the indicator's Direction.
type Verdict string

// Verdicts; VerdictNone when no change is detectable.
const (
	VerdictBetter Verdict = "better"
	VerdictWorse  Verdict = "worse"
	VerdictNone   Verdict = ""
)

// Change is a difference with its 95 % interval and its reading.
type Change struct {
	Value   float64 `json:"value"`
	Lo      float64 `json:"lo"`
	Hi      float64 `json:"hi"`
	Reading Reading `json:"reading"`
	Verdict Verdict `json:"verdict,omitempty"`
}

// newChange reads d in (lo, hi) for an indicator going in direction dir.
func newChange(d, lo, hi float64, dir Direction) Change {
	c := Change{Value: d, Lo: lo, Hi: hi, Reading: ReadingNoChange}
	switch {
	case math.IsNaN(d) || math.IsNaN(lo) || math.IsNaN(hi):
		c.Reading = ReadingNoData
	case lo > 0:
		c.Reading = ReadingIncrease
	case hi < 0:
		c.Reading = ReadingDecrease
	}
	up := dir == HigherIsBetter
	switch {
	case c.Reading == ReadingIncrease && up, c.Reading == ReadingDecrease && !up:
		c.Verdict = VerdictBetter
	case c.Reading == ReadingIncrease, c.Reading == ReadingDecrease:
		c.Verdict = VerdictWorse
	}
	return c
}

// Comparison is one indicator for one group in two waves: After − Before.
type Comparison struct {
	Indicator string            `json:"indicator"`
	Group     map[string]string `json:"group"`
	Before    Cell              `json:"before"`
	After     Cell              `json:"after"`
	Change
	// Suppressed is set when either cell is: the difference would reveal
	// the suppressed figure.
	Suppressed bool `json:"suppressed"`
}

// Compare sets the cells of a later wave against an earlier one, both from
// Indicators with q: for each cell of after that has a cell of the same
// indicator and group in before, the difference after − before with its
// 95 % interval. Shares use Newcombe's hybrid score interval on each
// cell's effective n; means and indexes a normal interval on the two
// standard errors. Cells of one side must come from one wave.
func Compare(q Questionnaire, before, after []Cell) ([]Comparison, error) {
	if err := oneWave(before); err != nil {
		return nil, err
	}
	if err := oneWave(after); err != nil {
		return nil, err
	}
	earlier := make(map[string]Cell, len(before))
	for _, c := range before {
		earlier[cellKey(c)] = c
	}
	var out []Comparison
	for _, a := range after {
		b, ok := earlier[cellKey(a)]
		if !ok {
			continue
		}
		ind, ok := q.Indicator(a.Indicator)
		if !ok {
			return nil, fmt.Errorf("survey: no indicator %q in questionnaire %q", a.Indicator, q.Code)
		}
		var d, lo, hi float64
		if ind.Kind == KindShare {
			d, lo, hi = stats.DiffProportions(a.Estimate, b.Estimate, Conf)
		} else {
			l, u := bounds(ind)
			d = a.Value - b.Value
			half := z() * math.Hypot(meanSE(a.Estimate, l, u), meanSE(b.Estimate, l, u))
			lo, hi = d-half, d+half
		}
		out = append(out, Comparison{Indicator: a.Indicator, Group: a.Group, Before: b, After: a,
			Change: newChange(d, lo, hi, ind.Direction), Suppressed: a.Suppressed || b.Suppressed})
	}
	return out, nil
}

func oneWave(cells []Cell) error {
	for _, c := range cells {
		if c.Wave != cells[0].Wave {
			return fmt.Errorf("survey: cells of waves %q and %q on one side of a comparison", cells[0].Wave, c.Wave)
		}
	}
	return nil
}

// cellKey names a cell's indicator and group.
func cellKey(c Cell) string {
	var b strings.Builder
	b.WriteString(c.Indicator)
	for _, d := range slices.Sorted(maps.Keys(c.Group)) {
		fmt.Fprintf(&b, "\x00%s\x00%s", d, c.Group[d])
	}
	return b.String()
}

// z is the normal quantile of the two-sided Conf interval.
func z() float64 { return stats.NormalQuantile(1 - (1-Conf)/2) }

// meanSE reads a mean's standard error back from its interval, which stats
// computes as Value ± t(n−1)·SE and then clamps to the scale [lo, hi]: an
// unclamped side gives the half width. With both sides clamped, which
// takes a half width of at least half the scale, or with fewer than two
// answers, it is NaN (no data). Internal/stats does not report the
// standard error itself.
func meanSE(e stats.Estimate, lo, hi float64) float64 {
	if e.N < 2 || math.IsNaN(e.Lo) || math.IsNaN(e.Hi) {
		return math.NaN()
	}
	var half float64
	switch {
	case e.Lo > lo:
		half = e.Value - e.Lo
	case e.Hi < hi:
		half = e.Hi - e.Value
	default:
		return math.NaN()
	}
	return half / stats.StudentTQuantile(1-(1-Conf)/2, float64(e.N-1))
}
