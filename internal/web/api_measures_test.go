package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
)

// sendJSON sends body as JSON with an API token.
func (f *fixture) sendJSON(method, path, token, body string) (int, string) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.env.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := noRedirect.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func TestMeasuresAndFollowUpsAPI(t *testing.T) {
	f := newFixture(t)
	coord := f.apiKey(f.kat, app.RoleCoordinator)
	council := f.apiKey(f.kat, app.RoleCouncil)
	const base = "/api/v1/tenants/katrineholm"
	code, body := f.sendJSON("POST", base+"/measures", coord, `{"title":"Belysning vid skolan","type":"lighting","horizon":"short",
		"owner_party":"kommun","problem_focus_area":"violence","district":"norr","planned_start":"2023-03-01","milestones":[{"date":"2023-03-15","text":"Beställt"}]}`)
	var m struct {
		ID       int64
		District string
		Status   string
	}
	if err := json.Unmarshal([]byte(body), &m); code != 201 || err != nil || m.ID == 0 || m.District != "norr" || m.Status != "planned" {
		t.Fatalf("create = %d %s", code, body)
	}
	id := fmt.Sprint(m.ID)
	for name, tc := range map[string]struct {
		method, path, token, body string
		want                      int
	}{
		"no problem named":      {"POST", base + "/measures", coord, `{"title":"x","type":"lighting","horizon":"short","owner_party":"kommun"}`, 400},
		"unknown field":         {"POST", base + "/measures", coord, `{"title":"x","colour":"red"}`, 400},
		"not JSON":              {"POST", base + "/measures", coord, `title=x`, 400},
		"unknown district":      {"PATCH", base + "/measures/" + id, coord, `{"district":"mars"}`, 400},
		"progress out of range": {"PATCH", base + "/measures/" + id, coord, `{"progress":140}`, 400},
		"unknown measure":       {"PATCH", base + "/measures/999999", coord, `{"progress":10}`, 404},
		"council may not edit":  {"PATCH", base + "/measures/" + id, council, `{"progress":10}`, 403},
	} {
		if code, body := f.sendJSON(tc.method, tc.path, tc.token, tc.body); code != tc.want {
			t.Errorf("%s = %d %s, want %d", name, code, body, tc.want)
		}
	}
	if code, body := f.sendJSON("PATCH", base+"/measures/"+id, coord, `{"status":"started","progress":40}`); code != 200 ||
		!strings.Contains(body, `"progress": 40`) || !strings.Contains(body, `"title": "Belysning vid skolan"`) {
		t.Errorf("patch = %d %s", code, body)
	}
	if code, body := f.sendJSON("GET", base+"/measures", council, ""); code != 200 || !strings.Contains(body, "Belysning vid skolan") {
		t.Errorf("list = %d", code)
	}
	// Follow-ups: a draft is made now; an adopted one is its snapshot.
	if code, body := f.sendJSON("GET", base+"/followups/2023-T1", council, ""); code != 200 || !strings.Contains(body, `"status": "draft"`) ||
		!strings.Contains(body, "Belysning vid skolan") || !strings.Contains(body, `"period_from"`) {
		t.Errorf("draft follow-up = %d %.200s", code, body)
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/uppfoljning/2023-T1/anta", "council", nil, nil); code != 303 {
		t.Fatalf("adopt = %d", code)
	}
	if code, body := f.sendJSON("GET", base+"/followups", council, ""); code != 200 || !strings.Contains(body, `"adopted"`) {
		t.Errorf("follow-ups = %d %s", code, body)
	}
	// Adopted or not, the report's fields have the API's snake_case names.
	if code, body := f.sendJSON("GET", base+"/followups/2023-T1", council, ""); code != 200 || !strings.Contains(body, `"snapshot"`) || !strings.Contains(body, `"sv"`) ||
		!strings.Contains(body, `"focus_areas"`) || strings.Contains(body, `"FocusAreas"`) {
		t.Errorf("adopted follow-up = %d %.200s", code, body)
	}
	if code, _ := f.sendJSON("GET", base+"/followups/2023-T7", council, ""); code != 404 {
		t.Errorf("bad period = %d", code)
	}
}
