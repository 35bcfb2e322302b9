package survey_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/survey"
)

// respondents makes one respondent per answer to question q, in district d.
func respondents(prefix, d, q string, answers ...string) []survey.Respondent {
	rs := make([]survey.Respondent, len(answers))
	for i, a := range answers {
		rs[i] = survey.Respondent{ID: fmt.Sprintf("%s%d", prefix, i), District: d, Answers: map[string]string{q: a}}
	}
	return rs
}

// repeat is a answers n times.
func repeat(a string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = a
	}
	return out
}

func mustIndicators(t *testing.T, q survey.Questionnaire, code string, rs []survey.Respondent) []survey.Cell {
	t.Helper()
	w := survey.Wave{Code: code, Survey: q.Code, SurveyYear: 2025, ReferenceYear: 2025}
	cells, err := survey.Indicators(q, w, rs, []survey.Dim{survey.DimDistrict}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return cells
}

func comparison(t *testing.T, cs []survey.Comparison, ind string) survey.Comparison {
	t.Helper()
	for _, c := range cs {
		if c.Indicator == ind && len(c.Group) == 0 {
			return c
		}
	}
	t.Fatalf("no comparison of %s for the total", ind)
	return survey.Comparison{}
}

func TestCompare(t *testing.T) {
	q := testQ()
	// Shares: Newcombe (1998b), Table II, example (a), method 10 (hybrid
	// score): 56/70 − 48/80 = 0.2000, 95 % interval 0.0524 to 0.3339. By
	// hand from the Wilson limits of 56/70 (0.6918, 0.8770) and 48/80
	// (0.4905, 0.7004): 0.2 − √(0.1082² + 0.1004²) = 0.0524 and
	// 0.2 + √(0.0770² + 0.1095²) = 0.3339.
	before := respondents("b", "A", "unsafe_evening", append(repeat("very_unsafe", 48), repeat("very_safe", 32)...)...)
	after := respondents("a", "A", "unsafe_evening", append(repeat("very_unsafe", 56), repeat("very_safe", 14)...)...)
	// Index, before: scores 6, 4, 2, 0, 4, 6, 0, 2 as in the fixture: mean 3,
	// SE √(40/7/8) = 0.845154. After: 6, 6, 6, 6, 4: mean 5.6, Σ(x − 5.6)² =
	// 4·0.16 + 2.56 = 3.2, SE = √(3.2/4/5) = 0.4; its t interval 5.6 ±
	// 2.776445·0.4 is clamped to 6 at the top, so the SE is read from the
	// lower side. Difference 2.6, SE √(0.845154² + 0.4²) = 0.935032, half
	// width 1.959964·0.935032 = 1.832630: 0.7674 to 4.4326.
	for i, a := range []string{"very_big_problem", "fairly_big_problem", "fairly_small_problem", "no_problem",
		"fairly_big_problem", "very_big_problem", "no_problem", "fairly_small_problem"} {
		before[i].Answers["problem"] = a
	}
	for i, a := range []string{"very_big_problem", "very_big_problem", "very_big_problem", "very_big_problem", "fairly_big_problem"} {
		after[i].Answers["problem"] = a
	}
	b, a := mustIndicators(t, q, "2021", before), mustIndicators(t, q, "2023", after)
	cs, err := survey.Compare(q, b, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ind           string
		d, lo, hi     float64
		reading       survey.Reading
		verdict       survey.Verdict
		suppressed    bool
		before, after int
	}{
		{"unsafe", 0.2, 0.0524, 0.3339, survey.ReadingIncrease, survey.VerdictWorse, false, 80, 70},
		{"problem", 2.6, 0.7674, 4.4326, survey.ReadingIncrease, survey.VerdictWorse, false, 8, 5},
	} {
		c := comparison(t, cs, tt.ind)
		if !near(c.Value, tt.d, 1e-12) || !near(c.Lo, tt.lo, 0.00005) || !near(c.Hi, tt.hi, 0.00005) {
			t.Errorf("%s: %.4f (%.4f, %.4f), want %.4f (%.4f, %.4f)", tt.ind, c.Value, c.Lo, c.Hi, tt.d, tt.lo, tt.hi)
		}
		if c.Reading != tt.reading || c.Verdict != tt.verdict || c.Suppressed != tt.suppressed {
			t.Errorf("%s: %s/%q suppressed=%v, want %s/%q %v", tt.ind, c.Reading, c.Verdict, c.Suppressed, tt.reading, tt.verdict, tt.suppressed)
		}
		if c.Before.N != tt.before || c.After.N != tt.after || c.Before.Wave != "2021" || c.After.Wave != "2023" {
			t.Errorf("%s: n %d (%s) → %d (%s), want %d → %d", tt.ind, c.Before.N, c.Before.Wave, c.After.N, c.After.Wave, tt.before, tt.after)
		}
	}

	// Only groups in both waves are compared; a district in one wave only
	// is left out.
	extra := append(after, respondents("x", "B", "unsafe_evening", "very_safe")...)
	cs, err = survey.Compare(q, b, mustIndicators(t, q, "2023", extra))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Group["district"] == "B" {
			t.Errorf("compared district B, which the earlier wave lacks: %+v", c)
		}
	}
	// Cells of two waves on one side are refused.
	if _, err := survey.Compare(q, append(b, a...), a); err == nil || !strings.Contains(err.Error(), "one side") {
		t.Errorf("mixed waves: err %v", err)
	}
}

