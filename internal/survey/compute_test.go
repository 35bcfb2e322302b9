package survey

import (
	"math"
	"reflect"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

// TestComputeMatchesStats: handing stats only the respondents in the
// denominator, with one-answer maps and in parallel, gives exactly the
// cells stats.Compute gives on the respondents as they are.
func TestComputeMatchesStats(t *testing.T) {
	d := KatrineholmDemo()
	q, rs := d.Questionnaire, d.BaselineRespondents
	rs[7].Weight = 0 // unweighted, read as 1
	delete(rs[8].Answers, "problem_drugs")
	rs[9].Answers["police_care"] = ""
	by := []Dim{DimDistrict, DimGender, DimAgeGroup}
	cells, err := Indicators(q, d.Baseline, rs, by, 0)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, ind := range q.Indicators {
		qu, _ := q.Question(ind.Question)
		want, err := stats.Compute(statsIndicator(ind, qu), rs, []string{"district", "gender", "age_group"}, stats.Options{Conf: Conf})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			c := cells[i]
			i++
			same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
			if c.Indicator != ind.Code || !reflect.DeepEqual(c.Group, w.Group) || c.N != w.N || c.Suppressed != w.Suppressed ||
				!same(c.Value, w.Value) || !same(c.Lo, w.Lo) || !same(c.Hi, w.Hi) || !same(c.NEff, w.NEff) {
				t.Fatalf("cell %d: %s %v %+v, stats.Compute gives %s %v %+v", i-1, c.Indicator, c.Group, c.Estimate, ind.Code, w.Group, w.Estimate)
			}
		}
	}
	if i != len(cells) {
		t.Errorf("%d cells, stats.Compute gives %d", len(cells), i)
	}
}
