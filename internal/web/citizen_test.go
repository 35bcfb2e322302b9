package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestCitizenReport(t *testing.T) {
	f := newFixture(t)
	incidents := sqlstore.NewIncidentService(f.env.DB)
	citizen := func() []*app.Incident {
		l, _, _ := incidents.FindIncidents(context.Background(), f.kat.ID, app.IncidentFilter{Source: app.SourceCitizen})
		return l
	}
	form := url.Values{"category": {"poor_lighting"}, "place": {"gångtunneln vid Nävertorps centrum"}, "date": {"2023-01-12"},
		"period": {"night"}, "text": {"Mörkt och obehagligt. Mejla anna.svensson@example.se"}, "email": {"Anna@Example.se"}}
	for _, bad := range []url.Values{
		{"category": {"x"}, "place": {"p"}, "date": {"2023-01-12"}, "period": {"night"}},
		{"category": {"vandalism"}, "date": {"2023-01-12"}, "period": {"night"}},
		{"category": {"vandalism"}, "place": {"p"}, "date": {"2099-01-12"}, "period": {"night"}},
		{"category": {"vandalism"}, "place": {"p"}, "date": {"2023-01-12"}, "period": {"night"}, "email": {"not-an-address"}},
	} {
		if code, _, _ := f.send("POST", "/katrineholm/rapportera", "", bad, nil); code != 400 {
			t.Errorf("bad report %v = %d", bad, code)
		}
	}
	honey := url.Values{"website": {"http://spam"}}
	for k, v := range form {
		honey[k] = v
	}
	if code, body, _ := f.send("POST", "/katrineholm/rapportera", "", honey, nil); code != 200 || !strings.Contains(body, `role="status"`) {
		t.Errorf("honeypot = %d", code)
	}
	if n := len(citizen()); n != 0 {
		t.Fatalf("%d reports stored after bad and bot posts", n)
	}
	code, body, _ := f.send("POST", "/katrineholm/rapportera", "", form, nil)
	link := regexp.MustCompile(`/katrineholm/rapportstatus\?t=[A-Z2-7]+`).FindString(body)
	if code != 200 || link == "" {
		t.Fatalf("report = %d, status link %q", code, link)
	}
	l := citizen()
	if len(l) != 1 {
		t.Fatalf("%d citizen reports", len(l))
	}
	r := l[0]
	if r.ReviewState != app.ReviewPending || r.DistrictKey != "navertorp" || strings.Contains(r.Text, "anna.svensson") || r.DarkFraction != 1 {
		t.Errorf("stored report %+v", r)
	}
	// The status link shows the state; a wrong token is not found.
	if code, body, hdr := f.send("GET", link, "", nil, nil); code != 200 || !strings.Contains(body, "Väntar") && !strings.Contains(body, "Pending") || hdr.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("status page = %d", code)
	}
	if code, _, _ := f.send("GET", "/katrineholm/rapportstatus?t=WRONG", "", nil, nil); code != 404 {
		t.Errorf("wrong token = %d", code)
	}
	// The e-mail is never shown: not to staff pages, exports, the API or the audit log.
	for _, path := range []string{"/admin/katrineholm/granskning", "/admin/katrineholm/handelser?source=citizen", "/admin/katrineholm/handelser.csv?source=citizen",
		"/api/v1/tenants/katrineholm/incidents?source=citizen", "/admin/katrineholm/audit", "/admin/katrineholm/audit.csv", link} {
		_, body, _ := f.send("GET", path, "admin", nil, nil)
		if strings.Contains(strings.ToLower(body), "anna@example.se") {
			t.Errorf("%s shows the citizen's e-mail", path)
		}
	}
	// Once accepted it counts publicly, only as a suppressed count: no text,
	// no place, no time.
	if code, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/granskning/%d", r.ID), "coordinator", url.Values{"decision": {"accepted"}}, nil); code != 303 {
		t.Fatalf("accept = %d", code)
	}
	_, page, _ := f.send("GET", "/katrineholm/", "", nil, nil)
	if !strings.Contains(page, "&lt;5") || strings.Contains(page, "Mörkt och obehagligt") || strings.Contains(page, "Nävertorps centrum") {
		t.Error("public page: want the report as <5 and nothing of its text")
	}
	// Public writes are rate limited per address.
	limited := false
	for range 40 {
		if code, _, hdr := f.send("POST", "/katrineholm/rapportera", "", url.Values{}, nil); code == 429 && hdr.Get("Retry-After") != "" {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("40 posts in a row were never rate limited")
	}
	if code, _, _ := f.send("GET", "/nowhere/rapportera", "", nil, nil); code != 404 {
		t.Errorf("unknown tenant = %d", code)
	}
}

