package survey_test

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/survey"
)

// testQ is a small questionnaire: the unsafe-out-late question with a
// tool's "no answer" code marked Missing, and one problem item. The two
// share indicators differ only in "vet ej".
func testQ() survey.Questionnaire {
	demo := survey.KatrineholmQuestionnaire()
	unsafe, _ := demo.Question("unsafe_evening")
	unsafe.Scale = append(unsafe.Scale, survey.Choice{Code: "no_answer", LabelSv: "Ej svar", LabelEn: "No answer", Missing: true})
	problem, _ := demo.Question("problem_lighting")
	problem.Code = "problem"
	positive := []string{"fairly_unsafe", "very_unsafe", "never_goes_out"}
	return survey.Questionnaire{
		Code: "test", Version: "1",
		Questions: []survey.Question{unsafe, problem},
		Indicators: []survey.Indicator{
			{Code: "unsafe", Kind: survey.KindShare, Question: "unsafe_evening", Direction: survey.HigherIsWorse, Positive: positive},
			{Code: "unsafe_opinion", Kind: survey.KindShare, Question: "unsafe_evening", Direction: survey.HigherIsWorse,
				Positive: positive, Exclude: []string{"dont_know"}},
			{Code: "problem", Kind: survey.KindProblemIndex, Question: "problem", Direction: survey.HigherIsWorse},
		},
	}
}

var testWave = survey.Wave{Code: "w1", Survey: "test", SurveyYear: 2025, ReferenceYear: 2025}

// fixture is ten respondents in districts A and B. Problem scores under
// the default index in brackets.
func fixture() []survey.Respondent {
	rows := []struct{ district, gender, unsafe, problem string }{
		{"A", "f", "very_unsafe", "very_big_problem"},        // 1: unsafe [6]
		{"A", "f", "fairly_safe", "fairly_big_problem"},      // 2: [4]
		{"A", "m", "never_goes_out", "fairly_small_problem"}, // 3: unsafe [2]
		{"A", "m", "dont_know", "no_problem"},                // 4: vet ej [0]
		{"A", "f", "no_answer", "dont_know"},                 // 5: Missing; index excludes vet ej
		{"B", "f", "fairly_unsafe", "fairly_big_problem"},    // 6: unsafe [4]
		{"B", "m", "very_safe", ""},                          // 7: [no answer]
		{"B", "m", "", "very_big_problem"},                   // 8: no answer [6]
		{"B", "f", "dont_know", "no_problem"},                // 9: vet ej [0]
		{"B", "m", "fairly_safe", "fairly_small_problem"},    // 10: [2]
	}
	rs := make([]survey.Respondent, len(rows))
	for i, r := range rows {
		rs[i] = survey.Respondent{ID: fmt.Sprint(i + 1), District: r.district, Gender: r.gender, AgeGroup: "16-84",
			Answers: map[string]string{"unsafe_evening": r.unsafe, "problem": r.problem}}
	}
	delete(rs[6].Answers, "problem") // absent and empty are both no answer
	return rs
}

