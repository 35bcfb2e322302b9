package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestDistrictPage(t *testing.T) {
	f := newFixture(t)
	code, page, _ := f.send("GET", "/katrineholm/omraden/navertorp", "", nil, nil)
	if code != 200 || !strings.Contains(page, "<h1>Nävertorp</h1>") || !strings.Contains(page, "Ny belysning i gångtunneln vid Nävertorp") {
		t.Fatalf("district page = %d", code)
	}
	// Another district's measure is not on it.
	if strings.Contains(page, "Centrum") && strings.Contains(page, "Kameraövervakning") {
		t.Error("district page lists another district's measures")
	}
	if _, en, _ := f.send("GET", "/katrineholm/omraden/navertorp?lang=en", "", nil, nil); !strings.Contains(en, "Measures in Nävertorp") {
		t.Error("no English district page")
	}
	for _, path := range []string{"/katrineholm/omraden/nowhere", "/flen/omraden/navertorp", "/nowhere/omraden/navertorp",
		"/katrineholm/oppna-data/secret.csv", "/katrineholm/omraden/navertorp/x/y"} {
		if code, _, _ := f.send("GET", path, "", nil, nil); code != 404 {
			t.Errorf("%s = %d, want 404", path, code)
		}
	}
	// The district's feed holds its measures only.
	_, feed, hdr := f.send("GET", "/katrineholm/omraden/navertorp/flode.atom", "", nil, nil)
	if !strings.HasPrefix(hdr.Get("Content-Type"), "application/atom+xml") || !strings.Contains(feed, "gångtunneln vid Nävertorp") {
		t.Fatalf("district feed: %s", feed)
	}
	_, all, _ := f.send("GET", "/katrineholm/flode.atom", "", nil, nil)
	if strings.Count(feed, "<entry>") >= strings.Count(all, "<entry>") {
		t.Error("the district feed is not a subset of the tenant's")
	}
}

