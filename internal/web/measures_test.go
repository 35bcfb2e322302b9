package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestMeasures(t *testing.T) {
	f := newFixture(t)
	ms := sqlstore.NewMeasureService(f.env.DB)
	before, _ := ms.FindMeasures(context.Background(), f.kat.ID)
	form := url.Values{"title": {"Belysning vid busshållplatsen"}, "type": {"lighting"}, "horizon": {"short"}, "owner_party": {"kommun"},
		"district": {"norr"}, "status": {"planned"}, "progress": {"0"}, "planned_start": {"2023-03-01"}, "planned_end": {"2023-05-31"}}
	// Without the problem it answers, a measure cannot be saved.
	if code, body, _ := f.send("POST", "/admin/katrineholm/atgarder", "coordinator", form, nil); code != 400 || !strings.Contains(body, "problem") {
		t.Errorf("measure without a problem = %d", code)
	}
	bad := []url.Values{
		{"problem_focus_area": {"violence"}, "progress": {"150"}},
		{"problem_focus_area": {"violence"}, "planned_end": {"2023-01-01"}},
		{"problem_focus_area": {"violence"}, "status": {"cancelled"}},
		{"problem_focus_area": {"violence"}, "district": {"atlantis"}},
		{"problem_focus_area": {"violence"}, "type": {"magic"}},
		{"problem_focus_area": {"violence"}, "planned_start": {"1/3"}},
	}
	for i, b := range bad {
		v := url.Values{}
		for k, x := range form {
			v[k] = x
		}
		for k, x := range b {
			v[k] = x
		}
		if code, _, _ := f.send("POST", "/admin/katrineholm/atgarder", "coordinator", v, nil); code != 400 {
			t.Errorf("bad measure %d = %d, want 400", i, code)
		}
	}
	if after, _ := ms.FindMeasures(context.Background(), f.kat.ID); len(after) != len(before) {
		t.Fatalf("bad forms stored measures: %d → %d", len(before), len(after))
	}
	form.Set("problem_ref", "Trygghetsvandring i Norr, februari 2023")
	if code, _, _ := f.send("POST", "/admin/katrineholm/atgarder", "police", form, nil); code != 303 {
		t.Fatalf("create = %d", code)
	}
	all, _ := ms.FindMeasures(context.Background(), f.kat.ID)
	m := all[0]
	if m.Title != form.Get("title") || m.DistrictKey != "norr" || m.PlannedStart.String() != "2023-03-01" || m.Synthetic {
		t.Errorf("created %+v", m)
	}
	form.Set("status", "done")
	form.Set("progress", "100")
	form.Set("actual_end", "2023-05-20")
	if code, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/atgarder/%d", m.ID), "coordinator", form, nil); code != 303 {
		t.Fatalf("update = %d", code)
	}
	entries, _, _ := sqlstore.NewAuditService(f.env.DB).FindAudit(context.Background(), f.kat.ID, app.AuditFilter{Action: "measure.update"})
	if len(entries) != 1 || !strings.Contains(string(entries[0].Before), `"planned"`) || !strings.Contains(string(entries[0].After), `"done"`) {
		t.Errorf("update history = %+v", entries)
	}
	// Another tenant's measure id is not found; the council can read but not edit.
	if code, _, _ := f.send("POST", fmt.Sprintf("/admin/flen/atgarder/%d", m.ID), "other-tenant-admin", form, nil); code != 403 {
		t.Errorf("Flen admin editing = %d", code)
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/atgarder/999999", "coordinator", nil, nil); code != 404 {
		t.Errorf("unknown measure = %d", code)
	}
	if _, body, _ := f.send("GET", "/admin/katrineholm/atgarder", "council", nil, nil); !strings.Contains(body, "Belysning vid busshållplatsen") || strings.Contains(body, "/atgarder/ny") {
		t.Error("council's measure list wrong")
	}
	// The Atom feed carries them, escaped and well-formed.
	code, feed, hdr := f.send("GET", "/katrineholm/flode.atom", "", nil, nil)
	var parsed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed), &parsed); code != 200 || err != nil || !strings.HasPrefix(hdr.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed = %d %v", code, err)
	}
	found := false
	for _, e := range parsed.Entries {
		found = found || e.Title == "Belysning vid busshållplatsen"
	}
	if !found || len(parsed.Entries) < 8 {
		t.Errorf("feed has %d entries, the new measure found: %v", len(parsed.Entries), found)
	}
	// The public page shows the promise's measures, the demo's as examples.
	_, page, _ := f.send("GET", "/katrineholm/", "", nil, nil)
	if !strings.Contains(page, "Belysning vid busshållplatsen") || !strings.Contains(page, "Ny belysning i gångtunneln vid Nävertorp") || !strings.Contains(page, "påhittade exempel") {
		t.Error("public page lacks the measures")
	}
}

