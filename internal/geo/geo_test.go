package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

var (
	katrineholmCentre = Point{16.2072, 58.9958}
	stockholm         = Point{18.0686, 59.3293}
)

func readKatrineholm(t testing.TB) Feature {
	t.Helper()
	f, err := os.Open("testdata/katrineholm_municipality.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fs, err := ReadFeatures(f, LoadOptions{NameProperty: "kom_namn"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 {
		t.Fatalf("got %d features", len(fs))
	}
	return fs[0]
}

func TestKatrineholm(t *testing.T) {
	k := readKatrineholm(t)
	if k.Name != "Katrineholm" || k.Key != "katrineholm" || k.Properties["id"] != "0483" {
		t.Errorf("got %q %q %v", k.Name, k.Key, k.Properties)
	}
	if len(k.Geometry) != 1 || len(k.Geometry[0]) != 1 || len(k.Geometry[0][0]) != 134 {
		t.Errorf("geometry not one 134-point ring")
	}
	if !k.Geometry.Contains(katrineholmCentre) || k.Geometry.Contains(stockholm) {
		t.Error("centre must be inside, Stockholm outside")
	}
	ix := NewIndex([]Feature{k})
	if i, ok := ix.Locate(katrineholmCentre.Lon, katrineholmCentre.Lat); !ok || i != 0 {
		t.Error("Locate(centre) failed")
	}
	if _, ok := ix.Locate(stockholm.Lon, stockholm.Lat); ok {
		t.Error("Locate(Stockholm) found a district")
	}
	// The kommun is about 1 300 km² (land and water); this outline is
	// simplified to 2 % of its points and cuts corners: 1 196 km².
	area := k.Geometry.Area() / 1e6
	if area < 1150 || area > 1350 {
		t.Errorf("area %.1f km², want about 1 200–1 300", area)
	}
	if sph := sphericalArea(k.Geometry[0][0]) / 1e6; math.Abs(area-sph)/sph > 0.0005 {
		t.Errorf("area %.2f km², spherical estimate %.2f km²", area, sph)
	}
	// The source gives the centre as geo_point_2d [59.0134718195, 16.2667176557].
	if c := k.Geometry.Centroid(); math.Abs(c.Lat-59.0134718195) > 0.002 || math.Abs(c.Lon-16.2667176557) > 0.002 {
		t.Errorf("centroid %v", c)
	}
	b := k.Geometry.BBox()
	if b != (BBox{15.762037679464507, 58.770071524937606, 16.625724343984007, 59.26300877705142}) {
		t.Errorf("bbox %+v", b)
	}
	t.Logf("Katrineholm: %.1f km², centroid %v", area, k.Geometry.Centroid())
}

// sphericalArea is an independent estimate: the ring's area on a sphere of
// GRS80's authalic radius, scaled by the ratio of ellipsoidal to spherical
// area elements at the ring's mean latitude (+0.54 % at 59° N).
func sphericalArea(r Ring) float64 {
	const R, a, e2 = 6371007.2, 6378137.0, 0.00669438002290
	s, lat := 0.0, 0.0
	for i := 0; i+1 < len(r); i++ {
		p, q := r[i], r[i+1]
		s += (q.Lon - p.Lon) * math.Pi / 180 * (2 + math.Sin(p.Lat*math.Pi/180) + math.Sin(q.Lat*math.Pi/180))
		lat += p.Lat / float64(len(r)-1)
	}
	sin := math.Sin(lat * math.Pi / 180)
	k := a * a * (1 - e2) / (R * R * math.Pow(1-e2*sin*sin, 2))
	return math.Abs(s*R*R/2) * k
}

