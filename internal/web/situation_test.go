package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer/survey"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// TestSituationCountsByHand checks the lägesbild API against a count made
// directly from the demo's incident rows.
func TestSituationCountsByHand(t *testing.T) {
	f := newFixture(t)
	loc, _ := time.LoadLocation("Europe/Stockholm")
	from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, loc), time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	rows, _, err := sqlstore.NewIncidentService(f.env.DB).FindIncidents(context.Background(), f.kat.ID,
		app.IncidentFilter{From: from, To: to, ReviewState: app.ReviewAccepted, Limit: 100000})
	if err != nil || len(rows) < 100 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	want := map[string]float64{}
	wantN := map[string]int{}
	for _, r := range rows {
		add := func(dark string, w float64) {
			k := r.DistrictKey + "|" + r.FocusArea + "|" + dark
			want[k] += w
			wantN[k]++
		}
		if r.Darkness != "" {
			add(r.Darkness, 1)
			continue
		}
		if r.DarkFraction > 0 {
			add("dark", r.DarkFraction)
		}
		if r.DarkFraction < 1 {
			add("twilight_or_light", 1-r.DarkFraction)
		}
	}
	code, body, _ := f.send("GET", "/api/v1/tenants/katrineholm/situation?from=2022-01-01&to=2023-12-31&group_by=district,focus_area,darkness", "council", nil, nil)
	if code != 200 {
		t.Fatalf("situation = %d: %s", code, body)
	}
	var res struct {
		Total int
		Cells []struct {
			Group map[string]string
			Count float64
			N     int
		}
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != len(rows) {
		t.Errorf("total = %d, want %d", res.Total, len(rows))
	}
	got := map[string]float64{}
	for _, c := range res.Cells {
		k := c.Group["district"] + "|" + c.Group["focus_area"] + "|" + c.Group["darkness"]
		got[k] = c.Count
		if c.N != wantN[k] {
			t.Errorf("%s: n = %d, want %d", k, c.N, wantN[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d cells, want %d", len(got), len(want))
	}
	for k, w := range want {
		if math.Abs(got[k]-w) > 1e-9 {
			t.Errorf("%s: count = %v, want %v", k, got[k], w)
		}
	}
	// The page shows the same total as the API and the hand count.
	_, page, _ := f.send("GET", "/admin/katrineholm/lagesbild?from=2022-01-01&to=2023-12-31&lang=en", "council", nil, nil)
	if !strings.Contains(page, fmt.Sprintf("<dd>%d</dd>", len(rows))) && !strings.Contains(page, fmt.Sprintf("<dd>%s</dd>", thousands(len(rows)))) {
		t.Errorf("lägesbild page lacks the total %d", len(rows))
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/lagesbild?from=2023-05-01&to=yesterday", "council", nil, nil); code != 400 {
		t.Errorf("bad period on the page = %d, want 400", code)
	}
	// The time grid holds every incident once.
	_, body, _ = f.send("GET", "/api/v1/tenants/katrineholm/situation/timegrid?from=2022-01-01&to=2023-12-31", "police", nil, nil)
	var tg struct {
		N    int
		Grid [7][24]float64
	}
	json.Unmarshal([]byte(body), &tg)
	sum := 0.0
	for _, d := range tg.Grid {
		for _, v := range d {
			sum += v
		}
	}
	if tg.N != len(rows) || math.Abs(sum-float64(len(rows))) > 1e-6 {
		t.Errorf("time grid: n %d, sum %v, want %d", tg.N, sum, len(rows))
	}
	// Hotspots: every synthetic report has a point in a district; the
	// cells carry counts that add up to them.
	code, body, _ = f.send("GET", "/api/v1/tenants/katrineholm/situation/hotspots?from=2022-01-01&to=2023-12-31&cell=250&band=500&fdr=true", "police", nil, nil)
	var hs struct {
		N        int
		Features []struct {
			Properties struct {
				Count float64
				GiZ   float64 `json:"gi_z"`
				Class string
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &hs); code != 200 || err != nil || len(hs.Features) == 0 {
		t.Fatalf("hotspots = %d %v: %.300s", code, err, body)
	}
	cells := 0.0
	for _, c := range hs.Features {
		cells += c.Properties.Count
		if strings.HasPrefix(c.Properties.Class, "hot") && c.Properties.GiZ <= 0 {
			t.Errorf("hot cell with z %v", c.Properties.GiZ)
		}
	}
	if cells != float64(hs.N) || hs.N < 300 {
		t.Errorf("cell counts sum to %v, want n %d", cells, hs.N)
	}
	for _, q := range []string{"cell=1", "cell=250&band=100", "band=x"} {
		if code, _, _ := f.send("GET", "/api/v1/tenants/katrineholm/situation/hotspots?"+q, "police", nil, nil); code != 400 {
			t.Errorf("hotspots?%s = %d, want 400", q, code)
		}
	}
	// Bad questions get a 400 with a reason, never a 500.
	for _, q := range []string{"group_by=colour", "from=2023-05-01&to=2023-01-01", "from=someday", "group_by=district,district", "darkness=grey", "district=atlantis", "focus_area=weather"} {
		if code, body, _ := f.send("GET", "/api/v1/tenants/katrineholm/situation?"+q, "council", nil, nil); code != 400 || !strings.Contains(body, `"error"`) {
			t.Errorf("situation?%s = %d %s", q, code, body)
		}
	}
	// A filter that matches nothing is an empty, honest answer.
	if code, body, _ := f.send("GET", "/api/v1/tenants/katrineholm/situation?district=navertorp&from=1999-01-01&to=1999-12-31", "council", nil, nil); code != 200 || !strings.Contains(body, `"total": 0`) {
		t.Errorf("empty filter = %d %s", code, body)
	}
	if code, body, _ := f.send("GET", "/api/v1/tenants/katrineholm/situation?format=csv&group_by=focus_area", "council", nil, nil); code != 200 || !strings.HasPrefix(body, "focus_area,count,n") {
		t.Errorf("csv = %d %s", code, fmt.Sprint(body[:min(80, len(body))]))
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	if len(s) <= 3 {
		return s
	}
	return s[:len(s)-3] + "," + s[len(s)-3:]
}

func TestLagesbildMapLayers(t *testing.T) {
	f := newFixture(t)
	_, page, _ := f.send("GET", "/admin/katrineholm/lagesbild", "coordinator", nil, nil)
	m := regexp.MustCompile(`data-map-geojson="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the lägesbild has no map")
	}
	for _, u := range strings.Split(strings.ReplaceAll(m[1], "&amp;", "&"), ",") {
		code, body, hdr := f.send("GET", u, "coordinator", nil, nil)
		if code != 200 || !strings.Contains(body, `"FeatureCollection"`) {
			t.Errorf("%s = %d %s %.100s", u, code, hdr.Get("Content-Type"), body)
		}
		if strings.Contains(u, "hotspots") && !strings.Contains(body, `"fill"`) {
			t.Errorf("hotspot cells have no colour for the map")
		}
		if strings.Contains(u, "incidents") && !strings.Contains(body, `"Point"`) {
			t.Errorf("no incident points")
		}
	}
	// The view's exports: XLSX rows sum to the page's total; the GeoJSON
	// shades districts by rate.
	_, xlsx, _ := f.send("GET", "/admin/katrineholm/lagesbild.xlsx", "coordinator", nil, nil)
	rows, err := survey.XLSXRows(strings.NewReader(xlsx), "lagesbild.xlsx")
	if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != "district,focus_area,darkness,count,n" {
		t.Fatalf("xlsx: %v %v", err, rows)
	}
	var sum float64
	for _, r := range rows[1:] {
		v, _ := strconv.ParseFloat(r[3], 64)
		sum += v
	}
	total := regexp.MustCompile(`<dd>([0-9\x{00a0}]+)</dd>`).FindStringSubmatch(page)
	if total == nil || fmt.Sprint(math.Round(sum)) != strings.ReplaceAll(total[1], "\u00a0", "") {
		t.Errorf("xlsx counts sum to %v, the page says %v", sum, total)
	}
	if _, geo, _ := f.send("GET", "/admin/katrineholm/lagesbild.geojson", "coordinator", nil, nil); !strings.Contains(geo, `"per_1000"`) || !strings.Contains(geo, `"fill"`) {
		t.Error("the GeoJSON export lacks rates or colours")
	}
	// The points are staff data: not for the public.
	if code, _, _ := f.send("GET", "/api/v1/tenants/katrineholm/incidents?format=geojson", "", nil, nil); code != 401 {
		t.Errorf("anonymous incident points = %d", code)
	}
}

func TestLagesbildTrends(t *testing.T) {
	f := newFixture(t)
	_, page, _ := f.send("GET", "/admin/katrineholm/lagesbild", "coordinator", nil, nil)
	if strings.Count(page, "<polyline") < 4 || !strings.Contains(page, "Händelser per månad och fokusområde") {
		t.Fatal("no trend lines")
	}
	// The focus-area trend table has a row per month of the promise, and
	// its violence column adds up to the district table's violence figures.
	i := strings.Index(page, `id="trend-focus-h"`)
	table := page[i:]
	table = table[strings.Index(table, "<tbody>"):strings.Index(table, "</tbody>")]
	if n := strings.Count(table, "<tr>"); n != 24 {
		t.Errorf("%d months in the trend table, want 24 (2022-01…2023-12)", n)
	}
	var trend float64
	for _, row := range regexp.MustCompile(`<tr><th scope="row">[0-9-]+</th><td class="num">([0-9.]+)</td>`).FindAllStringSubmatch(table, -1) {
		v, _ := strconv.ParseFloat(row[1], 64)
		trend += v
	}
	api := `/api/v1/tenants/katrineholm/situation?group_by=focus_area&from=2022-01-01&to=2023-12-31&review_state=accepted`
	_, body, _ := f.send("GET", api, "coordinator", nil, nil)
	m := regexp.MustCompile(`"focus_area":\s*"violence"[^}]*\},\s*"count":\s*([0-9.]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no violence count in %s", body)
	}
	if want, _ := strconv.ParseFloat(m[1], 64); math.Abs(trend-want) > 0.01 {
		t.Errorf("the trend's violence months add up to %v, the lägesbild says %v", trend, want)
	}
}

func TestWrittenAssessment(t *testing.T) {
	f := newFixture(t)
	form := url.Values{"title": {"Läget efter sommaren"}, "from": {"2023-01-01"}, "to": {"2023-12-31"},
		"seen": {"Fler händelser i Nävertorp kvällstid. Ring 070-123 45 67."}, "why": {"EST-rapporterna och polisens notiser."}, "meaning": {"Fortsätt med belysningen."}}
	for name, bad := range map[string]url.Values{
		"no title":     with(form, "title", ""),
		"no why":       with(form, "why", ""),
		"backwards":    with(with(form, "from", "2023-12-31"), "to", "2023-01-01"),
		"not a date":   with(form, "from", "igår"),
		"unknown base": with(form, "supersedes", "999999"),
	} {
		if code, _, _ := f.send("POST", "/admin/katrineholm/bedomningar", "coordinator", bad, nil); code != 400 {
			t.Errorf("%s = %d, want 400", name, code)
		}
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/bedomningar", "council", form, nil); code != 403 {
		t.Errorf("council writes = %d", code)
	}
	code, _, hdr := f.send("POST", "/admin/katrineholm/bedomningar", "coordinator", form, nil)
	if code != 303 {
		t.Fatalf("write = %d", code)
	}
	first := hdr.Get("Location")
	_, page, _ := f.send("GET", first, "council", nil, nil)
	frozen := regexp.MustCompile(`\((\d+) granskade händelser\)`).FindStringSubmatch(page)
	if frozen == nil || strings.Contains(page, "070-123") || !strings.Contains(page, "Fortsätt med belysningen.") {
		t.Fatalf("the assessment page lacks its figures or shows a phone number")
	}
	// A later accepted report does not change what the assessment cited.
	at := time.Date(2023, 6, 1, 21, 0, 0, 0, time.UTC)
	if err := sqlstore.NewIncidentService(f.env.DB).CreateIncident(context.Background(), &app.Incident{TenantID: f.kat.ID, Source: app.SourceCitizen,
		Category: "vandalism", OccurredFrom: at, OccurredTo: at, ReviewState: app.ReviewAccepted}); err != nil {
		t.Fatal(err)
	}
	if _, again, _ := f.send("GET", first, "council", nil, nil); !strings.Contains(again, frozen[0]) {
		t.Error("the frozen figures changed with the data")
	}
	// A new version supersedes the first, which stays.
	id := first[strings.LastIndex(first, "/")+1 : strings.Index(first, "?")]
	if code, _, _ := f.send("POST", "/admin/katrineholm/bedomningar", "coordinator", with(form, "supersedes", id), nil); code != 303 {
		t.Fatalf("new version = %d", code)
	}
	_, list, _ := f.send("GET", "/admin/katrineholm/bedomningar", "council", nil, nil)
	if strings.Count(list, "Läget efter sommaren") < 2 || !strings.Contains(list, "ersätter #"+id) {
		t.Error("the list lacks both versions")
	}
	if code, _, _ := f.send("GET", "/admin/flen/bedomningar/"+id, "other-tenant-admin", nil, nil); code != 404 {
		t.Errorf("another tenant's assessment = %d", code)
	}
}

// TestSituationFollowsTheReviewQueue: once the lägesbild's facts are in
// memory, a report accepted through the review page is counted at the next
// question, and one rejected later is not.
func TestSituationFollowsTheReviewQueue(t *testing.T) {
	f := newFixture(t)
	q := "/api/v1/tenants/katrineholm/situation?from=2023-06-01&to=2023-06-02&group_by=district&source=citizen"
	total := func() int {
		t.Helper()
		code, body, _ := f.send("GET", q, "council", nil, nil)
		var res struct{ Total int }
		if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
			t.Fatalf("situation = %d %v: %.200s", code, err, body)
		}
		return res.Total
	}
	before := total()
	f.env.DB.WaitForFacts()
	if again := total(); again != before { // from memory now
		t.Fatalf("the same question answered %d, then %d", before, again)
	}
	at := time.Date(2023, 6, 1, 19, 0, 0, 0, time.UTC)
	r := &app.Incident{TenantID: f.kat.ID, Source: app.SourceCitizen, Category: "vandalism", DistrictKey: "centrum",
		OccurredFrom: at, OccurredTo: at, Text: "Krossad busskur"}
	if err := sqlstore.NewIncidentService(f.env.DB).CreateIncident(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		form url.Values
		want int
	}{
		{url.Values{"decision": {"accepted"}}, before + 1},
		{url.Values{"decision": {"rejected"}, "note": {"Fel plats"}}, before},
	} {
		if code, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/granskning/%d", r.ID), "coordinator", step.form, nil); code != 303 {
			t.Fatalf("review %v = %d", step.form, code)
		}
		for range 2 { // read from the database, then from memory again
			if got := total(); got != step.want {
				t.Fatalf("after %v: total %d, want %d", step.form, got, step.want)
			}
			f.env.DB.WaitForFacts()
		}
	}
}