// The figures on the tenant page are sums over the open-data table: a
// figure with hidden parts is shown only as a bound, equal to the sum of
// the visible cells.
func TestPublicFiguresAreConsistent(t *testing.T) {
	f := newFixture(t)
	code, body, hdr := f.send("GET", "/katrineholm/oppna-data/handelser.json", "", nil, nil)
	if code != 200 || hdr.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("handelser.json = %d %s", code, hdr.Get("Content-Type"))
	}
	var data struct {
		Cells []struct {
			District, Year string
			Value          struct {
				Count      *float64
				Suppressed string
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &data); err != nil || len(data.Cells) == 0 {
		t.Fatalf("handelser.json: %v (%d cells)", err, len(data.Cells))
	}
	visible, hidden := map[string]float64{}, map[string]int{}
	for _, c := range data.Cells {
		if c.Year < "2022" || c.Year > "2023" {
			continue
		}
		if c.Value.Count == nil {
			if c.Value.Suppressed != "<5" {
				t.Errorf("hidden cell says %q", c.Value.Suppressed)
			}
			hidden[c.District]++
		} else {
			visible[c.District] += *c.Value.Count
		}
	}
	_, page, _ := f.send("GET", "/katrineholm/", "", nil, nil)
	for _, d := range []string{"centrum", "navertorp", "norr"} {
		row := regexp.MustCompile(`href="/katrineholm/omraden/` + d + `">[^\n]*`).FindString(page)
		want := fmt.Sprint(math.Round(visible[d]*10) / 10)
		if hidden[d] > 0 {
			want = "≥ " + strings.Replace(want, ".", ",", 1)
		}
		if !strings.Contains(row, `<td class="num">`+want+`</td>`) {
			t.Errorf("%s: row %q, want the figure %q (%d hidden cells)", d, row, want, hidden[d])
		}
	}
	// The CSV is the same table, ready for a Swedish spreadsheet.
	_, csv, _ := f.send("GET", "/katrineholm/oppna-data/handelser.csv", "", nil, nil)
	if !strings.HasPrefix(csv, "\ufeffdistrict;year;focus_area;darkness;count\r\n") || strings.Count(csv, "\r\n") != len(data.Cells)+1 {
		t.Errorf("handelser.csv: %.200q", csv)
	}
	for _, path := range []string{"/katrineholm/oppna-data", "/katrineholm/oppna-data/atgarder.csv", "/katrineholm/oppna-data/atgarder.json",
		"/katrineholm/oppna-data/trygghet.json"} {
		if code, _, _ := f.send("GET", path, "", nil, nil); code != 200 {
			t.Errorf("%s = %d", path, code)
		}
	}
}

// Reviewed citizen reports are public at the centre of their 100 m square,
// dated to the day, without their words; pending ones are not public.
func TestPublicReportsAreCoarsened(t *testing.T) {
	f := newFixture(t)
	incidents := sqlstore.NewIncidentService(f.env.DB)
	at := time.Date(2023, 3, 14, 21, 47, 0, 0, time.UTC)
	ds, err := sqlstore.NewDistrictService(f.env.DB).FindDistricts(context.Background(), f.kat.ID)
	if err != nil {
		t.Fatal(err)
	}
	var navertorp *int64
	for _, d := range ds {
		if d.Key == "navertorp" {
			navertorp = &d.ID
		}
	}
	add := func(lat, lon float64, state string) {
		err := incidents.CreateIncident(context.Background(), &app.Incident{TenantID: f.kat.ID, Source: app.SourceCitizen, DistrictID: navertorp,
			Category: "poor_lighting", OccurredFrom: at, OccurredTo: at, Lat: &lat, Lon: &lon, Text: "Lampan vid porten är trasig",
			ReviewState: state, Darkness: "dark", DarkFraction: 1})
		if err != nil {
			t.Fatal(err)
		}
	}
	add(59.01012, 16.17534, app.ReviewAccepted)
	add(59.01021, 16.17541, app.ReviewAccepted) // about 10 m away
	add(59.01030, 16.17550, app.ReviewPending)
	_, body, hdr := f.send("GET", "/katrineholm/oppna-data/rapporter.geojson", "", nil, nil)
	if hdr.Get("Content-Type") != "application/geo+json; charset=utf-8" || hdr.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("headers %v", hdr)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(body), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 2 {
		t.Fatalf("%d public reports, want the 2 accepted", len(fc.Features))
	}
	a, b := fc.Features[0].Geometry.Coordinates, fc.Features[1].Geometry.Coordinates
	if a[0] != b[0] || a[1] != b[1] {
		t.Errorf("reports 10 m apart in one square published at %v and %v", a, b)
	}
	if a[0] == 16.17534 || a[1] == 59.01012 {
		t.Errorf("published the pin itself: %v", a)
	}
	if p := fc.Features[0].Properties; p["day"] != "2023-03-14" || p["after_dark"] != true {
		t.Errorf("properties %v", p)
	}
	if strings.Contains(body, "Lampan") || strings.Contains(body, "21:47") || strings.Contains(body, "22:47") {
		t.Error("the public file holds the report's text or time")
	}
	_, page, _ := f.send("GET", "/katrineholm/omraden/navertorp", "", nil, nil)
	if !strings.Contains(page, `<time datetime="2023-03-14">`) || strings.Contains(page, "Lampan") {
		t.Error("district page: want the reports by day, without their text")
	}
}

func TestPublicPageCache(t *testing.T) {
	f := newFixture(t)
	get := func(path string, hdr map[string]string) (int, string, map[string][]string) {
		code, body, h := f.send("GET", path, "", nil, hdr)
		return code, body, h
	}
	_, first, _ := get("/katrineholm/", nil)
	// Gzip for clients that take it; the same page underneath.
	code, body, h := get("/katrineholm/", map[string]string{"Accept-Encoding": "gzip"})
	if code != 200 || h["Content-Encoding"] == nil || h["Content-Encoding"][0] != "gzip" || len(body) >= len(first) {
		t.Errorf("gzip: %d %v, %d bytes vs %d", code, h["Content-Encoding"], len(body), len(first))
	}
	// The language is part of the key.
	if _, en, _ := get("/katrineholm/?lang=en", nil); !strings.Contains(en, `lang="en"`) {
		t.Error("English page served from the Swedish cache entry")
	}
	// A write through the server shows at once: a new measure appears.
	form := map[string][]string{"title": {"Ny belysning på torget"}, "type": {"lighting"}, "horizon": {"short"}, "owner_party": {"kommun"},
		"status": {"planned"}, "progress": {"0"}, "problem_focus_area": {"violence"}, "district": {"centrum"}}
	if code, body, _ := f.send("POST", "/admin/katrineholm/atgarder", "coordinator", form, nil); code != 303 {
		t.Fatalf("new measure = %d %.300s", code, body)
	}
	if _, after, _ := get("/katrineholm/", nil); !strings.Contains(after, "Ny belysning på torget") {
		t.Error("the public page is stale after a write")
	}
	// A signed-in user's page is never cached: it carries their name.
	_, mine, _ := f.send("GET", "/katrineholm/", "coordinator", nil, nil)
	if _, anon, _ := get("/katrineholm/", nil); strings.Contains(anon, "kat-coordinator@example.se") || !strings.Contains(mine, "kat-coordinator@example.se") {
		t.Error("a signed-in page leaked into the cache, or was served from it")
	}
}

func TestOpenSurveyData(t *testing.T) {
	f := newFixture(t)
	_, csv, _ := f.send("GET", "/katrineholm/oppna-data/trygghet.csv", "", nil, nil)
	if !strings.HasPrefix(csv, "\ufeffwave;indicator;district;value;low;high;n\r\n") || !strings.Contains(csv, "katrineholm-2023;unsafe_evening;;0.") {
		t.Errorf("trygghet.csv: %.300q", csv)
	}
	// Every row either shows its figures with n ≥ 5 or hides all of them.
	for _, line := range strings.Split(strings.TrimSpace(csv), "\r\n")[1:] {
		cols := strings.Split(line, ";")
		if cols[6] == "<5" && (cols[3] != "<5" || cols[4] != "<5") {
			t.Errorf("a suppressed row shows figures: %s", line)
		}
	}
	_, home, _ := f.send("GET", "/katrineholm/", "", nil, nil)
	if !strings.Contains(home, "Senast ändrat") {
		t.Error("the promise page lacks what changed recently")
	}
}
