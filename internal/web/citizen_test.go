package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

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
