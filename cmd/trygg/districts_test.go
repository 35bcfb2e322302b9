package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

// squares writes a FeatureCollection of two districts side by side near
// Katrineholm, in WGS84 or projected to EPSG code.
func squares(t *testing.T, dir, name string, epsg int, names ...string) string {
	t.Helper()
	if len(names) == 0 {
		names = []string{"Västra", "Östra"}
	}
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   map[string]any `json:"geometry"`
	}
	fc := map[string]any{"type": "FeatureCollection"}
	if epsg != 4326 {
		fc["crs"] = map[string]any{"type": "name", "properties": map[string]string{"name": fmt.Sprintf("urn:ogc:def:crs:EPSG::%d", epsg)}}
	}
	var fs []feature
	for i, n := range names {
		x0 := 16.18 + 0.02*float64(i)
		ring := [][2]float64{{x0, 58.99}, {x0 + 0.02, 58.99}, {x0 + 0.02, 59.01}, {x0, 59.01}, {x0, 58.99}}
		if epsg != 4326 {
			p, err := sweref.ByEPSG(epsg)
			if err != nil {
				t.Fatal(err)
			}
			for k, pt := range ring {
				n, e := p.Forward(pt[1], pt[0])
				ring[k] = [2]float64{e, n}
			}
		}
		fs = append(fs, feature{"Feature", map[string]any{"name": n, "population": 1000 * (i + 1)},
			map[string]any{"type": "Polygon", "coordinates": [][][2]float64{ring}}})
	}
	fc["features"] = fs
	b, _ := json.Marshal(fc)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportDistricts(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "d.db")
	mustRun := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(t, "", args...)
		if code != want {
			t.Fatalf("trygg %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out + errOut
	}
	mustRun(0, "tenant", "add", "--db", db, "--slug", "flen", "--name", "Flens kommun", "--kommun-code", "0482")
	wgs := squares(t, dir, "wgs84.geojson", 4326)
	tm := squares(t, dir, "sweref.geojson", 3006)
	local := squares(t, dir, "local.geojson", 3010)

	out := mustRun(0, "import", "districts", wgs, "--db", db, "--tenant", "flen")
	if !strings.Contains(out, "2 added") {
		t.Errorf("first import: %s", out)
	}
	// The same file again adds nothing.
	if out := mustRun(0, "import", "districts", "--db", db, "--tenant", "flen", wgs); !strings.Contains(out, "0 added, 0 updated, 2 unchanged") {
		t.Errorf("re-import: %s", out)
	}
	list := mustRun(0, "districts", "--db", db, "--tenant", "flen")
	if !strings.Contains(list, "vastra") || !strings.Contains(list, "Östra") || !strings.Contains(list, "2000") {
		t.Errorf("districts list:\n%s", list)
	}
	// The projected files hold the same districts, a hair apart after the
	// round trip through the projection: not identical, so --replace is
	// needed, and the areas agree.
	if out := mustRun(1, "import", "districts", tm, "--db", db, "--tenant", "flen"); !strings.Contains(out, "--replace") {
		t.Errorf("changed boundaries without --replace: %s", out)
	}
	mustRun(0, "import", "districts", tm, "--db", db, "--tenant", "flen", "--replace")
	if got := mustRun(0, "districts", "--db", db, "--tenant", "flen"); areas(got) != areas(list) {
		t.Errorf("areas after EPSG:3006 import differ:\n%s\nvs\n%s", got, list)
	}
	mustRun(0, "import", "districts", local, "--db", db, "--tenant", "flen", "--replace")
	if got := mustRun(0, "districts", "--db", db, "--tenant", "flen"); areas(got) != areas(list) {
		t.Errorf("areas after EPSG:3010 import differ:\n%s\nvs\n%s", got, list)
	}
	// --replace removes districts missing from the file.
	one := squares(t, dir, "one.geojson", 4326, "Västra")
	if out := mustRun(0, "import", "districts", one, "--db", db, "--tenant", "flen", "--replace"); !strings.Contains(out, "1 removed") {
		t.Errorf("replace with fewer: %s", out)
	}
}

// areas picks the AREA_KM2 column of a districts listing.
func areas(list string) string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(list), "\n")[1:] {
		f := strings.Fields(line)
		out = append(out, f[len(f)-4])
	}
	return strings.Join(out, " ")
}

func TestImportBrokenDistrictFileChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "d.db")
	runIn(t, "", "tenant", "add", "--db", db, "--slug", "flen", "--name", "Flens kommun", "--kommun-code", "0482")
	good := squares(t, dir, "good.geojson", 4326)
	if code, _, e := runIn(t, "", "import", "districts", good, "--db", db, "--tenant", "flen"); code != 0 {
		t.Fatal(e)
	}
	before, _, _ := func() (string, int, int) {
		_, o, _ := runIn(t, "", "districts", "--db", db, "--tenant", "flen")
		return o, 0, 0
	}()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	poly := func(name, coords string) string {
		return `{"type":"Feature","properties":{"name":"` + name + `"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}`
	}
	okSquare := `[[[16.1,59.0],[16.2,59.0],[16.2,59.1],[16.1,59.1],[16.1,59.0]]]`
	tests := []struct{ name, body, want string }{
		{"not json", `{"type":`, "not a GeoJSON"},
		{"unclosed ring", `{"type":"FeatureCollection","features":[` + poly("A", okSquare) + `,` + poly("Norr", `[[[16.1,59.0],[16.2,59.0],[16.2,59.1],[16.1,59.1],[16.1,59.05]]]`) + `]}`, `feature 1 ("Norr")`},
		{"self-intersection", `{"type":"FeatureCollection","features":[` + poly("Bow", `[[[16.1,59.0],[16.2,59.1],[16.2,59.0],[16.1,59.1],[16.1,59.0]]]`) + `]}`, `"Bow"`},
		{"out of range", `{"type":"FeatureCollection","features":[` + poly("Far", `[[[190,59.0],[16.2,59.0],[16.2,59.1],[190,59.0]]]`) + `]}`, `"Far"`},
		{"unsupported crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:2400"}},"features":[` + poly("A", okSquare) + `]}`, "2400"},
		{"no name", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":` + okSquare + `}}]}`, "feature 0"},
		{"point geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},"geometry":{"type":"Point","coordinates":[16,59]}}]}`, `"P"`},
		{"bad population", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P","population":"many"},"geometry":{"type":"Polygon","coordinates":` + okSquare + `}}]}`, "population"},
	}
	for _, tt := range tests {
		path := write(strings.ReplaceAll(tt.name, " ", "_")+".geojson", tt.body)
		code, out, errOut := runIn(t, "", "import", "districts", path, "--db", db, "--tenant", "flen", "--replace")
		if code != 1 || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, filepath.Base(path)) {
			t.Errorf("%s: exit %d, stderr %q (stdout %q); want the file and %q", tt.name, code, errOut, out, tt.want)
		}
	}
	if _, after, _ := runIn(t, "", "districts", "--db", db, "--tenant", "flen"); after != before {
		t.Errorf("districts changed after broken imports:\n%s\nvs\n%s", after, before)
	}
}

func TestSunCommand(t *testing.T) {
	code, out, errOut := runIn(t, "", "sun", "--lat", "58.9958", "--lon", "16.2072", "--date", "2025-12-21", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var day map[string]any
	if err := json.Unmarshal([]byte(out), &day); err != nil || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Fatalf("not exactly one JSON object: %q (%v)", out, err)
	}
	if day["kind"] != "normal" || !strings.HasPrefix(day["sunrise"].(string), "2025-12-21T08:4") || !strings.HasSuffix(day["sunrise"].(string), "+01:00") {
		t.Errorf("Katrineholm midwinter: %v", day)
	}
	_, out, _ = runIn(t, "", "sun", "--lat", "67.86", "--lon", "20.23", "--date", "2025-12-21", "--json")
	if !strings.Contains(out, `"kind":"polar_night"`) || !strings.Contains(out, `"sunrise":null`) {
		t.Errorf("Kiruna midwinter: %s", out)
	}
	for _, bad := range [][]string{{"--lat", "91"}, {"--date", "2025-13-01"}, {"--tz", "Mars/Olympus"}, {"--lon", "NaN"}} {
		if code, _, errOut := runIn(t, "", append([]string{"sun"}, bad...)...); code == 0 || errOut == "" {
			t.Errorf("sun %v: exit %d, want an error", bad, code)
		}
	}
	if code, out, _ := runIn(t, "", "sun", "--date", "2025-06-21"); code != 0 || !strings.Contains(out, "Sunrise") {
		t.Errorf("text output: %s", out)
	}
}

func TestPlaceCommand(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	s := startServe(t, "--db", db)
	s.shutdown(t)
	for text, want := range map[string]string{
		"Misshandel vid resecentrum i Katrineholm":        "district: centrum",
		"Inbrott i en lägenhet på Nävertorp, Katrineholm": "district: navertorp",
		"Sammanfattning natt, Södermanlands län":          "kommun-wide",
		"Trafikolycka på riksväg 55 norr om Katrineholm":  "kommun-wide",
	} {
		code, out, errOut := runIn(t, "", "place", "--db", db, "--tenant", "katrineholm", "--text", text)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("place %q: exit %d %q %q, want %q", text, code, out, errOut, want)
		}
	}
}
