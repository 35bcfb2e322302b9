package geo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

// WGS84 is the EPSG code for longitude/latitude in degrees (GeoJSON's own
// CRS, also written CRS84).
const WGS84 = 4326

// Feature is one district.
type Feature struct {
	Name       string         // from the name property
	Key        string         // Slug(Name), unique within a file
	Properties map[string]any // all properties as read
	Geometry   MultiPolygon   // WGS84, validated
}

// LoadOptions says how to read a district file.
type LoadOptions struct {
	// NameProperty is the property holding the district name; "name" if
	// empty. Every feature must have it as a non-empty string.
	NameProperty string
	// CRS is the EPSG code of the coordinates: 4326 (WGS84) or a SWEREF 99
	// grid (3006 TM, 3007–3018 local zones, e.g. 3010). Zero means: the
	// file's legacy "crs" member, else WGS84. A file whose crs member
	// contradicts a non-zero CRS is rejected.
	CRS int
}

// Error is a problem with a district file. Index is the feature's position
// in the file, or -1 when the problem is with the file as a whole.
type Error struct {
	Index int
	Name  string
	Msg   string
	Err   error // underlying cause, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("geo: ")
	if e.Index >= 0 {
		fmt.Fprintf(&b, "feature %d", e.Index)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%q)", e.Name)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

type fileJSON struct {
	Type string `json:"type"`
	CRS  *struct {
		Type       string `json:"type"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	} `json:"crs"`
	Features []struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   *struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// ReadFeatures reads a GeoJSON FeatureCollection of districts (Polygon or
// MultiPolygon features, with holes) and returns them in WGS84, each as a
// MultiPolygon. Any invalid feature fails the whole file with an *Error
// naming it: a half-loaded district map would misplace incidents silently.
func ReadFeatures(r io.Reader, opts LoadOptions) ([]Feature, error) {
	var file fileJSON
	if err := json.NewDecoder(r).Decode(&file); err != nil {
		return nil, &Error{Index: -1, Msg: "not a GeoJSON document", Err: err}
	}
	if file.Type != "FeatureCollection" {
		return nil, &Error{Index: -1, Msg: fmt.Sprintf("type is %q, want FeatureCollection", file.Type)}
	}
	if len(file.Features) == 0 {
		return nil, &Error{Index: -1, Msg: "no features"}
	}
	conv, err := converter(file, opts.CRS)
	if err != nil {
		return nil, err
	}
	nameProp := cmp.Or(opts.NameProperty, "name")
	out := make([]Feature, 0, len(file.Features))
	keys := map[string]int{}
	for i, f := range file.Features {
		name, _ := f.Properties[nameProp].(string)
		name = strings.TrimSpace(name)
		fail := func(format string, args ...any) error {
			return &Error{Index: i, Name: name, Msg: fmt.Sprintf(format, args...)}
		}
		if f.Type != "Feature" {
			return nil, fail("type is %q, want Feature", f.Type)
		}
		if name == "" {
			return nil, fail("missing name property %q (a non-empty string)", nameProp)
		}
		key := Slug(name)
		if key == "" {
			return nil, fail("name gives an empty key")
		}
		if j, dup := keys[key]; dup {
			return nil, fail("key %q is also the key of feature %d", key, j)
		}
		keys[key] = i
		if f.Geometry == nil {
			return nil, fail("no geometry")
		}
		var raw [][][][]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			if p != nil {
				raw = [][][][]float64{p}
			}
		case "MultiPolygon":
			err = json.Unmarshal(f.Geometry.Coordinates, &raw)
		default:
			return nil, fail("unsupported geometry type %q, want Polygon or MultiPolygon", f.Geometry.Type)
		}
		if err != nil || raw == nil {
			return nil, &Error{Index: i, Name: name, Msg: "bad " + f.Geometry.Type + " coordinates", Err: err}
		}
		m, msg := toMultiPolygon(raw, conv)
		if msg == "" {
			if err := m.Validate(); err != nil {
				msg = err.Error()
			}
		}
		if msg != "" {
			return nil, fail("%s", msg)
		}
		out = append(out, Feature{Name: name, Key: key, Properties: f.Properties, Geometry: m})
	}
	return out, nil
}

// convert turns one input position into WGS84, or says what is wrong.
type convert func(x, y float64) (Point, string)

func converter(file fileJSON, explicit int) (convert, error) {
	code := explicit
	if file.CRS != nil {
		fileCode, err := parseCRS(file.CRS.Type, file.CRS.Properties.Name)
		if err != nil {
			return nil, &Error{Index: -1, Msg: err.Error()}
		}
		if explicit != 0 && explicit != fileCode {
			return nil, &Error{Index: -1, Msg: fmt.Sprintf("file says EPSG:%d but EPSG:%d was asked for", fileCode, explicit)}
		}
		code = fileCode
	}
	if code == 0 || code == WGS84 {
		return func(lon, lat float64) (Point, string) {
			if lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 {
				return Point{lon, lat}, ""
			}
			return Point{}, fmt.Sprintf("(%g, %g) is not a WGS84 longitude, latitude (projected coordinates? give the CRS)", lon, lat)
		}, nil
	}
	proj, err := sweref.ByEPSG(code)
	if err != nil {
		return nil, &Error{Index: -1, Msg: fmt.Sprintf("unsupported CRS EPSG:%d", code)}
	}
	// Sweden spans northings 6.1–7.7 Mm and lies within ±450 km of any
	// SWEREF central meridian; outside that the data is in another CRS. The
	// ranges do not overlap, so the axis order (GIS tools write E, N; EPSG
	// says N, E) is told by the first position and then held to.
	plausible := func(n, e float64) bool {
		return n >= 6.0e6 && n <= 7.8e6 && e >= proj.FE-5e5 && e <= proj.FE+5e5
	}
	order := 0 // 1: E, N; 2: N, E
	return func(x, y float64) (Point, string) {
		if order == 0 && plausible(x, y) && !plausible(y, x) {
			order = 2
		} else if order == 0 {
			order = 1
		}
		n, e := y, x
		if order == 2 {
			n, e = x, y
		}
		if !plausible(n, e) {
			return Point{}, fmt.Sprintf("(%g, %g) is outside Sweden in %s", x, y, proj.Name)
		}
		lat, lon := proj.Inverse(n, e)
		return Point{lon, lat}, ""
	}, nil
}

// parseCRS reads a legacy GeoJSON crs member: "EPSG:3006",
// "urn:ogc:def:crs:EPSG::3006", "http://www.opengis.net/def/crs/EPSG/0/3006",
// "urn:ogc:def:crs:OGC:1.3:CRS84".
func parseCRS(typ, name string) (int, error) {
	if typ != "name" {
		return 0, fmt.Errorf("unsupported crs member of type %q, want \"name\"", typ)
	}
	s := strings.ToLower(strings.TrimSpace(name))
	if strings.HasSuffix(s, "crs84") {
		return WGS84, nil
	}
	if strings.Contains(s, "epsg") {
		if code, err := strconv.Atoi(s[strings.LastIndexAny(s, ":/")+1:]); err == nil && code > 0 {
			if code == WGS84 {
				return code, nil
			}
			if _, err := sweref.ByEPSG(code); err == nil {
				return code, nil
			}
		}
	}
	return 0, fmt.Errorf("unsupported CRS %q", name)
}

// toMultiPolygon converts raw coordinates; it checks only what the
// conversion itself needs, Validate does the rest.
func toMultiPolygon(raw [][][][]float64, conv convert) (MultiPolygon, string) {
	m := make(MultiPolygon, len(raw))
	for i, rp := range raw {
		where := func(k int) string {
			if len(raw) > 1 {
				return fmt.Sprintf("polygon %d ring %d", i, k)
			}
			return fmt.Sprintf("ring %d", k)
		}
		if len(rp) == 0 {
			return nil, fmt.Sprintf("polygon %d has no rings", i)
		}
		m[i] = make(Polygon, len(rp))
		for k, rr := range rp {
			if len(rr) < 4 {
				return nil, fmt.Sprintf("%s has %d positions, want at least 4", where(k), len(rr))
			}
			r := make(Ring, 0, len(rr))
			for j, pos := range rr {
				if len(pos) < 2 {
					return nil, fmt.Sprintf("%s position %d has %d numbers, want 2 or 3", where(k), j, len(pos))
				}
				p, msg := conv(pos[0], pos[1])
				if msg != "" {
					return nil, fmt.Sprintf("%s position %d %s", where(k), j, msg)
				}
				// Repeated points are common in real data and harmless.
				if len(r) == 0 || p != r[len(r)-1] {
					r = append(r, p)
				}
			}
			if rr[0][0] != rr[len(rr)-1][0] || rr[0][1] != rr[len(rr)-1][1] {
				return nil, fmt.Sprintf("%s is not closed", where(k))
			}
			// RFC 7946 winding: outer counter-clockwise, holes clockwise.
			if (signedArea2(r) > 0) != (k == 0) {
				slices.Reverse(r)
			}
			m[i][k] = r
		}
	}
	return m, ""
}

// MarshalGeoJSON encodes m as a GeoJSON MultiPolygon geometry.
func (m MultiPolygon) MarshalGeoJSON() ([]byte, error) {
	coords := make([][][][2]float64, len(m))
	for i, poly := range m {
		coords[i] = make([][][2]float64, len(poly))
		for k, r := range poly {
			coords[i][k] = make([][2]float64, len(r))
			for j, p := range r {
				coords[i][k][j] = [2]float64{p.Lon, p.Lat}
			}
		}
	}
	return json.Marshal(struct {
		Type        string           `json:"type"`
		Coordinates [][][][2]float64 `json:"coordinates"`
	}{"MultiPolygon", coords})
}

// MarshalJSON makes m a GeoJSON geometry wherever it is encoded.
func (m MultiPolygon) MarshalJSON() ([]byte, error) { return m.MarshalGeoJSON() }

// WriteFeatures writes fs as a WGS84 GeoJSON FeatureCollection. A feature
// whose properties lack "name" gets its Name there, so the output reads back
// with default options.
func WriteFeatures(w io.Writer, fs []Feature) error {
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   MultiPolygon   `json:"geometry"`
	}
	out := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: make([]feature, len(fs))}
	for i, f := range fs {
		props := maps.Clone(f.Properties)
		if props == nil {
			props = map[string]any{}
		}
		if _, ok := props["name"]; !ok {
			props["name"] = f.Name
		}
		out.Features[i] = feature{"Feature", props, f.Geometry}
	}
	enc := json.NewEncoder(w)
	return enc.Encode(out)
}

// Slug makes a district key from a name: lower-case ASCII letters and
// digits, Swedish and other Latin letters folded (å, ä → a; ö → o), any
// other run of characters → '-'. "Västra Ekebo" → "vastra-ekebo".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		s := fold(r)
		if s == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
	}
	return b.String()
}

func fold(r rune) string {
	switch {
	case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		return string(r)
	case strings.ContainsRune("åäàáâãā", r):
		return "a"
	case strings.ContainsRune("öøòóôõō", r):
		return "o"
	case strings.ContainsRune("éèêëē", r):
		return "e"
	case strings.ContainsRune("üùúûū", r):
		return "u"
	case strings.ContainsRune("íìîïī", r):
		return "i"
	case strings.ContainsRune("ýÿ", r):
		return "y"
	case r == 'æ':
		return "ae"
	case r == 'ç':
		return "c"
	case r == 'ñ':
		return "n"
	case r == 'ß':
		return "ss"
	}
	return "" // other scripts are dropped too; the name stays in Name
}

// ParseGeometry reads one WGS84 GeoJSON Polygon or MultiPolygon geometry,
// as districts are stored, with the same checks as ReadFeatures.
func ParseGeometry(b []byte) (MultiPolygon, error) {
	var fc strings.Builder
	fc.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"geometry"},"geometry":`)
	fc.Write(b)
	fc.WriteString(`}]}`)
	fs, err := ReadFeatures(strings.NewReader(fc.String()), LoadOptions{CRS: WGS84})
	if err != nil {
		return nil, err
	}
	return fs[0].Geometry, nil
}
