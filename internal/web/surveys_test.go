package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestSurveyPage(t *testing.T) {
	f := newFixture(t)
	code, page, _ := f.send("GET", "/admin/katrineholm/trygghet", "council", nil, nil)
	if code != 200 {
		t.Fatalf("survey page = %d", code)
	}
	for _, want := range []string{
		"katrineholm-2023",
		// The demo's effect: the synthetic change with its interval and reading.
		"förändringen i de prioriterade områdena jämfört med förändringen i övriga områden är −4,9 procentenheter",
		"ingen påvisbar förändring",
		`role="img"`, "<caption>",
		"Nävertorp",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("survey page lacks %q", want)
		}
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/trygghet?wave=katrineholm-2021", "council", nil, nil); code != 200 {
		t.Errorf("baseline wave = %d", code)
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/trygghet?wave=nope", "council", nil, nil); code != 404 {
		t.Errorf("unknown wave = %d", code)
	}
	// Another tenant has no waves, and sees none of Katrineholm's.
	if _, flen, _ := f.send("GET", "/admin/flen/trygghet", "other-tenant-admin", nil, nil); strings.Contains(flen, "katrineholm-2023") {
		t.Error("Flen sees Katrineholm's survey")
	}
}

func TestSurveyIndicatorsAPI(t *testing.T) {
	f := newFixture(t)
	code, body, _ := f.send("GET", "/api/v1/tenants/katrineholm/surveys/katrineholm-2023/indicators?by=district,gender", "coordinator", nil, nil)
	if code != 200 {
		t.Fatalf("indicators = %d %s", code, body)
	}
	var out struct {
		Indicators []struct {
			Indicator  string
			Group      map[string]string
			Value      *float64
			N          int
			Suppressed bool
		}
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	var total, cross int
	for _, c := range out.Indicators {
		if c.Indicator != "unsafe_evening" {
			continue
		}
		switch len(c.Group) {
		case 0:
			total++
			if c.N < 1000 || c.Value == nil || *c.Value <= 0 || *c.Value >= 1 {
				t.Errorf("total %+v", c)
			}
		case 2:
			cross++
		}
		if c.Suppressed && c.Value != nil {
			t.Errorf("a suppressed cell shows its value: %+v", c)
		}
	}
	if total != 1 || cross == 0 {
		t.Errorf("%d totals, %d district × gender cells", total, cross)
	}
	for path, want := range map[string]int{
		"/api/v1/tenants/katrineholm/surveys/katrineholm-2023/indicators?by=shoe_size": 400,
		"/api/v1/tenants/katrineholm/surveys/katrineholm-1999/indicators":              404,
	} {
		if code, _, _ := f.send("GET", path, "coordinator", nil, nil); code != want {
			t.Errorf("%s = %d, want %d", path, code, want)
		}
	}
}

func TestPublishedSurveyResults(t *testing.T) {
	f := newFixture(t)
	w := &app.SurveyWave{TenantID: f.kat.ID, Survey: "katrineholm-trygghet", Name: "polisen-2024", SurveyYear: 2024, ReferenceYear: 2024}
	if _, err := sqlstore.NewSurveyService(f.env.DB).ReplacePublished(context.Background(), w, []app.SurveyPublished{
		{Line: 2, Item: "Otrygg ute sent", Area: "Nävertorp", Kind: "share", Value: 0.31, N: 187},
		{Line: 3, Item: "Dålig belysning", Area: "Väster", Kind: "problem_index", Value: 2.4, N: 3},
	}); err != nil {
		t.Fatal(err)
	}
	_, page, _ := f.send("GET", "/admin/katrineholm/trygghet?wave=polisen-2024", "council", nil, nil)
	if !strings.Contains(page, "Publicerade resultat") || !strings.Contains(page, "31\u00a0%") || !strings.Contains(page, "&lt;5") {
		t.Error("the published results, or the suppression of n = 3, are not on the page")
	}
}