// The area of a latitude-longitude box on the ellipsoid has a closed form.
func TestAreaOfBox(t *testing.T) {
	a, fl := 6378137.0, 1/298.257222101
	e := math.Sqrt(fl * (2 - fl))
	b := a * (1 - fl)
	q := func(lat float64) float64 {
		s := math.Sin(lat * math.Pi / 180)
		return s/(1-e*e*s*s) + math.Log((1+e*s)/(1-e*s))/(2*e)
	}
	for _, box := range []BBox{{16, 59, 16.5, 59.2}, {15.7, 58.75, 16.6, 59.25}, {20, 67.5, 21, 68}} {
		want := (box.MaxLon - box.MinLon) * math.Pi / 180 * b * b / 2 * (q(box.MaxLat) - q(box.MinLat))
		// Parallels are curves in the projection: densify the edges.
		var r Ring
		const n = 400
		for i := range n {
			r = append(r, Point{box.MinLon + (box.MaxLon-box.MinLon)*float64(i)/n, box.MinLat})
		}
		for i := range n {
			r = append(r, Point{box.MaxLon, box.MinLat + (box.MaxLat-box.MinLat)*float64(i)/n})
		}
		for i := range n {
			r = append(r, Point{box.MaxLon - (box.MaxLon-box.MinLon)*float64(i)/n, box.MaxLat})
		}
		for i := range n {
			r = append(r, Point{box.MinLon, box.MaxLat - (box.MaxLat-box.MinLat)*float64(i)/n})
		}
		r = append(r, r[0])
		got := MultiPolygon{{r}}.Area()
		if math.Abs(got-want)/want > 1e-4 {
			t.Errorf("%+v: area %.1f m², want %.1f", box, got, want)
		}
		c := MultiPolygon{{r}}.Centroid()
		if math.Abs(c.Lon-(box.MinLon+box.MaxLon)/2) > 1e-6 || c.Lat < box.MinLat || c.Lat > box.MaxLat {
			t.Errorf("%+v: centroid %v", box, c)
		}
	}
}