func TestReadings(t *testing.T) {
	for _, tt := range []struct {
		name          string
		before, after int // unsafe out of 100
		n             int
		reading       survey.Reading
		sv, en        string
	}{
		{"Decrease", 40, 20, 100, survey.ReadingDecrease, "minskning", "decrease"},
		{"Increase", 20, 40, 100, survey.ReadingIncrease, "ökning", "increase"},
		{"NoChange", 30, 28, 100, survey.ReadingNoChange, "ingen påvisbar förändring", "no detectable change"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := testQ()
			mk := func(prefix string, k int) []survey.Respondent {
				return respondents(prefix, "A", "unsafe_evening", append(repeat("fairly_unsafe", k), repeat("fairly_safe", tt.n-k)...)...)
			}
			cs, err := survey.Compare(q, mustIndicators(t, q, "1", mk("b", tt.before)), mustIndicators(t, q, "2", mk("a", tt.after)))
			if err != nil {
				t.Fatal(err)
			}
			c := comparison(t, cs, "unsafe")
			if c.Reading != tt.reading || c.Reading.Sv() != tt.sv || c.Reading.En() != tt.en {
				t.Errorf("reading %s (%s / %s), want %s (%s / %s)", c.Reading, c.Reading.Sv(), c.Reading.En(), tt.reading, tt.sv, tt.en)
			}
			if !(c.Lo < c.Value && c.Value < c.Hi) {
				t.Errorf("interval (%v, %v) does not contain %v", c.Lo, c.Hi, c.Value)
			}
		})
	}
	if got, want := survey.ReadingNoData.Sv(), "otillräckligt underlag"; got != want {
		t.Errorf("no data: %q, want %q", got, want)
	}
}

// TestCompareNoData: a mean of one answer has no interval, so neither has
// its change.
func TestCompareNoData(t *testing.T) {
	q := testQ()
	before := respondents("b", "A", "problem", "no_problem", "very_big_problem")
	after := respondents("a", "A", "problem", "no_problem")
	cs, err := survey.Compare(q, mustIndicators(t, q, "1", before), mustIndicators(t, q, "2", after))
	if err != nil {
		t.Fatal(err)
	}
	c := comparison(t, cs, "problem")
	if c.Reading != survey.ReadingNoData || !math.IsNaN(c.Lo) || !c.Suppressed || c.Value != -3 {
		t.Errorf("%+v, want value −3, no interval, no data, suppressed", c)
	}
}
