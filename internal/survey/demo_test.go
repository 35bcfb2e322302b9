package survey_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/survey"
)

func TestKatrineholmQuestionnaire(t *testing.T) {
	q := survey.KatrineholmQuestionnaire()
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	// The police survey's blocks are all there.
	for _, code := range []string{"unsafe_evening", "problem_littering", "problem_graffiti", "problem_vandalism",
		"problem_lighting", "problem_youths", "problem_drunk", "problem_drugs", "problem_mopeds",
		"victim_assault", "victim_threat", "victim_theft", "worry_assault", "police_care"} {
		if qu, ok := q.Question(code); !ok || qu.TextSv == "" || qu.TextEn == "" {
			t.Errorf("question %q missing or without text", code)
		}
	}
	for _, ind := range q.Indicators {
		if ind.NameSv == "" || ind.NameEn == "" {
			t.Errorf("indicator %q has no name", ind.Code)
		}
		if ind.Kind == survey.KindProblemIndex && (ind.Index == nil || ind.Index.AssumptionSv == "" || ind.Index.AssumptionEn == "") {
			t.Errorf("indicator %q does not say what its index assumes", ind.Code)
		}
	}
	// "Vet ej" is an answer: in the share's denominator, out of the mean's.
	for ind, in := range map[string]bool{"unsafe_evening": true, "worried_assault": true, "police_care": true,
		"victim_assault": true, "police_care_mean": false, "problem_drugs": false} {
		codes, err := q.Denominator(ind)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(codes, "dont_know"); got != in {
			t.Errorf("%s: dont_know in the denominator %v, want %v", ind, got, in)
		}
	}
	// A fresh copy each call: editing one does not change the next.
	q.Indicators[0].Positive[0] = "x"
	if survey.KatrineholmQuestionnaire().Indicators[0].Positive[0] == "x" {
		t.Error("KatrineholmQuestionnaire shares its slices between calls")
	}
}