func TestAreaWithHole(t *testing.T) {
	sq := func(x0, y0, s float64) Ring {
		return Ring{{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s}, {x0, y0}}
	}
	outer, hole := MultiPolygon{{sq(16, 59, 0.1)}}, MultiPolygon{{sq(16.02, 59.02, 0.05)}}
	withHole := MultiPolygon{{sq(16, 59, 0.1), sq(16.02, 59.02, 0.05)}}
	if got, want := withHole.Area(), outer.Area()-hole.Area(); math.Abs(got-want) > 1 {
		t.Errorf("area %.1f, want %.1f", got, want)
	}
	if withHole.Contains(Point{16.04, 59.04}) || !withHole.Contains(Point{16.01, 59.01}) {
		t.Error("hole not respected")
	}
	two := MultiPolygon{{sq(16, 59, 0.1)}, {sq(16.2, 59, 0.1)}}
	if got, want := two.Area(), 2*outer.Area(); math.Abs(got-want)/want > 1e-4 {
		t.Errorf("two squares %.1f, want %.1f", got, want)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Norr":                   "norr",
		"Västra Ekebo":           "vastra-ekebo",
		"Östermalm – Centrum":    "ostermalm-centrum",
		"  Älgön/Åsen  ":         "algon-asen",
		"Sandbäcken 2":           "sandbacken-2",
		"Café Église Ærø Straße": "cafe-eglise-aero-strasse",
		"???":                    "",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// fc builds a FeatureCollection document for the tests.
func fc(crs string, features ...string) string {
	c := ""
	if crs != "" {
		c = fmt.Sprintf(`"crs":{"type":"name","properties":{"name":%q}},`, crs)
	}
	return `{"type":"FeatureCollection",` + c + `"features":[` + strings.Join(features, ",") + `]}`
}

func feature(name, geomType, coords string) string {
	return fmt.Sprintf(`{"type":"Feature","properties":{"name":%q},"geometry":{"type":%q,"coordinates":%s}}`, name, geomType, coords)
}

const (
	square    = `[[[16,59],[16.1,59],[16.1,59.1],[16,59.1],[16,59]]]`
	squareCW  = `[[[16,59],[16,59.1],[16.1,59.1],[16.1,59],[16,59]]]`
	squareDup = `[[[16,59],[16,59],[16.1,59],[16.1,59.1,12.5],[16,59.1],[16,59]]]`
)

func TestReadFeaturesOK(t *testing.T) {
	doc := fc("", feature("Norr", "Polygon", square), feature("Söder", "Polygon", squareCW),
		feature("Dubbel", "Polygon", squareDup),
		feature("Två delar", "MultiPolygon", `[`+square+`,[[[17,59],[17.1,59],[17.1,59.1],[17,59]]]]`))
	fs, err := ReadFeatures(strings.NewReader(doc), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 4 || fs[1].Key != "soder" || fs[3].Key != "tva-delar" || len(fs[3].Geometry) != 2 {
		t.Fatalf("got %+v", fs)
	}
	for _, f := range fs {
		// RFC 7946 winding whatever the input's.
		if signedArea2(f.Geometry[0][0]) <= 0 {
			t.Errorf("%s: outer ring not counter-clockwise", f.Name)
		}
	}
	if len(fs[2].Geometry[0][0]) != 5 {
		t.Errorf("repeated point not dropped: %v", fs[2].Geometry)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	tl := newTiling(3, 2, 20, 16, 59, 0.3, 0.2, rand.New(rand.NewPCG(1, 1)))
	tl.features[0].Properties = map[string]any{"name": "D0-0", "kod": "0483"}
	var buf bytes.Buffer
	if err := WriteFeatures(&buf, tl.features); err != nil {
		t.Fatal(err)
	}
	fs, err := ReadFeatures(&buf, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range fs {
		want := tl.features[i]
		if f.Name != want.Name || f.Key != want.Key || fmt.Sprint(f.Geometry) != fmt.Sprint(want.Geometry) {
			t.Errorf("feature %d differs after round trip", i)
		}
	}
	if fs[0].Properties["kod"] != "0483" {
		t.Errorf("properties lost: %v", fs[0].Properties)
	}
	g, _ := json.Marshal(struct{ G MultiPolygon }{fs[0].Geometry})
	if !strings.HasPrefix(string(g), `{"G":{"type":"MultiPolygon","coordinates":[[[[16,59],`) {
		t.Errorf("MarshalJSON: %.80s", g)
	}
}

// project rewrites a WGS84 FeatureCollection into a SWEREF grid.
func project(t *testing.T, fs []Feature, p sweref.Projection, crsName string, northFirst bool) string {
	t.Helper()
	var feats []string
	for _, f := range fs {
		var polys []string
		for _, poly := range f.Geometry {
			var rings []string
			for _, r := range poly {
				var pos []string
				for _, q := range r {
					n, e := p.Forward(q.Lat, q.Lon)
					if northFirst {
						n, e = e, n
					}
					pos = append(pos, fmt.Sprintf("[%.4f,%.4f]", e, n))
				}
				rings = append(rings, "["+strings.Join(pos, ",")+"]")
			}
			polys = append(polys, "["+strings.Join(rings, ",")+"]")
		}
		feats = append(feats, feature(f.Name, "MultiPolygon", "["+strings.Join(polys, ",")+"]"))
	}
	return fc(crsName, feats...)
}

// Districts delivered in SWEREF 99 TM (SCB) or SWEREF 99 16 30 (the kommun)
// must place points exactly as the WGS84 original does.
func TestProjectedFilesLocateAlike(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	tl := newTiling(4, 3, 40, 15.8, 58.8, 0.8, 0.4, rng)
	var buf bytes.Buffer
	if err := WriteFeatures(&buf, tl.features); err != nil {
		t.Fatal(err)
	}
	wgs, err := ReadFeatures(&buf, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ref := NewIndex(wgs)
	cases := []struct {
		name       string
		doc        string
		opts       LoadOptions
		tolerateMM bool
	}{
		{"3006 urn", project(t, wgs, sweref.TM, "urn:ogc:def:crs:EPSG::3006", false), LoadOptions{}, true},
		{"3006 parameter", project(t, wgs, sweref.TM, "", false), LoadOptions{CRS: 3006}, true},
		{"3006 N,E order", project(t, wgs, sweref.TM, "EPSG:3006", true), LoadOptions{}, true},
		{"3010 short", project(t, wgs, sweref.Zone1630, "EPSG:3010", false), LoadOptions{}, true},
		{"3010 both", project(t, wgs, sweref.Zone1630, "urn:ogc:def:crs:EPSG::3010", false), LoadOptions{CRS: 3010}, true},
		{"CRS84", fc("urn:ogc:def:crs:OGC:1.3:CRS84", mustWrite(t, wgs)...), LoadOptions{}, false},
	}
	for _, tc := range cases {
		fs, err := ReadFeatures(strings.NewReader(tc.doc), tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		ix := NewIndex(fs)
		for range 20000 {
			p := Point{tl.x0 + rng.Float64()*tl.w, tl.y0 + rng.Float64()*tl.h}
			i, ok := ix.Locate(p.Lon, p.Lat)
			j, okRef := ref.Locate(p.Lon, p.Lat)
			if i != j || ok != okRef {
				t.Errorf("%s: %v in %d (%v), WGS84 file says %d (%v)", tc.name, p, i, ok, j, okRef)
			}
		}
		// Coordinates written to 0.1 mm come back within a millimetre.
		if d := maxDist(fs, wgs); d > 1e-8 {
			t.Errorf("%s: vertices moved %.2e°", tc.name, d)
		}
	}
}

func mustWrite(t *testing.T, fs []Feature) []string {
	var out []string
	for _, f := range fs {
		g, err := f.Geometry.MarshalGeoJSON()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf(`{"type":"Feature","properties":{"name":%q},"geometry":%s}`, f.Name, g))
	}
	return out
}

func maxDist(a, b []Feature) float64 {
	d := 0.0
	for i := range a {
		for j, poly := range a[i].Geometry {
			for k, r := range poly {
				for l, p := range r {
					q := b[i].Geometry[j][k][l]
					d = max(d, math.Abs(p.Lon-q.Lon), math.Abs(p.Lat-q.Lat))
				}
			}
		}
	}
	return d
}

func TestBrokenFiles(t *testing.T) {
	ok := feature("Norr", "Polygon", square)
	tests := []struct {
		name  string
		doc   string
		opts  LoadOptions
		index int
		want  string
	}{
		{"not json", `{"type":`, LoadOptions{}, -1, "not a GeoJSON document"},
		{"not a collection", feature("Norr", "Polygon", square), LoadOptions{}, -1, `type is "Feature", want FeatureCollection`},
		{"no features", fc(""), LoadOptions{}, -1, "no features"},
		{"duplicate key", fc("", ok, ok, ok, feature("Väst", "Polygon", `[[[16,59],[16.1,59],[16.1,59.1],[16,59.1]]]`)), LoadOptions{},
			1, "key \"norr\" is also the key of feature 0"},
		{"unclosed ring", fc("", ok, feature("Söder", "Polygon", `[[[16,58],[16.1,58],[16.1,58.1],[16,58.1],[16,58.05]]]`)), LoadOptions{},
			1, `geo: feature 1 ("Söder"): ring 0 is not closed`},
		{"three positions", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16,59]]]`)), LoadOptions{}, 0, "ring 0 has 3 positions"},
		{"three after dedupe", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16.1,59],[16,59]]]`)), LoadOptions{}, 0, "ring 0 has 3 positions"},
		{"bow tie", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59.1],[16.1,59],[16,59.1],[16,59]]]`)), LoadOptions{}, 0, "ring 0 intersects itself"},
		{"figure eight at a vertex", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16.05,59.05],[16.1,59.1],[16,59.1],[16.05,59.05],[16,59]]]`)), LoadOptions{}, 0, "ring 0 intersects itself"},
		{"spike", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16.2,59],[16.1,59],[16.1,59.1],[16,59]]]`)), LoadOptions{}, 0, "ring 0 intersects itself"},
		{"collinear", fc("", feature("Norr", "Polygon", `[[[16,59],[16.2,59],[16.1,59],[16,59]]]`)), LoadOptions{}, 0, "folds back"},
		{"hole outside", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16.1,59.1],[16,59.1],[16,59]],[[17,59],[17.01,59],[17.01,59.01],[17,59]]]`)), LoadOptions{}, 0, "ring 1 (a hole) is not inside ring 0"},
		{"hole crossing outer", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16.1,59.1],[16,59.1],[16,59]],[[16.05,59.05],[16.2,59.05],[16.2,59.06],[16.05,59.05]]]`)), LoadOptions{}, 0, "ring 0 and ring 1 intersect"},
		{"hole in hole", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1,59],[16.1,59.1],[16,59.1],[16,59]],[[16.01,59.01],[16.09,59.01],[16.09,59.09],[16.01,59.09],[16.01,59.01]],[[16.04,59.04],[16.05,59.04],[16.05,59.05],[16.04,59.04]]]`)), LoadOptions{}, 0, "ring 2 (a hole) is inside ring 1, another hole"},
		{"bad second polygon", fc("", feature("Norr", "MultiPolygon", `[`+square+`,[[[17,59],[17.1,59],[17.1,59.1],[17,59.1]]]]`)), LoadOptions{}, 0, "polygon 1 ring 0 is not closed"},
		{"self-crossing second polygon", fc("", feature("Norr", "MultiPolygon", `[`+square+`,[[[17,59],[17.1,59.1],[17.1,59],[17,59.1],[17,59]]]]`)), LoadOptions{}, 0, "polygon 1: ring 0 intersects itself"},
		{"longitude out of range", fc("", feature("Norr", "Polygon", `[[[196,59],[196.1,59],[196.1,59.1],[196,59]]]`)), LoadOptions{}, 0, "ring 0 position 0 (196, 59) is not a WGS84 longitude, latitude"},
		{"metres as WGS84", fc("", feature("Norr", "Polygon", `[[[569362,6540210],[569462,6540210],[569462,6540310],[569362,6540210]]]`)), LoadOptions{}, 0, "projected coordinates? give the CRS"},
		{"degrees as SWEREF", fc("EPSG:3006", ok), LoadOptions{}, 0, "outside Sweden in SWEREF 99 TM"},
		{"far outside SWEREF", fc("", feature("Norr", "Polygon", `[[[569362,6540210],[569462,6540210],[569462,9540310],[569362,6540210]]]`)), LoadOptions{CRS: 3006}, 0, "position 2 (569462, 9.54031e+06) is outside Sweden"},
		{"mixed axis order", fc("", feature("Norr", "Polygon", `[[[569362,6540210],[569462,6540210],[6540310,569462],[569362,6540210]]]`)), LoadOptions{CRS: 3006}, 0, "position 2 (6.54031e+06, 569462) is outside Sweden"},
		{"unsupported crs member", fc("EPSG:3857", ok), LoadOptions{}, -1, `unsupported CRS "EPSG:3857"`},
		{"garbage crs member", fc("urn:ogc:def:crs:EPSG::abc", ok), LoadOptions{}, -1, "unsupported CRS"},
		{"link crs", `{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"x"}},"features":[` + ok + `]}`, LoadOptions{}, -1, `crs member of type "link"`},
		{"unsupported crs option", fc("", ok), LoadOptions{CRS: 3857}, -1, "unsupported CRS EPSG:3857"},
		{"crs conflict", fc("EPSG:3006", ok), LoadOptions{CRS: 3010}, -1, "file says EPSG:3006 but EPSG:3010 was asked for"},
		{"point", fc("", ok, feature("Punkt", "Point", `[16,59]`)), LoadOptions{}, 1, `unsupported geometry type "Point"`},
		{"null geometry", fc("", `{"type":"Feature","properties":{"name":"Norr"},"geometry":null}`), LoadOptions{}, 0, "no geometry"},
		{"missing name", fc("", `{"type":"Feature","properties":{"namn":"Norr"},"geometry":{"type":"Polygon","coordinates":`+square+`}}`), LoadOptions{}, 0, `missing name property "name"`},
		{"other name property", fc("", ok), LoadOptions{NameProperty: "kom_namn"}, 0, `missing name property "kom_namn"`},
		{"numeric name", fc("", `{"type":"Feature","properties":{"name":7},"geometry":{"type":"Polygon","coordinates":`+square+`}}`), LoadOptions{}, 0, "missing name property"},
		{"empty key", fc("", feature("???", "Polygon", square)), LoadOptions{}, 0, "empty key"},
		{"not a feature", fc("", `{"type":"Polygon","properties":{"name":"Norr"}}`), LoadOptions{}, 0, `type is "Polygon", want Feature`},
		{"one number", fc("", feature("Norr", "Polygon", `[[[16,59],[16.1],[16.1,59.1],[16,59]]]`)), LoadOptions{}, 0, "ring 0 position 1 has 1 numbers"},
		{"string coordinates", fc("", feature("Norr", "Polygon", `"x"`)), LoadOptions{}, 0, "bad Polygon coordinates"},
		{"null coordinates", fc("", feature("Norr", "MultiPolygon", `null`)), LoadOptions{}, 0, "bad MultiPolygon coordinates"},
		{"empty multipolygon", fc("", feature("Norr", "MultiPolygon", `[]`)), LoadOptions{}, 0, "geometry has no polygons"},
		{"empty polygon", fc("", feature("Norr", "Polygon", `[]`)), LoadOptions{}, 0, "polygon 0 has no rings"},
	}
	for _, tc := range tests {
		fs, err := ReadFeatures(strings.NewReader(tc.doc), tc.opts)
		var ge *Error
		if !errors.As(err, &ge) {
			t.Errorf("%s: err = %v, want *Error", tc.name, err)
			continue
		}
		if fs != nil || ge.Index != tc.index || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %d features, error %q (feature %d); want %q in feature %d", tc.name, len(fs), err, ge.Index, tc.want, tc.index)
		}
	}
}

