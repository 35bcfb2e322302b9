package stats_test

import (
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

const q = "out_alone_evening"

var unsafeOut = stats.Indicator{
	Key:      "unsafe_out_alone_evening",
	Question: q,
	Yes:      []string{"very_unsafe", "fairly_unsafe", "never_goes_out"},
}

// fixture is 12 respondents in two districts. Yes (unsafe) answers: 1, 2, 4
// and 7; respondent 6 does not know; respondent 11 did not answer.
func fixture() []stats.Respondent {
	rows := []struct{ district, gender, answer string }{
		{"Norr", "woman", "very_unsafe"},
		{"Norr", "woman", "fairly_unsafe"},
		{"Norr", "woman", "fairly_safe"},
		{"Norr", "man", "never_goes_out"},
		{"Norr", "man", "very_safe"},
		{"Norr", "man", "dont_know"},
		{"Centrum", "woman", "fairly_unsafe"},
		{"Centrum", "woman", "very_safe"},
		{"Centrum", "woman", "fairly_safe"},
		{"Centrum", "man", "very_safe"},
		{"Centrum", "man", ""},
		{"Centrum", "man", "fairly_safe"},
	}
	rs := make([]stats.Respondent, len(rows))
	for i, r := range rows {
		rs[i] = stats.Respondent{ID: fmt.Sprint(i + 1), District: r.district, Gender: r.gender, AgeGroup: "16-84",
			Answers: map[string]string{q: r.answer}}
	}
	delete(rs[10].Answers, q) // absent and empty both mean no answer; test absent here
	return rs
}

// cellKey names a group for lookups: "" for the total, "district=Norr",
// "district=Norr,gender=man".
func cellKey(g map[string]string) string {
	var parts []string
	for _, d := range []string{stats.DimDistrict, stats.DimGender, stats.DimAgeGroup} {
		if v, ok := g[d]; ok {
			parts = append(parts, d+"="+v)
		}
	}
	return strings.Join(parts, ",")
}

func byKey(cells []stats.Cell) map[string]stats.Estimate {
	m := make(map[string]stats.Estimate, len(cells))
	for _, c := range cells {
		m[cellKey(c.Group)] = c.Estimate
	}
	return m
}

func TestComputeShare(t *testing.T) {
	cells, err := stats.Compute(unsafeOut, fixture(), []string{stats.DimDistrict, stats.DimGender}, stats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Counted by hand from the fixture; "don't know" stays in the
	// denominator. Intervals: Wilson, cross-checked against quadratic roots,
	// and the 4-decimal limits computed once by hand for the main rows.
	want := []struct {
		key        string
		k, n       int
		lo, hi     float64 // 0 when not written out
		suppressed bool
	}{
		{"", 4, 11, 0.1517, 0.6462, false},
		{"district=Centrum", 1, 5, 0.0362, 0.6245, false},
		{"district=Norr", 3, 6, 0.1876, 0.8124, false},
		{"gender=man", 1, 5, 0.0362, 0.6245, false},
		{"gender=woman", 3, 6, 0.1876, 0.8124, false},
		{"district=Centrum,gender=man", 0, 2, 0, 0.6576, true},
		{"district=Centrum,gender=woman", 1, 3, 0.0615, 0.7923, true},
		{"district=Norr,gender=man", 1, 3, 0.0615, 0.7923, true},
		{"district=Norr,gender=woman", 2, 3, 0.2077, 0.9385, true},
	}
	if got, want := len(cells), len(want); got != want {
		t.Fatalf("%d cells, want %d: %v", got, want, cells)
	}
	for i, w := range want {
		c := cells[i]
		if got := cellKey(c.Group); got != w.key {
			t.Errorf("cell %d is %q, want %q", i, got, w.key)
			continue
		}
		k, n := float64(w.k), float64(w.n)
		lo, hi := wilsonRoots(k, n, z95)
		if got, want := c.N, w.n; got != want {
			t.Errorf("%s: N=%v, want %v", w.key, got, want)
		} else if got, want := c.Value, k/n; !near(got, want, 1e-15) {
			t.Errorf("%s: Value=%v, want %v", w.key, got, want)
		} else if !near(c.Lo, lo, 1e-12) || !near(c.Hi, hi, 1e-12) {
			t.Errorf("%s: interval (%v, %v), want (%v, %v)", w.key, c.Lo, c.Hi, lo, hi)
		} else if math.Abs(c.Lo-w.lo) > 0.00005 || math.Abs(c.Hi-w.hi) > 0.00005 {
			t.Errorf("%s: interval (%.4f, %.4f), by hand (%.4f, %.4f)", w.key, c.Lo, c.Hi, w.lo, w.hi)
		} else if got, want := c.Suppressed, w.suppressed; got != want {
			t.Errorf("%s: Suppressed=%v, want %v", w.key, got, want)
		} else if got, want := c.NEff, n; !near(got, want, 1e-15) {
			t.Errorf("%s: NEff=%v, want %v", w.key, got, want)
		}
	}
}

func TestComputeDontKnow(t *testing.T) {
	// Default: "vet ej" is an answer, in the denominator (4 of 11).
	// Configured out: 4 of 10.
	for _, tt := range []struct {
		exclude []string
		n       int
		value   float64
	}{
		{nil, 11, 4.0 / 11},
		{[]string{"dont_know"}, 10, 0.4},
	} {
		ind := unsafeOut
		ind.Exclude = tt.exclude
		cells, err := stats.Compute(ind, fixture(), nil, stats.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(cells), 1; got != want {
			t.Fatalf("%d cells without grouping, want %d", got, want)
		}
		if got, want := cells[0].N, tt.n; got != want {
			t.Errorf("exclude %v: N=%v, want %v", tt.exclude, got, want)
		} else if got, want := cells[0].Value, tt.value; !near(got, want, 1e-15) {
			t.Errorf("exclude %v: Value=%v, want %v", tt.exclude, got, want)
		}
	}
	_, lo, hi := stats.Wilson(4, 10, 0.95)
	if math.Abs(lo-0.1682) > 0.00005 || math.Abs(hi-0.6873) > 0.00005 {
		t.Errorf("Wilson(4, 10)=(%.4f, %.4f), by hand (0.1682, 0.6873)", lo, hi)
	}
}

func TestComputeWeighted(t *testing.T) {
	rs := fixture()
	for i := range rs {
		rs[i].Weight = map[string]float64{"Norr": 2, "Centrum": 1}[rs[i].District]
	}
	cells, err := stats.Compute(unsafeOut, rs, []string{stats.DimDistrict}, stats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: yes weight 3·2 + 1 = 7 of Σw = 6·2 + 5 = 17; Σw² = 6·4 + 5 = 29,
	// so n_eff = 289/29 = 9.966 for 11 respondents.
	total := byKey(cells)[""]
	if got, want := total.Value, 7.0/17; !near(got, want, 1e-15) {
		t.Errorf("Value=%v, want %v", got, want)
	}
	if got, want := total.NEff, 289.0/29; !near(got, want, 1e-14) {
		t.Errorf("NEff=%v, want %v", got, want)
	}
	if got, want := total.N, 11; got != want {
		t.Errorf("N=%v, want %v", got, want)
	}
	lo, hi := wilsonRoots(7.0/17*289/29, 289.0/29, z95)
	if !near(total.Lo, lo, 1e-12) || !near(total.Hi, hi, 1e-12) {
		t.Errorf("interval (%v, %v), want (%v, %v)", total.Lo, total.Hi, lo, hi)
	}
	if math.Abs(total.Lo-0.1756) > 0.00005 || math.Abs(total.Hi-0.6971) > 0.00005 {
		t.Errorf("interval (%.4f, %.4f), by hand (0.1756, 0.6971)", total.Lo, total.Hi)
	}
	// Within a district all weights are equal, so n_eff = n.
	if norr := byKey(cells)["district=Norr"]; !near(norr.NEff, 6, 1e-15) || !near(norr.Value, 0.5, 1e-15) {
		t.Errorf("Norr: %+v, want 0.5 on n_eff 6", norr)
	}
}

func TestComputeSuppression(t *testing.T) {
	for _, tt := range []struct {
		minN       int
		suppressed []string
	}{
		{0, []string{"district=Centrum,gender=man", "district=Centrum,gender=woman", "district=Norr,gender=man", "district=Norr,gender=woman"}},
		{6, []string{"district=Centrum", "gender=man", "district=Centrum,gender=man", "district=Centrum,gender=woman", "district=Norr,gender=man", "district=Norr,gender=woman"}},
		{-1, nil},
	} {
		cells, err := stats.Compute(unsafeOut, fixture(), []string{stats.DimDistrict, stats.DimGender}, stats.Options{MinN: tt.minN})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cells {
			if c.Suppressed {
				got = append(got, cellKey(c.Group))
			}
			if math.IsNaN(c.Value) || math.IsNaN(c.Lo) {
				t.Errorf("MinN %d: %s has no values; suppressed cells are still computed", tt.minN, cellKey(c.Group))
			}
		}
		if g, w := strings.Join(got, " "), strings.Join(tt.suppressed, " "); g != w {
			t.Errorf("MinN %d: suppressed %q, want %q", tt.minN, g, w)
		}
	}
}

func TestComputeProblemIndex(t *testing.T) {
	answers := []string{"very_big_problem", "fairly_big_problem", "fairly_big_problem", "fairly_small_problem", "no_problem", "dont_know"}
	rs := make([]stats.Respondent, len(answers))
	for i, a := range answers {
		rs[i] = stats.Respondent{ID: fmt.Sprint(i), District: "Nävertorp", Answers: map[string]string{"drugs": a}}
	}
	ind := stats.Indicator{Key: "drugs_index", Question: "drugs", Kind: stats.KindProblemIndex}
	cells, err := stats.Compute(ind, rs, []string{stats.DimDistrict}, stats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Scores 6, 4, 4, 2, 0 ("don't know" excluded by the default
	// definition): mean 3.2 ± 2.8314 as in TestMean, the upper limit clamped
	// to the top of the 0–6 scale.
	e := cells[0].Estimate
	if got, want := e.Value, 3.2; !near(got, want, 1e-15) {
		t.Errorf("Value=%v, want %v", got, want)
	}
	if got, want := e.N, 5; got != want {
		t.Errorf("N=%v, want %v", got, want)
	}
	if math.Abs(e.Lo-0.3686) > 0.00005 || e.Hi != 6 {
		t.Errorf("interval (%.4f, %v), want (0.3686, 6)", e.Lo, e.Hi)
	}
	if got, want := stats.DefaultIndexDef.Version, "trygg-2026-1"; got != want {
		t.Errorf("DefaultIndexDef.Version=%q, want %q", got, want)
	}

	// A mean with a custom table gives the same; unscored answers are errors.
	ind = stats.Indicator{Key: "drugs_mean", Question: "drugs", Kind: stats.KindMean,
		Scores: maps.Clone(stats.DefaultIndexDef.Scores), Exclude: []string{"dont_know"}}
	if cells, err := stats.Compute(ind, rs, nil, stats.Options{}); err != nil || !near(cells[0].Value, 3.2, 1e-15) {
		t.Errorf("mean: %v, %v, want 3.2", cells, err)
	}
	ind.Exclude = nil
	if _, err := stats.Compute(ind, rs, nil, stats.Options{}); err == nil || !strings.Contains(err.Error(), `"dont_know"`) {
		t.Errorf("unscored answer: err %v, want one naming dont_know", err)
	}
}

func TestComputeWeightedMean(t *testing.T) {
	rs := []stats.Respondent{
		{ID: "a", Answers: map[string]string{"score": "1"}, Weight: 1},
		{ID: "b", Answers: map[string]string{"score": "2"}, Weight: 1},
		{ID: "c", Answers: map[string]string{"score": "3"}, Weight: 2},
		{ID: "d", Answers: map[string]string{"score": "4"}, Weight: 4},
		{ID: "e", Answers: map[string]string{"score": "dont_know"}},
	}
	ind := stats.Indicator{Key: "k", Question: "score", Kind: stats.KindMean, Exclude: []string{"dont_know"},
		Scores: map[string]float64{"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}}
	cells, err := stats.Compute(ind, rs, nil, stats.Options{MinN: 1})
	if err != nil {
		t.Fatal(err)
	}
	// TestMean's weighted case by hand, 3.125 ± 1.954, its upper limit
	// clamped to the top of the 1–5 scale.
	want := stats.Mean([]float64{1, 2, 3, 4}, []float64{1, 1, 2, 4}, 0.95)
	if got := cells[0].Estimate; !near(got.Value, 3.125, 1e-15) || !near(got.Lo, want.Lo, 1e-12) ||
		got.Hi != 5 || got.N != 4 || got.Suppressed {
		t.Errorf("Compute=%+v, Mean=%+v", got, want)
	}
}

func TestComputeCube(t *testing.T) {
	cells, err := stats.Compute(unsafeOut, fixture(), []string{stats.DimAgeGroup, stats.DimDistrict, stats.DimGender}, stats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 1 total + 1 age + 2 districts + 2 genders + 2 + 2 + 4 pairs + 4 triples.
	if got, want := len(cells), 18; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	// Every grouping set partitions the respondents: its N sums to the total.
	sums := map[string]int{}
	for _, c := range cells {
		sums[strings.Join(sortedKeys(c.Group), "+")] += c.N
	}
	for set, n := range sums {
		if n != 11 {
			t.Errorf("grouping %q sums to %d respondents, want 11", set, n)
		}
	}
	if got, want := cellKey(cells[len(cells)-1].Group), "district=Norr,gender=woman,age_group=16-84"; got != want {
		t.Errorf("last cell %q, want %q", got, want)
	}
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for _, d := range []string{stats.DimDistrict, stats.DimGender, stats.DimAgeGroup} {
		if _, ok := m[d]; ok {
			ks = append(ks, d)
		}
	}
	return ks
}

func TestComputeEmpty(t *testing.T) {
	cells, err := stats.Compute(unsafeOut, nil, []string{stats.DimDistrict}, stats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 1 || len(cells[0].Group) != 0 || cells[0].N != 0 || !cells[0].Suppressed || !math.IsNaN(cells[0].Value) {
		t.Errorf("empty wave: %+v, want one suppressed NaN total", cells)
	}
}

func TestComputeErrors(t *testing.T) {
	rs := fixture()
	for _, tt := range []struct {
		name string
		ind  stats.Indicator
		by   []string
		opt  stats.Options
		rs   []stats.Respondent
		want string
	}{
		{"UnknownDimension", unsafeOut, []string{"kommun"}, stats.Options{}, rs, `"kommun" unknown`},
		{"DuplicateDimension", unsafeOut, []string{"gender", "gender"}, stats.Options{}, rs, `"gender" unknown or given twice`},
		{"Conf", unsafeOut, nil, stats.Options{Conf: 95}, rs, "confidence"},
		{"UnknownKind", stats.Indicator{Key: "x", Kind: "median"}, nil, stats.Options{}, rs, `"median"`},
		{"NoYes", stats.Indicator{Key: "x", Question: q}, nil, stats.Options{}, rs, "no answer as yes"},
		{"YesAndExcluded", stats.Indicator{Key: "x", Question: q, Yes: []string{"a"}, Exclude: []string{"a"}}, nil, stats.Options{}, rs, "excludes"},
		{"MeanWithoutScores", stats.Indicator{Key: "x", Question: q, Kind: stats.KindMean}, nil, stats.Options{}, rs, "scores no answer"},
		{"UnscoredMeanAnswer", stats.Indicator{Key: "x", Question: q, Kind: stats.KindMean, Scores: map[string]float64{"very_safe": 1}}, nil, stats.Options{}, rs, `respondent "1"`},
		{"UnscoredIndexAnswer", stats.Indicator{Key: "x", Question: q, Kind: stats.KindProblemIndex}, nil, stats.Options{}, rs, "trygg-2026-1"},
		{"NegativeWeight", unsafeOut, nil, stats.Options{}, []stats.Respondent{{ID: "r9", Weight: -1, Answers: map[string]string{q: "very_safe"}}}, `"r9"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stats.Compute(tt.ind, tt.rs, tt.by, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want one containing %s", err, tt.want)
			}
		})
	}
}
