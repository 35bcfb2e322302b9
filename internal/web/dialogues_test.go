package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestDialogues(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	dialogues := sqlstore.NewDialogueService(f.env.DB)
	incidents := sqlstore.NewIncidentService(f.env.DB)
	const base = "/admin/katrineholm/dialoger"
	if all, _ := dialogues.FindDialogues(ctx, f.kat.ID, app.NewDate(2000, 1, 1), app.NewDate(2100, 1, 1)); len(all) != 2 {
		t.Fatalf("the demo has %d dialogues, want 2", len(all))
	}
	// February 2023 holds only what this test records.
	feb := app.IncidentFilter{Source: app.SourceDialogue, From: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)}
	stored := func() (int, int) {
		t.Helper()
		ds, err := dialogues.FindDialogues(ctx, f.kat.ID, app.NewDate(2023, 2, 1), app.NewDate(2023, 2, 28))
		if err != nil {
			t.Fatal(err)
		}
		_, n, err := incidents.FindIncidents(ctx, f.kat.ID, feb)
		if err != nil {
			t.Fatal(err)
		}
		return len(ds), n
	}

	code, page, _ := f.send("GET", base, "coordinator", nil, nil)
	if code != 200 || !strings.Contains(page, "Registrera en dialog") || strings.Count(page, `name="place_district"`) < 3 {
		t.Fatalf("dialogue page = %d", code)
	}

	// A youth dialogue in February: one place in Nävertorp, unsafe after
	// dark, and one in Centrum at any time.
	form := url.Values{
		"date": {"2023-02-14"}, "kind": {"youth"}, "place": {"Nävertorpsskolan"}, "target_group": {"unga 13–19 år"},
		"group": {"flickor", "pojkar", ""}, "count": {"12", "9", ""},
		"theme":             {"gathering"},
		"place_district":    {"navertorp", "centrum", ""},
		"place_description": {"Gångtunneln vid skolan", "Stortorget", ""},
		"place_theme":       {"drug_dealing", "", ""},
		"place_dark":        {"1"},
		"summary":           {"Många tog upp tunneln. Rektorn nås på 19121212-1212."},
	}
	set := func(k string, v ...string) url.Values {
		out := maps.Clone(form)
		out[k] = v
		return out
	}
	for name, bad := range map[string]url.Values{
		"no date":            set("date", ""),
		"a future date":      set("date", "2999-01-01"),
		"unknown theme":      set("theme", "aliens"),
		"unknown district":   set("place_district", "mars", "centrum", ""),
		"negative count":     set("count", "-3", "9", ""),
		"a count of nothing": set("count", "många", "9", ""),
		"unknown kind":       set("kind", "seance"),
	} {
		code, page, _ := f.send("POST", base, "coordinator", bad, nil)
		if code != 400 || !strings.Contains(page, `class="error"`) {
			t.Errorf("%s = %d, want 400", name, code)
		}
		// What was typed comes back.
		if !strings.Contains(page, `value="Gångtunneln vid skolan"`) {
			t.Errorf("%s: the form lost its input", name)
		}
	}
	if d, i := stored(); d != 0 || i != 0 {
		t.Fatalf("bad input stored %d dialogues, %d incidents", d, i)
	}
	// A reporter may not record dialogues, nor read them.
	if code, _, _ := f.send("POST", base, "reporter", form, nil); code != 403 {
		t.Errorf("reporter records a dialogue = %d", code)
	}
	if code, _, _ := f.send("GET", base, "reporter", nil, nil); code != 403 {
		t.Errorf("reporter reads dialogues = %d", code)
	}

	code, _, hdr := f.send("POST", base, "coordinator", form, nil)
	if code != 303 || !strings.HasPrefix(hdr.Get("Location"), base+"/") {
		t.Fatalf("record = %d, Location %q", code, hdr.Get("Location"))
	}
	detail, _, _ := strings.Cut(hdr.Get("Location"), "?")
	var id int64
	fmt.Sscan(strings.TrimPrefix(detail, base+"/"), &id)

	// Listed for the period, with the participants summed.
	_, page, _ = f.send("GET", base+"?from=2023-02-01&to=2023-02-28", "council", nil, nil)
	if !strings.Contains(page, "Nävertorpsskolan") || !strings.Contains(page, "Ungdomsdialog") || !strings.Contains(page, `<td class="num">21</td>`) {
		t.Errorf("the list lacks the dialogue")
	}
	if _, page, _ = f.send("GET", base+"?from=2023-03-01&to=2023-03-31", "council", nil, nil); strings.Contains(page, "Nävertorpsskolan") {
		t.Errorf("the dialogue is listed in March")
	}

	// The detail page shows themes (the place's theme raised too),
	// participants and places, with the personnummer masked.
	code, page, _ = f.send("GET", detail, "council", nil, nil)
	for _, want := range []string{"Personer som samlas och skapar otrygghet", "Droghandel eller droganvändning", "<th scope=\"row\">flickor</th><td class=\"num\">12</td>",
		"<td class=\"num\">21</td>", "Nävertorp", "Gångtunneln vid skolan", "Efter mörkrets inbrott", "[personnummer]"} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page (%d) lacks %q", code, want)
		}
	}
	if strings.Contains(page, "1212-1212") {
		t.Error("the detail page shows the personnummer")
	}

	// The places are accepted incidents of source dialogue.
	rows, n, err := incidents.FindIncidents(ctx, f.kat.ID, feb)
	if err != nil || n != 2 {
		t.Fatalf("dialogue incidents = %d, %v", n, err)
	}
	for _, i := range rows {
		if i.ReviewState != app.ReviewAccepted || i.SourceRef != fmt.Sprintf("dialogue %d", id) {
			t.Errorf("incident %+v", i)
		}
		switch i.DistrictKey {
		case "navertorp":
			if i.Category != "drug_dealing" || i.DarkFraction != 1 || !i.OccurredFrom.Equal(time.Date(2023, 2, 14, 17, 0, 0, 0, time.UTC)) {
				t.Errorf("after-dark place = %+v", i)
			}
		case "centrum":
			if i.Category != "gathering" || i.DarkFraction <= 0 || i.DarkFraction >= 1 {
				t.Errorf("daytime place = %+v", i)
			}
		default:
			t.Errorf("place in %q", i.DistrictKey)
		}
	}
	_, page, _ = f.send("GET", "/admin/katrineholm/handelser?source=dialogue", "coordinator", nil, nil)
	if !strings.Contains(page, "Medborgardialog") || !strings.Contains(page, "Gångtunneln vid skolan") {
		t.Errorf("the incidents page lacks the dialogue's places")
	}

	// The lägesbild counts them as their own source, by darkness too.
	situation := func(groupBy string) map[string]float64 {
		t.Helper()
		code, body, _ := f.send("GET", "/api/v1/tenants/katrineholm/situation?group_by="+groupBy+"&from=2023-02-14&to=2023-02-14", "coordinator", nil, nil)
		if code != 200 {
			t.Fatalf("situation = %d: %s", code, body)
		}
		var res struct {
			Cells []struct {
				Group map[string]string
				Count float64
			}
		}
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, c := range res.Cells {
			out[c.Group["source"]+"|"+c.Group["darkness"]] = c.Count
		}
		return out
	}
	if got := situation("source")["dialogue|"]; got != 2 {
		t.Errorf("situation by source: dialogue = %v, want 2", got)
	}
	if got := situation("source,darkness")["dialogue|dark"]; got < 1.5 || got > 1.7 {
		t.Errorf("situation by darkness: dialogue in the dark = %v, want 1 + about 0.55", got)
	}

	// Another tenant's dialogue is not found, whichever way it is asked for.
	flen := &app.Dialogue{TenantID: f.flen.ID, Date: app.NewDate(2023, 2, 14), Kind: app.DialogueCitizen, Place: "Flens bibliotek"}
	if err := dialogues.CreateDialogue(ctx, flen); err != nil {
		t.Fatal(err)
	}
	for _, req := range []struct{ method, path, who string }{
		{"GET", fmt.Sprintf("%s/%d", base, flen.ID), "coordinator"},
		{"POST", fmt.Sprintf("%s/%d/ta-bort", base, flen.ID), "coordinator"},
		{"GET", fmt.Sprintf("/admin/flen/dialoger/%d", id), "other-tenant-admin"},
		{"GET", base + "/nummer", "coordinator"},
	} {
		if code, _, _ := f.send(req.method, req.path, req.who, nil, nil); code != 404 {
			t.Errorf("%s %s as %s = %d, want 404", req.method, req.path, req.who, code)
		}
	}
	if _, err := dialogues.FindDialogue(ctx, f.flen.ID, flen.ID); err != nil {
		t.Errorf("Flen's dialogue after Katrineholm's delete: %v", err)
	}

	// Deleting takes the places out of the lägesbild.
	if code, _, _ := f.send("POST", detail+"/ta-bort", "council", nil, nil); code != 403 {
		t.Errorf("council deletes = %d, want 403", code)
	}
	if code, _, _ := f.send("POST", detail+"/ta-bort", "coordinator", nil, nil); code != 303 {
		t.Fatalf("delete = %d", code)
	}
	if d, i := stored(); d != 0 || i != 0 {
		t.Errorf("after delete: %d dialogues, %d incidents", d, i)
	}
	if code, _, _ := f.send("GET", detail, "coordinator", nil, nil); code != 404 {
		t.Errorf("deleted dialogue = %d", code)
	}
	if got := situation("source")["dialogue|"]; got != 0 {
		t.Errorf("situation after delete: dialogue = %v", got)
	}
}