func TestContainsSharedBorders(t *testing.T) {
	sq := func(x, y float64) Feature {
		return Feature{Name: fmt.Sprint(x, y), Geometry: MultiPolygon{{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}}}
	}
	// A 2 × 2 block of unit squares, a sloped border between two
	// quadrilaterals, and a hole exactly filled by another district.
	squares := []Feature{sq(0, 0), sq(1, 0), sq(0, 1), sq(1, 1)}
	sloped := []Feature{
		{Name: "under", Geometry: MultiPolygon{{{{0, 0}, {3, 0}, {3, 1}, {0, 0}}}}},
		{Name: "over", Geometry: MultiPolygon{{{{0, 0}, {3, 1}, {3, 2}, {0, 2}, {0, 0}}}}},
	}
	ring := []Feature{
		{Name: "ring", Geometry: MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}}},
		{Name: "core", Geometry: MultiPolygon{{{{1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}}}}},
	}
	tests := []struct {
		fs   []Feature
		p    Point
		want int // feature index, -1 for none
	}{
		{squares, Point{1, 0.5}, 1},   // vertical border: the eastern square
		{squares, Point{0.5, 1}, 2},   // horizontal border: the northern square
		{squares, Point{1, 1}, 3},     // the corner of four: north-east
		{squares, Point{1, 0}, 1},     // shared vertex on the outer border
		{squares, Point{0, 0}, 0},     // south-west corner belongs
		{squares, Point{2, 1}, -1},    // east edge does not
		{squares, Point{1, 2}, -1},    // north edge does not
		{squares, Point{0, 1.5}, 2},   // west edge does
		{squares, Point{0.5, 0.5}, 0}, // plain inside
		{sloped, Point{1.5, 0.5}, 0},  // on the sloped border: east of it is below
		{sloped, Point{3, 1}, -1},     // its eastern end is on the outer border
		{sloped, Point{0, 0}, 0},
		{sloped, Point{0, 1e-300}, 1},
		// A hair above and below the line y = x/3 (x/3 = 0.99999999999999986…).
		{sloped, Point{2.9999999999999996, 0.9999999999999999}, 1},
		{sloped, Point{2.9999999999999996, 0.9999999999999998}, 0},
		{ring, Point{1, 2}, 1},
		{ring, Point{3, 2}, 0},
		{ring, Point{2, 1}, 1},
		{ring, Point{2, 3}, 0},
		{ring, Point{1, 1}, 1},
		{ring, Point{3, 3}, 0},
	}
	for _, tc := range tests {
		first, count := bruteLocate(tc.fs, tc.p)
		if first != tc.want || count > 1 {
			t.Errorf("%v: in %d (%d districts), want %d", tc.p, first, count, tc.want)
		}
		i, ok := NewIndex(tc.fs).Locate(tc.p.Lon, tc.p.Lat)
		if i != tc.want || ok != (tc.want >= 0) {
			t.Errorf("%v: Locate = %d, %v; want %d", tc.p, i, ok, tc.want)
		}
	}
}