func TestKatrineholmDemo(t *testing.T) {
	d := survey.KatrineholmDemo()
	if !reflect.DeepEqual(d, survey.KatrineholmDemo()) {
		t.Fatal("two calls give different demos")
	}
	if got, want := d.Priority, map[string]bool{"centrum": true, "norr": true, "navertorp": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("Priority=%v, want %v", got, want)
	}
	for _, tt := range []struct {
		w    survey.Wave
		rs   []survey.Respondent
		n    int
		year int
	}{
		{d.Baseline, d.BaselineRespondents, 1200, 2021},
		{d.Followup, d.FollowupRespondents, 1170, 2023},
	} {
		if err := tt.w.Validate(); err != nil {
			t.Error(err)
		}
		if !tt.w.Synthetic || tt.w.Survey != d.Questionnaire.Code || tt.w.SurveyYear != tt.year {
			t.Errorf("wave %+v, want synthetic, of %q, in %d", tt.w, d.Questionnaire.Code, tt.year)
		}
		if got := len(tt.rs); got != tt.n || got != int(math.Round(float64(tt.w.SampleSize)*tt.w.ResponseRate)) {
			t.Errorf("wave %s: %d respondents, want %d = sample × response rate", tt.w.Code, got, tt.n)
		}
		districts, sw := map[string]bool{}, 0.0
		for _, r := range tt.rs {
			districts[r.District] = true
			sw += r.Weight
		}
		if got, want := len(districts), 7; got != want {
			t.Errorf("wave %s: %d districts, want %d", tt.w.Code, got, want)
		}
		if !near(sw, float64(tt.n), 1e-6) {
			t.Errorf("wave %s: weights sum to %v, want n = %d", tt.w.Code, sw, tt.n)
		}
	}

	// The planned change in the share unsafe out late, district by
	// district: −6 points in the priority districts, −1 elsewhere (up to
	// rounding of the quotas, under 0.6 points a wave at ~170 answers).
	by := []survey.Dim{survey.DimDistrict}
	before, err := survey.Indicators(d.Questionnaire, d.Baseline, d.BaselineRespondents, by, 0)
	if err != nil {
		t.Fatal(err)
	}
	after, err := survey.Indicators(d.Questionnaire, d.Followup, d.FollowupRespondents, by, 0)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := survey.Compare(d.Questionnaire, before, after)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		district, ok := c.Group["district"]
		if c.Indicator != "unsafe_evening" || !ok {
			continue
		}
		want := -0.01
		if d.Priority[district] {
			want = -0.06
		}
		if !near(c.Value, want, 0.006) || !(c.Lo < c.Value && c.Value < c.Hi) {
			t.Errorf("%s: change %.4f (%.4f, %.4f), want %.2f", district, c.Value, c.Lo, c.Hi, want)
		}
	}

	// The effect panel: a negative estimate of about −5 points with its
	// interval. With ~500 priority respondents a wave it spans zero.
	e, err := survey.Effect(d.Questionnaire, "unsafe_evening", d.BaselineRespondents, d.FollowupRespondents, d.Priority, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !(e.Value < -0.04 && e.Value > -0.06) || !(e.Lo < e.Value && e.Value < e.Hi) || e.Hi-e.Lo > 0.2 || e.Suppressed {
		t.Errorf("effect %.4f (%.4f, %.4f), want about −0.05 inside a finite interval", e.Value, e.Lo, e.Hi)
	}
	if e.Reading != survey.ReadingNoChange {
		t.Errorf("reading %s, want no detectable change", e.Reading)
	}
	for _, s := range []string{"−4,9 procentenheter", "konfidensintervall −12,2 till +2,4", "ingen påvisbar förändring"} {
		if !strings.Contains(e.Summary("sv"), s) {
			t.Errorf("Summary(sv)=%q lacks %q", e.Summary("sv"), s)
		}
	}
	// Lighting improved where the promise put up lights.
	e, err = survey.Effect(d.Questionnaire, "problem_lighting", d.BaselineRespondents, d.FollowupRespondents, d.Priority, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reading != survey.ReadingDecrease || e.Verdict != survey.VerdictBetter {
		t.Errorf("lighting: %.2f (%.2f, %.2f) %s %q, want a decrease, better", e.Value, e.Lo, e.Hi, e.Reading, e.Verdict)
	}
}

// TestIndicatorsCounts checks N and WeightedN of every cell of a demo wave
// by district × gender × age group against a direct count.
func TestIndicatorsCounts(t *testing.T) {
	d := survey.KatrineholmDemo()
	q, rs := d.Questionnaire, d.FollowupRespondents
	cells, err := survey.Indicators(q, d.Followup, rs, []survey.Dim{survey.DimDistrict, survey.DimGender, survey.DimAgeGroup}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 15 indicators × (1 + 7 + 3 + 4 + 21 + 28 + 12 + 84) groups at most.
	if len(cells) < 15*100 || len(cells) > 15*160 {
		t.Errorf("%d cells", len(cells))
	}
	for _, c := range cells {
		ind, _ := q.Indicator(c.Indicator)
		codes, err := q.Denominator(ind.Code)
		if err != nil {
			t.Fatal(err)
		}
		n, sw := 0, 0.0
		for _, r := range rs {
			if v, ok := c.Group["district"]; ok && r.District != v {
				continue
			}
			if v, ok := c.Group["gender"]; ok && r.Gender != v {
				continue
			}
			if v, ok := c.Group["age_group"]; ok && r.AgeGroup != v {
				continue
			}
			if slices.Contains(codes, r.Answers[ind.Question]) {
				n++
				sw += r.Weight
			}
		}
		if c.N != n || !near(c.WeightedN, sw, 1e-9) || c.Suppressed != (n < 5) {
			t.Errorf("%s %v: N=%d WeightedN=%v Suppressed=%v, counted %d, %v", c.Indicator, c.Group, c.N, c.WeightedN, c.Suppressed, n, sw)
		}
	}
}

func TestKatrineholmQuestionnaireOwnsIndex(t *testing.T) {
	q := survey.KatrineholmQuestionnaire()
	ind, _ := q.Indicator("problem_drugs")
	ind.Index.Scores["very_big_problem"] = 100
	if survey.DefaultProblemIndex.Scores["very_big_problem"] != 6 {
		t.Fatal("editing the demo's index changed DefaultProblemIndex")
	}
}