func TestMergeDuplicate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	incidents := sqlstore.NewIncidentService(f.env.DB)
	file := func(text string) *app.Incident {
		at := time.Date(2023, 2, 1, 20, 0, 0, 0, time.UTC)
		lat, lon := 59.0101, 16.1753
		i := &app.Incident{TenantID: f.kat.ID, Source: app.SourceCitizen, Category: "gathering", OccurredFrom: at, OccurredTo: at,
			Lat: &lat, Lon: &lon, Text: text}
		if err := incidents.CreateIncident(ctx, i); err != nil {
			t.Fatal(err)
		}
		return i
	}
	first, second := file("Gäng vid kiosken"), file("Samma gäng vid kiosken igen")
	_, page, _ := f.send("GET", "/admin/katrineholm/granskning", "coordinator", nil, nil)
	if !strings.Contains(page, fmt.Sprintf(`<option value="%d">`, first.ID)) || !strings.Contains(page, `value="merged"`) {
		t.Fatal("review queue does not offer the nearby report as the original")
	}
	review := func(id int64, form url.Values) int {
		code, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/granskning/%d", id), "coordinator", form, nil)
		return code
	}
	merge := func(into string) url.Values { return url.Values{"decision": {"merged"}, "merged_into": {into}} }
	for name, form := range map[string]url.Values{
		"no original":  merge(""),
		"itself":       merge(fmt.Sprint(second.ID)),
		"not a number": merge("x"),
		"unknown":      merge("999999"),
	} {
		if code := review(second.ID, form); code != 400 {
			t.Errorf("merge into %s = %d, want 400", name, code)
		}
	}
	if code := review(second.ID, merge(fmt.Sprint(first.ID))); code != 303 {
		t.Fatalf("merge = %d", code)
	}
	got, _ := incidents.FindIncident(ctx, f.kat.ID, second.ID)
	if got.ReviewState != app.ReviewMerged || got.MergedInto == nil || *got.MergedInto != first.ID || got.Text != second.Text {
		t.Errorf("merged report %+v", got)
	}
	// A duplicate is no original: nothing can be merged into it.
	third := file("Och igen")
	if code := review(third.ID, merge(fmt.Sprint(second.ID))); code != 400 {
		t.Errorf("merge into a duplicate = %d", code)
	}
	// Another tenant's report is unknown.
	flenAt := time.Date(2023, 2, 1, 20, 0, 0, 0, time.UTC)
	other := &app.Incident{TenantID: f.flen.ID, Source: app.SourceCitizen, Category: "gathering", OccurredFrom: flenAt, OccurredTo: flenAt}
	if err := incidents.CreateIncident(ctx, other); err != nil {
		t.Fatal(err)
	}
	if code := review(third.ID, merge(fmt.Sprint(other.ID))); code != 400 {
		t.Errorf("merge into another tenant's report = %d", code)
	}
}

func TestCitizenReportWithPoint(t *testing.T) {
	f := newFixture(t)
	base := url.Values{"category": {"poor_lighting"}, "date": {"2023-01-12"}, "period": {"night"}}
	at := func(lat, lon string) url.Values {
		v := url.Values{"lat": {lat}, "lon": {lon}}
		for k, vv := range base {
			v[k] = vv
		}
		return v
	}
	for name, form := range map[string]url.Values{
		"outside the kommun": at("57.70", "11.97"),
		"not a number":       at("north", "16.17"),
		"half a point":       at("59.01", ""),
		"out of range":       at("91", "16.17"),
	} {
		if code, _, _ := f.send("POST", "/katrineholm/rapportera", "", form, nil); code != 400 {
			t.Errorf("%s = %d, want 400", name, code)
		}
	}
	// A point alone says where: no district or place needed.
	if code, body, _ := f.send("POST", "/katrineholm/rapportera", "", at("59.0101", "16.1753"), nil); code != 200 || !strings.Contains(body, "rapportstatus?t=") {
		t.Fatalf("report with a point = %d", code)
	}
	l, _, _ := sqlstore.NewIncidentService(f.env.DB).FindIncidents(context.Background(), f.kat.ID, app.IncidentFilter{Source: app.SourceCitizen})
	if len(l) != 1 || l[0].Lat == nil || *l[0].Lat != 59.0101 || l[0].DistrictKey != "navertorp" {
		t.Fatalf("stored %+v", l)
	}
	// The form offers the map, but never needs it.
	_, form, _ := f.send("GET", "/katrineholm/rapportera?district=norr", "", nil, nil)
	if !strings.Contains(form, `data-map-pick="c-lat,c-lon"`) || !strings.Contains(form, `<option value="norr" selected>`) {
		t.Error("the form lacks the optional map or the district from the link")
	}
}