// Every point of a tiling's box is in exactly one district, borders and
// shared vertices included, and the index agrees with the brute force.
func TestIndexMatchesBruteForce(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 3))
		tl := newTiling(2+int(seed), 3, 30, 15.7, 58.75, 0.9, 0.5, rng)
		for _, f := range tl.features {
			if err := f.Geometry.Validate(); err != nil {
				t.Fatal(f.Name, err)
			}
		}
		ix := NewIndex(tl.features)
		var pts []Point
		for _, f := range tl.features {
			r := f.Geometry[0][0]
			for i := 0; i+1 < len(r); i++ {
				pts = append(pts, r[i], Point{(r[i].Lon + r[i+1].Lon) / 2, (r[i].Lat + r[i+1].Lat) / 2})
			}
		}
		for range 20000 {
			pts = append(pts, Point{tl.x0 - 0.1 + rng.Float64()*(tl.w+0.2), tl.y0 - 0.1 + rng.Float64()*(tl.h+0.2)})
		}
		for _, p := range pts {
			checkPoint(t, tl, ix, p)
		}
	}
}

func checkPoint(t testing.TB, tl tiling, ix *Index, p Point) {
	first, count := bruteLocate(tl.features, p)
	if count > 1 || tl.inside(p) && count != 1 || !tl.inside(p) && count != 0 {
		t.Fatalf("%v (inside box %v) is in %d districts", p, tl.inside(p), count)
	}
	if i, ok := ix.Locate(p.Lon, p.Lat); i != first || ok != (count == 1) {
		t.Fatalf("%v: Locate = %d, %v; brute force %d", p, i, ok, first)
	}
}