// cell finds the cell of indicator ind for group "" (total), "district=A"
// or "district=A,gender=f".
func cell(t *testing.T, cells []survey.Cell, ind, group string) survey.Cell {
	t.Helper()
	for _, c := range cells {
		var parts []string
		for _, d := range []string{"district", "gender", "age_group"} {
			if v, ok := c.Group[d]; ok {
				parts = append(parts, d+"="+v)
			}
		}
		if c.Indicator == ind && strings.Join(parts, ",") == group {
			return c
		}
	}
	t.Fatalf("no cell %s %q", ind, group)
	return survey.Cell{}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestWilsonPublished checks Indicators end to end against Newcombe
// (1998a), Table II, method 3 (Wilson score interval without continuity
// correction), printed to 4 decimals: 81/263 → 0.2553–0.3662 and
// 15/148 → 0.0624–0.1605. By hand for 81/263, z = 1.959964, z² = 3.841459:
// centre (81 + 1.920729)/(263 + 3.841459) = 0.310749, half width
// 1.959964·√(263·0.307985·0.692015 + 0.960365)/266.841459 = 0.055461.
func TestWilsonPublished(t *testing.T) {
	for _, tt := range []struct {
		k, n   int
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
	} {
		rs := make([]survey.Respondent, tt.n)
		for i := range rs {
			a := "very_safe"
			if i < tt.k {
				a = "very_unsafe"
			}
			rs[i] = survey.Respondent{ID: fmt.Sprint(i), District: "A", Answers: map[string]string{"unsafe_evening": a}}
		}
		cells, err := survey.Indicators(testQ(), testWave, rs, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		c := cell(t, cells, "unsafe", "")
		if got, want := c.Value, float64(tt.k)/float64(tt.n); got != want {
			t.Errorf("%d/%d: Value=%v, want %v", tt.k, tt.n, got, want)
		} else if !near(c.Lo, tt.lo, 0.00005) || !near(c.Hi, tt.hi, 0.00005) {
			t.Errorf("%d/%d: (%.4f, %.4f), published (%.4f, %.4f)", tt.k, tt.n, c.Lo, c.Hi, tt.lo, tt.hi)
		} else if c.N != tt.n || c.WeightedN != float64(tt.n) || c.NEff != float64(tt.n) {
			t.Errorf("%d/%d: N=%d WeightedN=%v NEff=%v, want %d each", tt.k, tt.n, c.N, c.WeightedN, c.NEff, tt.n)
		}
	}
}

// TestIndicatorsFixture checks every figure of the fixture against values
// worked out by hand. Wilson limits: centre (k + z²/2)/(n + z²), half
// width z·√(n·p(1−p) + z²/4)/(n + z²), z = 1.959964.
func TestIndicatorsFixture(t *testing.T) {
	cells, err := survey.Indicators(testQ(), testWave, fixture(), []survey.Dim{survey.DimDistrict, survey.DimGender}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ind, group    string
		value, lo, hi float64
		n             int
		suppressed    bool
		why           string
	}{
		// "Vet ej" in the denominator; 5 (Missing code) and 8 (blank) out.
		{"unsafe", "", 3.0 / 8, 0.1368, 0.6943, 8, false,
			"yes 1, 3, 6 of 1, 2, 3, 4, 6, 7, 9, 10: 3/8; centre 4.920729/11.841459 = 0.415553 ± 0.278707"},
		{"unsafe", "district=A", 2.0 / 4, 0.1500, 0.8500, 4, true, "1, 3 of 1–4: 2/4 = 0.5 ± 0.349961; n 4 < 5"},
		{"unsafe", "district=B", 1.0 / 4, 0.0456, 0.6994, 4, true, "6 of 6, 7, 9, 10: 1/4"},
		{"unsafe", "gender=f", 2.0 / 4, 0.1500, 0.8500, 4, true, "1, 6 of 1, 2, 6, 9"},
		{"unsafe", "district=B,gender=m", 0, 0, 0.6576, 2, true, "none of 7, 10: 0/2; upper z²/(2 + z²) = 0.657620"},
		// "Vet ej" (4, 9) out of the denominator as well.
		{"unsafe_opinion", "", 3.0 / 6, 0.1876, 0.8124, 6, false, "1, 3, 6 of 1, 2, 3, 6, 7, 10: 3/6"},
		{"unsafe_opinion", "district=A", 2.0 / 3, 0.2077, 0.9385, 3, true, "1, 3 of 1, 2, 3"},
		{"unsafe_opinion", "district=B", 1.0 / 3, 0.0615, 0.7923, 3, true, "6 of 6, 7, 10"},
		// Index scores 6, 4, 2, 0, 4, 6, 0, 2 (5 vet ej, 7 blank): mean 24/8 = 3;
		// Σ(x − 3)² = 9+1+1+9+1+9+9+1 = 40, s² = 40/7, SE = √(40/7/8) =
		// 0.845154, t(0.975, 7) = 2.364624, half width 1.998472.
		{"problem", "", 3, 1.0015, 4.9985, 8, false, "mean 3 ± 1.998472"},
		// A: 6, 4, 2, 0: mean 3, Σ(x − 3)² = 20, SE = √(20/3/4) = 1.290994,
		// t(0.975, 3) = 3.182446, half width 4.108535: both limits clamped.
		{"problem", "district=A", 3, 0, 6, 4, true, "mean 3, interval clamped to 0–6"},
	} {
		c := cell(t, cells, tt.ind, tt.group)
		if !near(c.Value, tt.value, 1e-12) || !near(c.Lo, tt.lo, 0.00005) || !near(c.Hi, tt.hi, 0.00005) {
			t.Errorf("%s %q: %.4f (%.4f, %.4f), want %.4f (%.4f, %.4f): %s", tt.ind, tt.group, c.Value, c.Lo, c.Hi,
				tt.value, tt.lo, tt.hi, tt.why)
		}
		if c.N != tt.n || c.WeightedN != float64(tt.n) || c.Suppressed != tt.suppressed {
			t.Errorf("%s %q: N=%d WeightedN=%v Suppressed=%v, want %d, %d, %v", tt.ind, tt.group, c.N, c.WeightedN,
				c.Suppressed, tt.n, tt.n, tt.suppressed)
		}
		if c.Wave != "w1" {
			t.Errorf("%s %q: Wave=%q, want w1", tt.ind, tt.group, c.Wave)
		}
	}
	// Every grouping set: total, district, gender, district × gender.
	if got, want := len(cells), 3*(1+2+2+4); got != want {
		t.Errorf("%d cells, want %d", got, want)
	}
}

// TestIndicatorsWeighted: weights widen the interval by Kish's design
// effect. Weights 2, 1, 1, 2, (1), 1, 3, (1), 1, 1 for respondents 1–10
// (5 and 8 are not in the denominator): Σw = 12, Σw·yes = 2 + 1 + 1 = 4,
// p = 1/3, Σw² = 4+1+1+4+1+9+1+1 = 22, n_eff = 12²/22 = 6.545455; Wilson on
// 2.181818 of 6.545455 gives 0.1017–0.6882.
func TestIndicatorsWeighted(t *testing.T) {
	rs := fixture()
	for i, w := range []float64{2, 1, 1, 2, 1, 1, 3, 1, 1, 1} {
		rs[i].Weight = w
	}
	cells, err := survey.Indicators(testQ(), testWave, rs, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := cell(t, cells, "unsafe", "")
	if !near(c.Value, 1.0/3, 1e-12) || !near(c.Lo, 0.1017, 0.00005) || !near(c.Hi, 0.6882, 0.00005) {
		t.Errorf("weighted: %.4f (%.4f, %.4f), want 0.3333 (0.1017, 0.6882)", c.Value, c.Lo, c.Hi)
	}
	if c.N != 8 || !near(c.WeightedN, 12, 1e-12) || !near(c.NEff, 144.0/22, 1e-12) {
		t.Errorf("weighted: N=%d WeightedN=%v NEff=%v, want 8, 12, 6.545455", c.N, c.WeightedN, c.NEff)
	}
}

func TestSuppression(t *testing.T) {
	for _, tt := range []struct {
		threshold  int
		suppressed []string // groups of "unsafe" suppressed
	}{
		{0, []string{"district=A", "district=B"}}, // default 5: n 4 and 4
		{5, []string{"district=A", "district=B"}},
		{4, nil},
		{9, []string{"", "district=A", "district=B"}}, // the total's n is 8
		{-1, nil},
	} {
		t.Run(fmt.Sprint(tt.threshold), func(t *testing.T) {
			cells, err := survey.Indicators(testQ(), testWave, fixture(), []survey.Dim{survey.DimDistrict}, tt.threshold)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range []string{"", "district=A", "district=B"} {
				if cell(t, cells, "unsafe", g).Suppressed {
					got = append(got, g)
				}
			}
			if !reflect.DeepEqual(got, tt.suppressed) {
				t.Errorf("suppressed %q, want %q", got, tt.suppressed)
			}
		})
	}

	cells, err := survey.Indicators(testQ(), testWave, fixture(), []survey.Dim{survey.DimDistrict}, 0)
	if err != nil {
		t.Fatal(err)
	}
	public := survey.Public(cells)
	if a := cell(t, public, "unsafe", "district=A"); !a.Suppressed || !math.IsNaN(a.Value) || !math.IsNaN(a.Lo) ||
		!math.IsNaN(a.Hi) || a.N != 0 || a.WeightedN != 0 || a.NEff != 0 {
		t.Errorf("public suppressed cell %+v, want no figures", a)
	}
	if got, want := cell(t, public, "unsafe", ""), cell(t, cells, "unsafe", ""); !reflect.DeepEqual(got, want) {
		t.Errorf("public total %+v, want it unchanged %+v", got, want)
	}
	if a := cell(t, cells, "unsafe", "district=A"); a.Value != 0.5 || a.N != 4 {
		t.Errorf("Public changed its input: %+v", a)
	}
}

func TestDenominator(t *testing.T) {
	q := testQ()
	for _, tt := range []struct {
		ind  string
		want []string
	}{
		{"unsafe", []string{"very_safe", "fairly_safe", "fairly_unsafe", "very_unsafe", "never_goes_out", "dont_know"}},
		{"unsafe_opinion", []string{"very_safe", "fairly_safe", "fairly_unsafe", "very_unsafe", "never_goes_out"}},
		{"problem", []string{"very_big_problem", "fairly_big_problem", "fairly_small_problem", "no_problem"}},
	} {
		if got, err := q.Denominator(tt.ind); err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Denominator(%q)=%q, %v, want %q", tt.ind, got, err, tt.want)
		}
	}
	if _, err := q.Denominator("nope"); err == nil {
		t.Error("Denominator of an unknown indicator: no error")
	}
}

func TestIndicatorsErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*survey.Questionnaire, *survey.Wave, []survey.Respondent) []survey.Dim
		want string
	}{
		{"AnswerOffScale", func(_ *survey.Questionnaire, _ *survey.Wave, rs []survey.Respondent) []survey.Dim {
			rs[3].Answers["unsafe_evening"] = "Vet ej" // a label, not a code
			return nil
		}, `respondent "4": answer "Vet ej" to "unsafe_evening" is not on its scale`},
		{"Weight", func(_ *survey.Questionnaire, _ *survey.Wave, rs []survey.Respondent) []survey.Dim {
			rs[1].Weight = -1
			return nil
		}, `respondent "2": weight -1`},
		{"WrongSurvey", func(_ *survey.Questionnaire, w *survey.Wave, _ []survey.Respondent) []survey.Dim {
			w.Survey = "other"
			return nil
		}, `wave "w1" is of survey "other"`},
		{"BadWave", func(_ *survey.Questionnaire, w *survey.Wave, _ []survey.Respondent) []survey.Dim {
			w.ResponseRate = 40
			return nil
		}, "response rate 40"},
		{"Dim", func(*survey.Questionnaire, *survey.Wave, []survey.Respondent) []survey.Dim {
			return []survey.Dim{survey.DimGender, "kommun"}
		}, `dimension "kommun"`},
		{"DimTwice", func(*survey.Questionnaire, *survey.Wave, []survey.Respondent) []survey.Dim {
			return []survey.Dim{survey.DimGender, survey.DimGender}
		}, `dimension "gender" unknown or given twice`},
		{"InvalidQuestionnaire", func(q *survey.Questionnaire, _ *survey.Wave, _ []survey.Respondent) []survey.Dim {
			q.Indicators[0].Positive = nil
			return nil
		}, `indicator "unsafe": counts no answer as positive`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, w, rs := testQ(), testWave, fixture()
			by := tt.edit(&q, &w, rs)
			if _, err := survey.Indicators(q, w, rs, by, 0); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	if err := testQ().Validate(); err != nil {
		t.Fatalf("testQ: %v", err)
	}
	for _, tt := range []struct {
		name string
		edit func(*survey.Questionnaire)
		want string
	}{
		{"NoVersion", func(q *survey.Questionnaire) { q.Version = "" }, "code and version are required"},
		{"QuestionTwice", func(q *survey.Questionnaire) { q.Questions[1].Code = "unsafe_evening" }, `question "unsafe_evening" is given twice`},
		{"NoScale", func(q *survey.Questionnaire) { q.Questions[1].Scale = nil }, `question "problem" has no scale`},
		{"CodeTwice", func(q *survey.Questionnaire) { q.Questions[0].Scale[1].Code = "very_safe" }, `answer code "very_safe" is empty or given twice`},
		{"IndicatorTwice", func(q *survey.Questionnaire) { q.Indicators[1].Code = "unsafe" }, `indicator "unsafe" is given twice`},
		{"NoQuestion", func(q *survey.Questionnaire) { q.Indicators[0].Question = "x" }, `no question "x"`},
		{"Direction", func(q *survey.Questionnaire) { q.Indicators[0].Direction = "" }, `direction ""`},
		{"Kind", func(q *survey.Questionnaire) { q.Indicators[0].Kind = "median" }, `unknown kind "median"`},
		{"PositiveOffScale", func(q *survey.Questionnaire) { q.Indicators[0].Positive = []string{"unsafe"} },
			`positive code "unsafe" is not on the scale`},
		{"PositiveExcluded", func(q *survey.Questionnaire) { q.Indicators[1].Positive = []string{"dont_know"} },
			`positive code "dont_know" is excluded or missing`},
		{"PositiveMissing", func(q *survey.Questionnaire) { q.Indicators[0].Positive = []string{"no_answer"} },
			`positive code "no_answer" is excluded or missing`},
		{"IndexUnscored", func(q *survey.Questionnaire) {
			q.Indicators[2].Index = &survey.ProblemIndex{Version: "x", Scores: map[string]float64{"very_big_problem": 6}}
		}, `answer "no_problem" is neither scored nor excluded`},
		{"IndexNoVersion", func(q *survey.Questionnaire) {
			def := survey.DefaultProblemIndex
			def.Version = ""
			q.Indicators[2].Index = &def
		}, "problem index definition has no version"},
		{"MeanVetEj", func(q *survey.Questionnaire) {
			q.Indicators[2] = survey.Indicator{Code: "m", Kind: survey.KindMean, Question: "problem", Direction: survey.HigherIsWorse,
				Scores: maps.Clone(survey.DefaultProblemIndex.Scores)}
		}, `indicator "m": answer "dont_know" is neither scored nor excluded`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := testQ()
			tt.edit(&q)
			if err := q.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestDefaultProblemIndex pins the shipped definition to what its
// assumption text says, so that the two cannot drift apart.
func TestDefaultProblemIndex(t *testing.T) {
	def := survey.DefaultProblemIndex
	want := map[string]float64{"very_big_problem": 6, "fairly_big_problem": 4, "fairly_small_problem": 2, "no_problem": 0}
	if !reflect.DeepEqual(def.Scores, want) || !reflect.DeepEqual(def.Exclude, []string{"dont_know"}) {
		t.Errorf("scores %v, exclude %v, want %v and [dont_know]", def.Scores, def.Exclude, want)
	}
	for _, s := range []string{"inte polisens formel", "mycket stort problem 6", "ganska litet 2", "\"vet ej\"", "inget problem alls 0"} {
		if !strings.Contains(def.AssumptionSv, s) {
			t.Errorf("AssumptionSv lacks %q", s)
		}
	}
	for _, s := range []string{"not the police's formula", "very big problem 6", "fairly small 2", "\"don't know\"", "no problem at all 0"} {
		if !strings.Contains(def.AssumptionEn, s) {
			t.Errorf("AssumptionEn lacks %q", s)
		}
	}
	if def.Version == "" {
		t.Error("no version")
	}
}

// TestPublicComplementary: a lone hidden sibling under a published parent
// takes the smallest other sibling with it, in every dimension, and only
// then.
func TestPublicComplementary(t *testing.T) {
	mk := func(n int, hidden bool, group ...string) survey.Cell {
		g := map[string]string{}
		for i := 0; i+1 < len(group); i += 2 {
			g[group[i]] = group[i+1]
		}
		c := survey.Cell{Wave: "w", Indicator: "unsafe", Group: g}
		c.N, c.Value, c.Suppressed = n, 0.3, hidden
		return c
	}
	hidden := func(cells []survey.Cell) []string {
		var out []string
		for _, c := range survey.Public(cells) {
			if c.Suppressed {
				out = append(out, fmt.Sprint(c.N, c.Group))
			}
		}
		return out
	}
	for _, tt := range []struct {
		name  string
		cells []survey.Cell
		want  []string
	}{
		{"one district hidden: the smallest other goes too", []survey.Cell{
			mk(100, false), mk(3, true, "district", "a"), mk(40, false, "district", "b"), mk(57, false, "district", "c")},
			[]string{"0 map[district:a]", "0 map[district:b]"}},
		{"two hidden already", []survey.Cell{
			mk(100, false), mk(3, true, "district", "a"), mk(4, true, "district", "b"), mk(93, false, "district", "c")},
			[]string{"0 map[district:a]", "0 map[district:b]"}},
		{"parent hidden too: nothing to subtract from", []survey.Cell{
			mk(4, true), mk(3, true, "district", "a"), mk(1, false, "district", "b")},
			[]string{"0 map[]", "0 map[district:a]"}},
		{"no parent published", []survey.Cell{
			mk(3, true, "district", "a"), mk(40, false, "district", "b")},
			[]string{"0 map[district:a]"}},
		{"other indicators and waves are other sets", []survey.Cell{
			mk(100, false), mk(3, true, "district", "a"), mk(97, false, "district", "b"),
			{Wave: "w", Indicator: "worry", Group: map[string]string{"district": "a"}}},
			[]string{"0 map[district:a]", "0 map[district:b]"}},
		{"it spreads across dimensions", []survey.Cell{
			mk(100, false),
			mk(50, false, "gender", "f"), mk(50, false, "gender", "m"),
			mk(2, true, "gender", "f", "age", "16-29"), mk(48, false, "gender", "f", "age", "30+"),
			mk(20, false, "gender", "m", "age", "16-29"), mk(30, false, "gender", "m", "age", "30+"),
			mk(22, false, "age", "16-29"), mk(78, false, "age", "30+")},
			// f/16-29 alone under f: f/30+ goes; then f/30+ is alone under
			// 30+ (m/30+ is the smaller other): m/30+ goes; then m/30+
			// alone under m: m/16-29 goes; now every set has two hidden.
			[]string{"0 map[age:16-29 gender:f]", "0 map[age:30+ gender:f]", "0 map[age:16-29 gender:m]", "0 map[age:30+ gender:m]"}},
	} {
		got := hidden(tt.cells)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: hidden %q, want %q", tt.name, got, tt.want)
		}
	}
}
