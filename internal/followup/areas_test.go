package followup

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/situation"
	"github.com/trygg-se/trygg/internal/survey"
)

// TestAreaCells: respondents who gave no district are a group of their
// own, so that a handful of them cannot be had as the kommun total less
// the priority districts and the rest: with 3 of them hidden, the smaller
// of the other two areas is hidden too. Names follow the language.
func TestAreaCells(t *testing.T) {
	q := survey.KatrineholmQuestionnaire()
	var rs []survey.Respondent
	add := func(district string, n int) {
		for i := range n {
			answer := "fairly_safe"
			if i%3 == 0 {
				answer = "very_unsafe"
			}
			rs = append(rs, survey.Respondent{ID: fmt.Sprint(district, i), District: district, Gender: "f", AgeGroup: "16-84",
				Answers: map[string]string{"unsafe_evening": answer}})
		}
	}
	add("centrum", 40) // priority
	add("norr", 30)    // priority
	add("soder", 25)   // rest
	add("", 3)         // no district given
	cells, err := areaCells(q, survey.Wave{Code: "w", Survey: q.Code, SurveyYear: 2023, ReferenceYear: 2023}, rs,
		map[string]bool{"centrum": true, "norr": true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]survey.Cell{}
	for _, c := range cells {
		if c.Indicator == "unsafe_evening" {
			got[c.Group["area"]] = c
		}
	}
	if len(got) != 4 {
		t.Fatalf("areas: %v", got)
	}
	for area, want := range map[string]struct {
		n          int
		suppressed bool
	}{"": {98, false}, areaPriority: {70, false}, areaRest: {0, true}, areaUnknown: {0, true}} {
		if c := got[area]; c.N != want.n || c.Suppressed != want.suppressed {
			t.Errorf("area %q: n %d, suppressed %v; want %d, %v", area, c.N, c.Suppressed, want.n, want.suppressed)
		}
	}
	if rs[0].District != "centrum" {
		t.Error("areaCells changed its input")
	}
	for area, want := range map[string][2]string{"": {"Hela kommunen", "Whole municipality"}, areaPriority: {"Prioriterade områden", "Priority districts"},
		areaRest: {"Övriga områden", "Other districts"}} {
		if sv, en := areaName(area, "sv"), areaName(area, "en"); sv != want[0] || en != want[1] {
			t.Errorf("area %q named %q / %q", area, sv, en)
		}
	}
}

// TestGroupTotalsHideNoRow: where every incident of the priority districts
// lies in a focus area, their total is the sum of the rows the report
// shows, so with a hidden row among them it is only a lower bound (and
// gets no rate); with incidents outside the focus areas it stays exact.
func TestGroupTotalsHideNoRow(t *testing.T) {
	fas := []*app.FocusArea{{Key: "violence"}, {Key: "drugs"}}
	ds := []*app.District{{Key: "a", Name: "A", Population: 1000}, {Key: "b", Name: "B", Population: 1000}, {Key: "c", Name: "C", Population: 1000}}
	prio := map[string]bool{"a": true, "b": true}
	periods := []app.Tertial{{Year: 2023, N: 1}, {Year: 2022, N: 1}, {Year: 2021, N: 1}}
	cell := func(fa, d string, n int) situation.Cell {
		return situation.Cell{Key: []string{fa, d, "dark"}, Count: float64(n), N: n}
	}
	rows := []situation.Cell{cell("violence", "a", 10), cell("drugs", "a", 3), cell("violence", "b", 8), cell("drugs", "b", 6),
		cell("violence", "c", 7), cell("drugs", "c", 9)}
	for _, tc := range []struct {
		name  string
		cells []situation.Cell
		want  string // the priority districts' current total
		rate  bool
	}{
		{"all in focus areas", rows, "≥ 24", false},
		{"some outside them", append(slices.Clone(rows), cell("littering", "a", 2)), "29", true},
	} {
		res := situation.Result{Cells: tc.cells}
		b := situationBlock([]situation.Result{res, res, res}, periods, fas, ds, prio, nil, "sv")
		if got := string(b.Priority.Current); strings.ReplaceAll(got, "\u00a0", " ") != tc.want || (b.Priority.CurrentRate != nil) != tc.rate {
			t.Errorf("%s: priority total %q (rate %v), want %q (rate %v)", tc.name, got, b.Priority.CurrentRate != nil, tc.want, tc.rate)
		}
		if got := string(b.Rest.Current); got != "16" || b.Rest.CurrentRate == nil { // no hidden row: exact
			t.Errorf("%s: rest total %q", tc.name, got)
		}
	}
}