func TestMeasurePartsMilestonesAndCamera(t *testing.T) {
	f := newFixture(t)
	post := func(path string, form url.Values) (int, string) {
		code, body, _ := f.send("POST", path, "coordinator", form, nil)
		return code, body
	}
	base := url.Values{"title": {"Belysningsprogram"}, "type": {"lighting"}, "horizon": {"long"}, "owner_party": {"kommun"},
		"status": {"started"}, "progress": {"0"}, "problem_focus_area": {"violence"}}
	if code, _ := post("/admin/katrineholm/atgarder", base); code != 303 {
		t.Fatalf("parent = %d", code)
	}
	ms, _ := sqlstore.NewMeasureService(f.env.DB).FindMeasures(context.Background(), f.kat.ID)
	parent := ms[0]
	child := url.Values{"title": {"Lampor i gångtunneln"}, "type": {"lighting"}, "horizon": {"short"}, "owner_party": {"kommun"},
		"status": {"started"}, "progress": {"40"}, "problem_focus_area": {"violence"}, "parent": {fmt.Sprint(parent.ID)},
		"milestones": {"[x] 2023-03-01 Beställt\r\n2023-05-01 Monterat"}, "lat": {"59.01012"}, "lon": {"16.17534"}, "cost": {"48 500"}}
	if code, body := post("/admin/katrineholm/atgarder", child); code != 303 {
		t.Fatalf("child = %d %s", code, body)
	}
	for name, bad := range map[string]url.Values{
		"milestone without a date":  with(child, "milestones", "Beställt"),
		"unknown parent":            with(child, "parent", "999999"),
		"running camera unassessed": with(with(base, "type", "camera"), "title", "Kamera"),
	} {
		if code, _ := post("/admin/katrineholm/atgarder", bad); code != 400 {
			t.Errorf("%s = %d, want 400", name, code)
		}
	}
	// The list rolls the child's progress up into the parent and warns of
	// the demo camera whose review date has passed.
	_, list, _ := f.send("GET", "/admin/katrineholm/atgarder", "coordinator", nil, nil)
	row := list[strings.Index(list, ">Belysningsprogram<"):]
	if !strings.Contains(row[:strings.Index(row, "</tr>")], "40&nbsp;%") || !strings.Contains(list, `class="depth-1"`) {
		t.Error("the parent does not show its child's progress, or the child is not under it")
	}
	if !strings.Contains(list, "Omprövningsdatum har passerat") || !strings.Contains(list, "Kamerabevakning vid resecentrum") {
		t.Error("no warning for the demo camera past its review date")
	}
	ms, _ = sqlstore.NewMeasureService(f.env.DB).FindMeasures(context.Background(), f.kat.ID)
	_, edit, _ := f.send("GET", fmt.Sprintf("/admin/katrineholm/atgarder/%d", ms[0].ID), "coordinator", nil, nil)
	if !strings.Contains(edit, "[x] 2023-03-01 Beställt") || !strings.Contains(edit, "measure.create") || !strings.Contains(edit, `value="59.01012"`) || !strings.Contains(edit, `value="48500"`) {
		t.Error("the edit page lacks the milestones or the history")
	}
}

