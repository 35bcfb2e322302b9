package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

const samples = "../../internal/importer/polisen/testdata/"

func TestImportPolice(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "p.db")
	startServe(t, "--db", db).shutdown(t)
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(t, "", args...)
		if code != want {
			t.Fatalf("trygg %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out + errOut
	}
	real := []string{"import", "police", samples + "katrineholm_events.json", "--texts", samples + "katrineholm_event_texts.json", "--tenant", "katrineholm", "--db", db}
	// The demo holds the real notices already, imported the same way, so
	// importing the sample again adds nothing.
	if out := run(0, real...); !strings.Contains(out, "0 added, 0 updated, 129 unchanged") {
		t.Errorf("real notices over the demo: %s", out)
	}
	if out := run(0, "import", "police", samples+"api_events_window_2025-11-12.json", "--tenant", "katrineholm", "--db", db); !strings.Contains(out, "6 about Katrineholm") {
		t.Errorf("500-notice window: %s", out)
	}

	// The county-era format (since 2026) and a night summary whose items
	// name the kommun.
	county := filepath.Join(dir, "county.json")
	os.WriteFile(county, []byte(`[
 {"id": 900001, "datetime": "2026-03-02 9:15:00 +01:00", "name": "02 mars 08.40, Misshandel, Katrineholm",
  "summary": "En man misshandlades vid Stortorget.", "url": "/aktuellt/handelser/2026/mars/2/02-mars-0840-misshandel-katrineholm/",
  "type": "Misshandel", "location": {"name": "Södermanlands län", "gps": "59.03,16.75"}},
 {"id": 900002, "datetime": "2026-03-03 7:31:00 +01:00", "name": "03 mars, Sammanfattning natt, Södermanlands län",
  "summary": "Urval av händelser under natten.", "url": "/aktuellt/handelser/2026/mars/3/03-mars-sammanfattning-natt-sodermanlands-lan/",
  "type": "Sammanfattning natt", "location": {"name": "Södermanlands län", "gps": "59.03,16.75"}}
]`), 0o644)
	texts := filepath.Join(dir, "texts.json")
	os.WriteFile(texts, []byte(`[{"id": 900002, "paragraphs": [
  "23.14, Misshandel, Katrineholm: En person misshandlades vid resecentrum i Katrineholm.",
  "02.24, Skadegörelse, Eskilstuna: Rutor krossades i centrum."]}]`), 0o644)
	out := run(0, "import", "police", county, "--texts", texts, "--tenant", "katrineholm", "--db", db)
	if !strings.Contains(out, "1 night-summary items") || !strings.Contains(out, "3 added") {
		t.Errorf("county-era import: %s", out)
	}
	store := sqltest.Open(t, db)
	defer store.Close()
	k, _ := sqlstore.NewTenantService(store).FindTenantBySlug(context.Background(), "katrineholm")
	incs, _, _ := sqlstore.NewIncidentService(store).FindIncidents(context.Background(), k.ID, app.IncidentFilter{From: mustTime("2026-03-01")})
	byExt := map[string]*app.Incident{}
	for _, i := range incs {
		byExt[i.ExternalID] = i
	}
	if i := byExt["900001"]; i == nil || i.DistrictKey != "centrum" || i.FocusArea != "violence" || i.OccurredFrom.Format("15:04") != "07:40" {
		t.Errorf("county-era notice: %+v", i)
	}
	if i := byExt["900002"]; i == nil || i.Category != "summary" || i.DistrictKey != "" {
		t.Errorf("night summary: %+v", i)
	}
	var item *app.Incident
	for ext, i := range byExt {
		if strings.HasPrefix(ext, "900002-") {
			item = i
		}
	}
	if item == nil || item.ParentID == nil || item.DistrictKey != "centrum" || item.Darkness != "dark" || item.FocusArea != "violence" {
		t.Errorf("night item: %+v", item)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[{"id": 1, "datetime": "yesterday", "name": "x", "url": "/y"}]`), 0o644)
	if out := run(1, "import", "police", bad, "--tenant", "katrineholm", "--db", db); !strings.Contains(out, "datetime") || !strings.Contains(out, "bad.json") {
		t.Errorf("bad notice: %s", out)
	}
	run(1, "import", "police", county, "--watch", "--tenant", "katrineholm", "--db", db)

	// Live mode against a local server: the User-Agent is sent, and 404 is
	// final.
	body, _ := os.ReadFile(county)
	var agent string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent = r.UserAgent()
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	if out := run(0, "import", "police", srv.URL+"/api/events", "--tenant", "katrineholm", "--db", db); !strings.Contains(out, "0 added, 0 updated, 1 unchanged") {
		t.Errorf("live import: %s", out)
	}
	if !strings.HasPrefix(agent, "Trygg/") {
		t.Errorf("User-Agent %q", agent)
	}
	if out := run(1, "import", "police", srv.URL+"/gone", "--tenant", "katrineholm", "--db", db); !strings.Contains(out, "404") {
		t.Errorf("404: %s", out)
	}
}

func mustTime(s string) (t time.Time) {
	t, _ = time.Parse(time.DateOnly, s)
	return t
}