func TestIndexEdgeCases(t *testing.T) {
	if _, ok := NewIndex(nil).Locate(16, 59); ok {
		t.Error("empty index found something")
	}
	k := readKatrineholm(t)
	ix := NewIndex([]Feature{{Name: "empty"}, k})
	for _, p := range []Point{{math.NaN(), 59}, {16.2, math.Inf(1)}, {-16.2, 59}} {
		if _, ok := ix.Locate(p.Lon, p.Lat); ok {
			t.Errorf("%v located", p)
		}
	}
	if i, ok := ix.Locate(katrineholmCentre.Lon, katrineholmCentre.Lat); i != 1 || !ok {
		t.Errorf("Locate = %d, %v; want 1", i, ok)
	}
}

func TestGrid(t *testing.T) {
	k := readKatrineholm(t)
	g, err := NewGrid(k.Geometry.BBox(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if math.Mod(g.E0, 1000) != 0 || math.Mod(g.N0, 1000) != 0 || g.Rows < 50 || g.Cols < 45 {
		t.Fatalf("grid %+v", g)
	}
	c, ok := g.CellOf(katrineholmCentre.Lon, katrineholmCentre.Lat)
	// Katrineholm centre is at N 6 540 210.7, E 569 362.5.
	if !ok || g.N0+float64(c.Row)*1000 != 6540000 || g.E0+float64(c.Col)*1000 != 569000 {
		t.Fatalf("CellOf(centre) = %+v, %v (grid %+v)", c, ok, g)
	}
	if g.CellAt(g.ID(c)) != c {
		t.Error("ID/CellAt do not round-trip")
	}
	if _, ok := g.CellOf(stockholm.Lon, stockholm.Lat); ok {
		t.Error("Stockholm is in Katrineholm's grid")
	}
	inside := 0
	for id := range g.Len() {
		c := g.CellAt(id)
		if cc, ok := g.CellOf(g.Centre(c).Lon, g.Centre(c).Lat); !ok || cc != c {
			t.Fatalf("centre of %+v is in %+v", c, cc)
		}
		if g.CentreIn(c, k.Geometry) {
			inside++
		}
	}
	// Counting cells by their centres estimates the area; ground cells are
	// (1000/k)² m² with k ≈ 0.9997 here.
	if est, area := float64(inside)*1e6, k.Geometry.Area(); math.Abs(est-area)/area > 0.02 {
		t.Errorf("%d cells inside, area %.0f km²", inside, area/1e6)
	}
	cell := MultiPolygon{g.Polygon(c)}
	if err := cell.Validate(); err != nil {
		t.Fatal(err)
	}
	if a := cell.Area(); math.Abs(a-1e6)/1e6 > 0.002 {
		t.Errorf("cell area %.0f m²", a)
	}
	if !cell.Contains(g.Centre(c)) {
		t.Error("cell polygon misses its centre")
	}
	for _, bad := range []struct {
		b    BBox
		size float64
	}{{k.Geometry.BBox(), 0}, {k.Geometry.BBox(), math.NaN()}, {BBox{}, 100}, {BBox{16, 59, 15, 60}, 100}, {BBox{10, 55, 25, 70}, 0.5}, {BBox{0, 0, 200, 1}, 100}} {
		if _, err := NewGrid(bad.b, bad.size); err == nil {
			t.Errorf("NewGrid(%+v, %v): want error", bad.b, bad.size)
		}
	}
}

func BenchmarkLocate(b *testing.B) {
	// A kommun-sized area (0.9° × 0.5°, ~2 700 km²) cut into 6 × 5 wavy
	// districts of 500 vertices each.
	tl := newTiling(6, 5, 125, 15.7, 58.75, 0.9, 0.5, rand.New(rand.NewPCG(1, 2)))
	ix := NewIndex(tl.features)
	rng := rand.New(rand.NewPCG(3, 4))
	pts := make([]Point, 1<<16)
	for i := range pts {
		// A tenth of the points fall outside the area.
		pts[i] = Point{tl.x0 - 0.05 + rng.Float64()*(tl.w+0.1), tl.y0 - 0.025 + rng.Float64()*(tl.h+0.05)}
	}
	for i := 0; b.Loop(); i++ {
		p := pts[i&(len(pts)-1)]
		ix.Locate(p.Lon, p.Lat)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mlookups/s")
}

// BenchmarkLocateBorders is the worst case: every point is a vertex or the
// midpoint of a border edge, so no cell settles it and the exact predicate
// works hard.
func BenchmarkLocateBorders(b *testing.B) {
	tl := newTiling(6, 5, 125, 15.7, 58.75, 0.9, 0.5, rand.New(rand.NewPCG(1, 2)))
	ix := NewIndex(tl.features)
	var pts []Point
	for _, f := range tl.features {
		r := f.Geometry[0][0]
		for i := 0; i+1 < len(r); i++ {
			pts = append(pts, r[i], Point{(r[i].Lon + r[i+1].Lon) / 2, (r[i].Lat + r[i+1].Lat) / 2})
		}
	}
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		ix.Locate(p.Lon, p.Lat)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mlookups/s")
}

func BenchmarkNewIndex(b *testing.B) {
	tl := newTiling(6, 5, 125, 15.7, 58.75, 0.9, 0.5, rand.New(rand.NewPCG(1, 2)))
	for b.Loop() {
		NewIndex(tl.features)
	}
}

func BenchmarkReadFeatures(b *testing.B) {
	tl := newTiling(6, 5, 125, 15.7, 58.75, 0.9, 0.5, rand.New(rand.NewPCG(1, 2)))
	var buf bytes.Buffer
	if err := WriteFeatures(&buf, tl.features); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := ReadFeatures(bytes.NewReader(buf.Bytes()), LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