func TestPatrolLog(t *testing.T) {
	f := newFixture(t)
	// The demo's synthetic patrols show against the incidents.
	code, page, _ := f.send("GET", "/admin/katrineholm/patrullering", "police", nil, nil)
	if code != 200 || !strings.Contains(page, "Nävertorp") || !strings.Contains(page, "Andel i mörker") || !strings.Contains(page, "(katrineholm-2023)") {
		t.Fatalf("patrol page = %d, or without the survey's unsafety by district", code)
	}
	form := url.Values{"date": {"2021-03-05"}, "start": {"22:00"}, "end": {"01:30"}, "mode": {"foot"}, "district": {"norr", "norr"}, "note": {"Lugnt vid stationen"}}
	for name, bad := range map[string]url.Values{
		"no district":      with(form, "district", ""),
		"unknown district": with(form, "district", "mars"),
		"no time":          with(form, "start", ""),
		"unknown mode":     with(form, "mode", "horse"),
	} {
		if code, _, _ := f.send("POST", "/admin/katrineholm/patrullering", "police", bad, nil); code != 400 {
			t.Errorf("%s = %d, want 400", name, code)
		}
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/patrullering", "police", form, nil); code != 303 {
		t.Fatalf("record = %d", code)
	}
	// Over midnight: 3.5 hours, all of it dark in March.
	_, page, _ = f.send("GET", "/admin/katrineholm/patrullering?from=2021-03-01&to=2021-03-31", "police", nil, nil)
	if !strings.Contains(page, "<th scope=\"row\">Norr</th><td class=\"num\">1</td><td class=\"num\">4</td><td class=\"num\">100\u00a0%</td>") {
		t.Errorf("March 2021 row for Norr missing: %s", page[strings.Index(page, "<tbody>"):strings.Index(page, "</tbody>")])
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/patrullering?from=2021-03-31&to=2021-03-01", "police", nil, nil); code != 400 {
		t.Errorf("a backwards period = %d", code)
	}
	// A reporter may not record patrols.
	if code, _, _ := f.send("POST", "/admin/katrineholm/patrullering", "reporter", form, nil); code != 403 {
		t.Errorf("reporter records a patrol = %d", code)
	}
}