// TestDialoguePins: a place may be a pin alone; it gets the district the
// point lies in, and its incident carries the point. A pin outside every
// district, or a broken one, is refused and nothing is stored.
func TestDialoguePins(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const base = "/admin/katrineholm/dialoger"
	ds, _ := sqlstore.NewDistrictService(f.env.DB).FindDistricts(ctx, f.kat.ID)
	var nv *app.District
	for _, d := range ds {
		if d.Key == "navertorp" {
			nv = d
		}
	}
	lat, lon := (nv.BBox[1]+nv.BBox[3])/2, (nv.BBox[0]+nv.BBox[2])/2
	form := url.Values{
		"date": {"2023-03-02"}, "kind": {"citizen"}, "place": {"Biblioteket"}, "target_group": {"boende"},
		"group": {"boende"}, "count": {"15"}, "theme": {"poor_lighting"},
		"place_district": {""}, "place_description": {"Vid lekplatsen"}, "place_theme": {""},
		"place_lat": {fmt.Sprintf("%.5f", lat)}, "place_lon": {fmt.Sprintf("%.5f", lon)},
	}
	for name, bad := range map[string]url.Values{
		"outside the kommun": with(with(form, "place_lat", "40.0"), "place_lon", "10.0"),
		"half a point":       with(form, "place_lon", ""),
		"not a number":       with(form, "place_lat", "nord"),
	} {
		if code, page, _ := f.send("POST", base, "coordinator", bad, nil); code != 400 || !strings.Contains(page, `class="error"`) {
			t.Errorf("%s = %d, want 400", name, code)
		}
	}
	if list, _ := sqlstore.NewDialogueService(f.env.DB).FindDialogues(ctx, f.kat.ID, app.NewDate(2023, 3, 1), app.NewDate(2023, 3, 31)); len(list) != 0 {
		t.Fatalf("refused pins stored %d dialogues", len(list))
	}
	code, _, hdr := f.send("POST", base, "coordinator", form, nil)
	if code != 303 {
		t.Fatalf("record with a pin = %d", code)
	}
	list, _ := sqlstore.NewDialogueService(f.env.DB).FindDialogues(ctx, f.kat.ID, app.NewDate(2023, 3, 1), app.NewDate(2023, 3, 31))
	if len(list) != 1 || len(list[0].Places) != 1 || list[0].Places[0].DistrictKey != "navertorp" || list[0].Places[0].Lat == nil {
		t.Fatalf("stored %+v", list)
	}
	incs, _, _ := sqlstore.NewIncidentService(f.env.DB).FindIncidents(ctx, f.kat.ID, app.IncidentFilter{Source: app.SourceDialogue, District: "navertorp"})
	found := false
	for _, i := range incs {
		found = found || (i.Lat != nil && fmt.Sprintf("%.5f", *i.Lat) == fmt.Sprintf("%.5f", lat))
	}
	if !found {
		t.Error("the pin's incident is not in Nävertorp with its point")
	}
	_, page, _ := f.send("GET", hdr.Get("Location"), "council", nil, nil)
	if !strings.Contains(page, fmt.Sprintf("%.5f, %.5f", lat, lon)) {
		t.Error("the dialogue page does not show the pin")
	}
}
