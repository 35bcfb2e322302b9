package survey_test

import (
	"math"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/survey"
)

var testPriority = map[string]bool{"centrum": true, "norr": true}

// shareWave makes a wave with k of n unsafe in the priority districts
// (half in centrum, half in norr) and l of m in öster, plus three
// respondents without a district, all unsafe, who count nowhere.
func shareWave(prefix string, k, n, l, m int) []survey.Respondent {
	var rs []survey.Respondent
	half := func(k, n int, d string) {
		as := append(repeat("very_unsafe", k), repeat("very_safe", n-k)...)
		rs = append(rs, respondents(prefix+d, d, "unsafe_evening", as...)...)
	}
	half(k/2, n/2, "centrum")
	half(k-k/2, n-n/2, "norr")
	half(l, m, "oster")
	rs = append(rs, respondents(prefix+"none", "", "unsafe_evening", repeat("very_unsafe", 3)...)...)
	return rs
}

func TestEffectShare(t *testing.T) {
	q := testQ()
	q.Indicators[0].NameSv, q.Indicators[0].NameEn = "Otrygga", "Unsafe"
	// Priority 30 % → 20 % of 400, the rest 20 % → 19 % of 900, as in
	// stats' DiD example. By hand: (0.20 − 0.30) − (0.19 − 0.20) = −0.09;
	// variance 0.3·0.7/400 + 0.2·0.8/400 + 0.2·0.8/900 + 0.19·0.81/900 =
	// 0.000525 + 0.0004 + 0.000177778 + 0.000171 = 0.001273778, SE
	// 0.035690, half width 1.959964·0.035690 = 0.069951: −0.1600 to −0.0200,
	// wholly below zero: a decrease, and for "higher is worse" better.
	e, err := survey.Effect(q, "unsafe", shareWave("b", 120, 400, 180, 900), shareWave("a", 80, 400, 171, 900), testPriority, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !near(e.Value, -0.09, 1e-12) || !near(e.Lo, -0.1600, 0.00005) || !near(e.Hi, -0.0200, 0.00005) {
		t.Errorf("DiD %.4f (%.4f, %.4f), want −0.0900 (−0.1600, −0.0200)", e.Value, e.Lo, e.Hi)
	}
	if e.Reading != survey.ReadingDecrease || e.Verdict != survey.VerdictBetter || e.Suppressed {
		t.Errorf("reading %s, verdict %q, suppressed %v, want decrease, better, false", e.Reading, e.Verdict, e.Suppressed)
	}
	for _, tt := range []struct {
		name  string
		c     survey.Cell
		value float64
		n     int
		group string
	}{
		{"PriorityBefore", e.PriorityBefore, 0.30, 400, survey.GroupPriority},
		{"PriorityAfter", e.PriorityAfter, 0.20, 400, survey.GroupPriority},
		{"OtherBefore", e.OtherBefore, 0.20, 900, survey.GroupOther},
		{"OtherAfter", e.OtherAfter, 0.19, 900, survey.GroupOther},
	} {
		if !near(tt.c.Value, tt.value, 1e-12) || tt.c.N != tt.n || tt.c.Group["district"] != tt.group {
			t.Errorf("%s: %v of n %d in %v, want %v of %d in %s", tt.name, tt.c.Value, tt.c.N, tt.c.Group, tt.value, tt.n, tt.group)
		}
	}
	for lang, want := range map[string]string{
		"sv": "Otrygga: förändringen i de prioriterade områdena jämfört med förändringen i övriga områden är −9,0 procentenheter " +
			"(95 % konfidensintervall −16,0 till −2,0): minskning. Det är en förbättring.",
		"en": "Unsafe: the change in the priority districts compared with the change in the other districts is −9.0 percentage points " +
			"(95% confidence interval −16.0 to −2.0): decrease. That is an improvement.",
	} {
		if got := e.Summary(lang); got != want {
			t.Errorf("Summary(%q)=\n%s\nwant\n%s", lang, got, want)
		}
	}
}

func TestEffectMean(t *testing.T) {
	q := testQ()
	q.Indicators[2].NameEn = "Index"
	idx := func(prefix, d string, answers ...string) []survey.Respondent {
		return respondents(prefix, d, "problem", answers...)
	}
	three := []string{"very_big_problem", "fairly_big_problem", "fairly_small_problem", "no_problem",
		"fairly_big_problem", "very_big_problem", "no_problem", "fairly_small_problem"} // 6 4 2 0 4 6 0 2: mean 3
	high := []string{"very_big_problem", "very_big_problem", "very_big_problem", "very_big_problem", "fairly_big_problem"} // mean 5.6
	baseline := append(idx("bp", "norr", three...), idx("bo", "soder", three...)...)
	followup := append(idx("ap", "centrum", high...), idx("ao", "vaster", three...)...)
	// (5.6 − 3) − (3 − 3) = 2.6; SEs 0.845154 (three times) and 0.4 (see
	// TestCompare): variance 3·40/7/8 + 0.16 = 2.302857, SE 1.517517, half
	// width 1.959964·1.517517 = 2.974278: −0.3743 to 5.5743, spanning zero.
	e, err := survey.Effect(q, "problem", baseline, followup, testPriority, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !near(e.Value, 2.6, 1e-12) || !near(e.Lo, -0.3743, 0.00005) || !near(e.Hi, 5.5743, 0.00005) {
		t.Errorf("DiD %.4f (%.4f, %.4f), want 2.6 (−0.3743, 5.5743)", e.Value, e.Lo, e.Hi)
	}
	if e.Reading != survey.ReadingNoChange || e.Verdict != survey.VerdictNone {
		t.Errorf("reading %s, verdict %q, want no change", e.Reading, e.Verdict)
	}
	want := "Index: the change in the priority districts compared with the change in the other districts is +2.60 points " +
		"(95% confidence interval −0.37 to +5.57): no detectable change. The interval includes zero."
	if got := e.Summary("en"); got != want {
		t.Errorf("Summary=\n%s\nwant\n%s", got, want)
	}
}

func TestEffectNoData(t *testing.T) {
	q := testQ()
	b, a := shareWave("b", 120, 400, 180, 900), shareWave("a", 80, 400, 171, 900)
	// No priority districts: the priority cells are empty.
	e, err := survey.Effect(q, "unsafe", b, a, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reading != survey.ReadingNoData || !math.IsNaN(e.Value) || !e.Suppressed || e.PriorityBefore.N != 0 {
		t.Errorf("%+v, want no data and suppressed", e)
	}
	if got := e.Summary("sv"); !strings.Contains(got, "för få svarande") {
		t.Errorf("Summary=%q, want too few respondents", got)
	}
	// A small priority group: figures computed, suppressed in public.
	e, err = survey.Effect(q, "unsafe", shareWave("b", 1, 4, 180, 900), shareWave("a", 1, 4, 171, 900), testPriority, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Suppressed || e.PriorityBefore.N != 4 || strings.Contains(e.Summary("en"), "percentage") {
		t.Errorf("n 4: suppressed %v, n %d, summary %q; want suppressed without figures", e.Suppressed, e.PriorityBefore.N, e.Summary("en"))
	}
	if _, err := survey.Effect(q, "nope", b, a, testPriority, 0); err == nil {
		t.Error("unknown indicator: no error")
	}
}