func TestMeasuresBulkUpdate(t *testing.T) {
	f := newFixture(t)
	_, csv, hdr := f.send("GET", "/admin/katrineholm/atgarder.csv", "coordinator", nil, nil)
	if hdr.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(csv, "\ufeffid;title;type;district;status;status_reason;progress;actual_start;actual_end\r\n") {
		t.Fatalf("export: %.200q", csv)
	}
	lines := strings.Split(strings.TrimSpace(csv), "\r\n")
	// Change the first measure's progress and status in the spreadsheet.
	cols := strings.Split(lines[1], ";")
	cols[4], cols[6] = "done", "100"
	cols[8] = "2023-12-01"
	edited := lines[0] + "\r\n" + strings.Join(cols, ";") + "\r\n" + strings.Join(lines[2:], "\r\n") + "\r\n"
	upload := func(form url.Values) (int, string) {
		code, body, _ := f.send("POST", "/admin/katrineholm/atgarder/import", "coordinator", form, nil)
		return code, body
	}
	measures := func() map[string]*app.Measure {
		ms, _ := sqlstore.NewMeasureService(f.env.DB).FindMeasures(context.Background(), f.kat.ID)
		out := map[string]*app.Measure{}
		for _, m := range ms {
			out[fmt.Sprint(m.ID)] = m
		}
		return out
	}
	// A dry run shows the change and saves nothing.
	code, body := upload(url.Values{"csv": {edited}, "dry_run": {"1"}})
	if code != 200 || !strings.Contains(body, "<td>progress</td>") || !strings.Contains(body, `name="csv"`) {
		t.Fatalf("dry run = %d", code)
	}
	if m := measures()[cols[0]]; m.Progress == 100 {
		t.Fatal("the dry run saved")
	}
	// A file with one bad row changes nothing, and names the line.
	bad := edited + strings.Replace(lines[2], ";"+strings.Split(lines[2], ";")[6]+";", ";lots;", 1) + "\r\n"
	if code, body := upload(url.Values{"csv": {bad}}); code != 400 || !strings.Contains(body, "progress") || measures()[cols[0]].Progress == 100 {
		t.Errorf("bad file = %d, or it saved", code)
	}
	if code, body := upload(url.Values{"csv": {lines[0] + "\r\n999999;x;lighting;;done;;100;;\r\n"}}); code != 400 || !strings.Contains(body, "999999") {
		t.Errorf("unknown id = %d", code)
	}
	if code, _ := upload(url.Values{"csv": {"nothing useful"}}); code != 400 {
		t.Errorf("no header = %d", code)
	}
	// Applied: all of it, with history.
	if code, body := upload(url.Values{"csv": {edited}}); code != 200 || !strings.Contains(body, `role="status"`) {
		t.Fatalf("apply = %d", code)
	}
	m := measures()[cols[0]]
	if m.Progress != 100 || m.Status != app.MeasureDone || m.ActualEnd == nil || m.ActualEnd.String() != "2023-12-01" {
		t.Errorf("after applying: %+v", m)
	}
	// Re-importing the same file changes nothing more.
	if _, body := upload(url.Values{"csv": {edited}, "dry_run": {"1"}}); !strings.Contains(body, "Filen ändrar ingenting") {
		t.Error("re-import is not a no-op")
	}
	if code, _ := upload(url.Values{"csv": {edited}}); code != 200 {
		t.Error("re-import failed")
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/atgarder/import", "council", url.Values{"csv": {edited}}, nil); code != 403 {
		t.Errorf("council imports = %d", code)
	}
}

func TestTenantMeasureTypes(t *testing.T) {
	f := newFixture(t)
	settings := url.Values{"name": {"Katrineholms kommun"}, "police_area": {"Lokalpolisområde Katrineholm"}, "population": {"34238"},
		"measure_types": {"Klotterborttagning\r\nGrannsamverkan\r\n"}}
	if code, _, _ := f.send("POST", "/admin/katrineholm/installningar", "admin", settings, nil); code != 303 {
		t.Fatalf("settings = %d", code)
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/installningar", "admin", with(settings, "measure_types", "lighting"), nil); code != 400 {
		t.Errorf("a built-in type again = %d, want 400", code)
	}
	m := url.Values{"title": {"Sanera klotter i tunneln"}, "type": {"Klotterborttagning"}, "horizon": {"short"}, "owner_party": {"kommun"},
		"status": {"planned"}, "progress": {"0"}, "problem_focus_area": {"violence"}}
	if code, _, _ := f.send("POST", "/admin/katrineholm/atgarder", "coordinator", m, nil); code != 303 {
		t.Fatalf("a measure of the tenant's own type = %d", code)
	}
	if _, list, _ := f.send("GET", "/admin/katrineholm/atgarder", "coordinator", nil, nil); !strings.Contains(list, "<td>Klotterborttagning</td>") {
		t.Error("the own type is not named in the list")
	}
	// Another tenant does not have the type.
	flen := with(m, "type", "Klotterborttagning")
	if code, _, _ := f.send("POST", "/admin/flen/atgarder", "other-tenant-admin", flen, nil); code != 400 && code != 403 {
		t.Errorf("Flen uses Katrineholm's type = %d", code)
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/atgarder", "coordinator", with(m, "type", "Trolleri"), nil); code != 400 {
		t.Errorf("an unknown type = %d, want 400", code)
	}
}
