package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestESTReportReviewAndListing(t *testing.T) {
	f := newFixture(t)
	incidents := sqlstore.NewIncidentService(f.env.DB)
	mine := app.IncidentFilter{Source: app.SourceEST, ReporterID: &f.users["reporter"].ID}
	count := func() int {
		_, n, err := incidents.FindIncidents(context.Background(), f.kat.ID, mine)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	good := url.Values{"category": {"poor_lighting"}, "district": {"navertorp"}, "date": {"2023-01-12"}, "time": {"21:30"},
		"unsafety": {"4"}, "text": {"Trasig belysning i gångtunneln. Ring mig på 070-123 45 67 eller 19121212-1212."}, "place": {"Gångtunneln"}}
	bad := []url.Values{
		{"category": {"nonsense"}, "district": {"navertorp"}, "date": {"2023-01-12"}, "unsafety": {"3"}, "period": {"day"}},
		{"category": {"vegetation"}, "date": {"2023-01-12"}, "unsafety": {"3"}, "period": {"day"}}, // no where
		{"category": {"vegetation"}, "district": {"atlantis"}, "date": {"2023-01-12"}, "unsafety": {"3"}, "period": {"day"}},
		{"category": {"vegetation"}, "district": {"norr"}, "date": {"12/1"}, "unsafety": {"3"}, "period": {"day"}},
		{"category": {"vegetation"}, "district": {"norr"}, "date": {"2099-01-01"}, "unsafety": {"3"}, "period": {"day"}},
		{"category": {"vegetation"}, "district": {"norr"}, "date": {"2023-01-12"}, "unsafety": {"9"}, "period": {"day"}},
		{"category": {"vegetation"}, "district": {"norr"}, "date": {"2023-01-12"}, "unsafety": {"3"}, "period": {"sometime"}},
		{"category": {"vegetation"}, "district": {"norr"}, "date": {"2023-01-12"}, "unsafety": {"3"}, "period": {"day"}, "text": {strings.Repeat("x", 5000)}},
	}
	for i, form := range bad {
		if got, body, _ := f.send("POST", "/admin/katrineholm/rapport", "reporter", form, nil); got != 400 || !strings.Contains(body, `role="alert"`) {
			t.Errorf("bad report %d: %d", i, got)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("bad reports stored %d incidents", n)
	}
	if got, _, hdr := f.send("POST", "/admin/katrineholm/rapport", "reporter", good, nil); got != 303 || !strings.Contains(hdr.Get("Location"), "sent=1") {
		t.Fatalf("good report = %d", got)
	}
	window := url.Values{"category": {"gathering"}, "place": {"vid resecentrum"}, "date": {"2023-01-13"}, "period": {"night"}, "unsafety": {"5"}}
	if got, _, _ := f.send("POST", "/admin/katrineholm/rapport", "reporter", window, nil); got != 303 {
		t.Fatalf("window report = %d", got)
	}
	list, _, _ := incidents.FindIncidents(context.Background(), f.kat.ID, mine)
	if len(list) != 2 {
		t.Fatalf("stored %d reports, want 2", len(list))
	}
	byCat := map[string]*app.Incident{}
	for _, i := range list {
		byCat[i.Category] = i
	}
	lamp, night := byCat["poor_lighting"], byCat["gathering"]
	if strings.Contains(lamp.Text, "070-123") || strings.Contains(lamp.Text, "19121212") || !strings.Contains(lamp.Text, "[telefon]") {
		t.Errorf("personal data not masked: %q", lamp.Text)
	}
	if lamp.ReviewState != app.ReviewPending || lamp.DistrictKey != "navertorp" || lamp.Darkness != "dark" || *lamp.Unsafety != 4 {
		t.Errorf("lighting report = %+v", lamp)
	}
	// "vid resecentrum" is placed through the gazetteer; 22–06 in January
	// is wholly dark.
	if night.DistrictKey != "centrum" || night.Darkness != "" || night.DarkFraction != 1 || !night.IsWindow() {
		t.Errorf("night report = district %q darkness %q fraction %v", night.DistrictKey, night.Darkness, night.DarkFraction)
	}
	// The reporter sees their reports; pending ones count nowhere public.
	if _, body, _ := f.send("GET", "/admin/katrineholm/rapport", "reporter", nil, nil); !strings.Contains(body, "Väntar") && !strings.Contains(body, "Pending") {
		t.Error("reporter's own list does not show the pending report")
	}

	// Review: rejecting needs a reason; an edit keeps the original in the
	// audit log.
	if got, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/granskning/%d", night.ID), "coordinator", url.Values{"decision": {"rejected"}}, nil); got != 400 {
		t.Errorf("reject without reason = %d, want 400", got)
	}
	_, queue, _ := f.send("GET", "/admin/katrineholm/granskning", "coordinator", nil, nil)
	if !strings.Contains(queue, "Gångtunneln") {
		t.Error("review queue lacks the report")
	}
	// The demo's (seeded) synthetic reports include lighting problems in
	// Nävertorp within 30 days of that date; the queue points them out.
	if !strings.Contains(queue, "Liknande rapporter i närheten") || !strings.Contains(queue, `name="merged_into"`) {
		t.Error("the queue does not point out similar reports")
	}
	edited := url.Values{"decision": {"accepted"}, "text": {"Belysningen i gångtunneln är trasig."}, "category": {"poor_lighting"}, "district": {"navertorp"}}
	if got, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/granskning/%d", lamp.ID), "coordinator", edited, nil); got != 303 {
		t.Fatalf("accept with edit = %d", got)
	}
	// Another tenant's coordinator cannot review it even knowing the id.
	if got, _, _ := f.send("POST", fmt.Sprintf("/admin/flen/granskning/%d", lamp.ID), "other-tenant-admin", edited, nil); got != 403 {
		t.Errorf("Flen admin reviewing Katrineholm's report = %d", got)
	}
	entries, _, _ := sqlstore.NewAuditService(f.env.DB).FindAudit(context.Background(), f.kat.ID, app.AuditFilter{Action: "incident.review"})
	if len(entries) != 1 || !strings.Contains(string(entries[0].Before), "Trasig belysning") || !strings.Contains(string(entries[0].After), "trasig.") {
		t.Errorf("review audit = %+v", entries)
	}

	// The staff listing filters in the URL, exports CSV, and the API
	// answers the same rows to a token.
	_, page, _ := f.send("GET", "/admin/katrineholm/handelser?source=est&review_state=accepted&from=2023-01-12&to=2023-01-12", "council", nil, nil)
	if !strings.Contains(page, "Belysningen i gångtunneln") || strings.Contains(page, "vid resecentrum") {
		t.Error("filtered incidents page wrong")
	}
	if got, _, _ := f.send("GET", "/admin/katrineholm/handelser?from=igår", "council", nil, nil); got != 400 {
		t.Errorf("bad filter = %d", got)
	}
	_, csvBody, _ := f.send("GET", "/admin/katrineholm/handelser.csv?source=est&from=2023-01-12&to=2023-01-13", "police", nil, nil)
	if strings.Count(csvBody, "\r\n") != 3 {
		t.Errorf("CSV export has %d lines, want header + 2:\n%s", strings.Count(csvBody, "\r\n"), csvBody)
	}
	plain := auth.NewAPIToken()
	sqlstore.NewUserService(f.env.DB).CreateToken(context.Background(), &app.Token{TenantID: f.kat.ID, Name: "gis", Role: app.RoleCouncil}, auth.HashToken(plain))
	_, js, _ := f.send("GET", "/api/v1/tenants/katrineholm/incidents?source=est&district=centrum&from=2023-01-13&to=2023-01-13", "", nil, map[string]string{"Authorization": "Bearer " + plain})
	var body struct {
		Total     int
		Incidents []map[string]any
	}
	if err := json.Unmarshal([]byte(js), &body); err != nil || body.Total != 1 {
		t.Fatalf("API: %v %s", err, js)
	}
	got := body.Incidents[0]
	if got["district"] != "centrum" || got["darkness"] != nil || got["dark_fraction"] != 1.0 || got["occurred_from"] == nil ||
		got["occurred_at"] != nil || got["kommun_code"] != "0483" || got["review_state"] != "pending" {
		t.Errorf("API incident = %v", got)
	}
	if got, _, _ := f.send("GET", "/api/v1/tenants/katrineholm/incidents?limit=5000", "", nil, map[string]string{"Authorization": "Bearer " + plain}); got != 400 {
		t.Errorf("limit=5000 = %d, want 400", got)
	}
}
