// Package importer brings incidents into Trygg from police notices, Brå
// statistics and CSV exports: it parses (subpackages polisen, bra,
// csvin), enriches every incident with its district, darkness and masked
// text, and hands a stream to the store, which writes all or nothing.
package importer

import (
	"fmt"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/gazetteer"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/privacy"
	"github.com/trygg-se/trygg/internal/sun"
)

// Enricher answers, for every incident of one tenant, where (district by
// point, else by place names in its text), when (dark, twilight or light,
// or the dark fraction of a window) and what may be shown (personal data
// masked). It is built once per import: the index and the sun cache make
// each incident cheap.
type Enricher struct {
	index     *geo.Index
	order     []string          // district key by index position
	keys      map[string]int64  // district id by key (0 before the districts are stored)
	names     map[string]string // district key by lower-case key or name
	gazetteer *gazetteer.Gazetteer
	dark      *sun.Calculator
}

// NewEnricher builds an Enricher from the tenant's districts and gazetteer;
// the sun is computed at place (the kommun's centre is close enough: dusk
// moves about a minute per 15 km).
func NewEnricher(districts []*app.District, g *app.Gazetteer, place sun.Place) (*Enricher, error) {
	e := &Enricher{keys: map[string]int64{}, names: map[string]string{}}
	var features []geo.Feature
	for _, d := range districts {
		m, err := geo.ParseGeometry(d.Geometry)
		if err != nil {
			return nil, fmt.Errorf("district %s: %w", d.Key, err)
		}
		features = append(features, geo.Feature{Name: d.Name, Key: d.Key, Geometry: m})
		e.order = append(e.order, d.Key)
		e.keys[d.Key] = d.ID
		e.names[strings.ToLower(d.Key)], e.names[strings.ToLower(d.Name)] = d.Key, d.Key
	}
	e.index = geo.NewIndex(features)
	if g != nil && len(g.Entries) > 0 {
		entries := make([]gazetteer.Entry, len(g.Entries))
		for i, s := range g.Entries {
			entries[i] = gazetteer.Entry{Name: s.Name, District: s.District, Variants: s.Variants}
		}
		var err error
		if e.gazetteer, err = gazetteer.New(entries, g.Exclusions); err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
	}
	var err error
	if e.dark, err = sun.NewCalculator(place, sun.DefaultThresholds); err != nil {
		return nil, err
	}
	return e, nil
}

// Enrich sets the incident's district (unless already set), darkness and
// masked text. placeText is extra text that names the place but is not
// stored (e.g. a notice's body), searched after the incident's own place
// and text. The district is set as a key, and as an id when the districts
// are stored.
func (e *Enricher) Enrich(inc *app.Incident, placeText ...string) {
	inc.Text, _ = privacy.Mask(inc.Text)
	inc.Place, _ = privacy.Mask(inc.Place)
	if inc.DistrictID == nil && inc.DistrictKey == "" {
		inc.DistrictKey = e.locate(inc, placeText)
	}
	if id := e.keys[inc.DistrictKey]; id != 0 && inc.DistrictID == nil {
		inc.DistrictID = &id
	}
	if inc.IsWindow() {
		inc.Darkness = ""
		f, err := e.dark.DarkFraction(inc.OccurredFrom, inc.OccurredTo)
		if err == nil {
			inc.DarkFraction = round(f)
		}
	} else {
		switch e.dark.Darkness(inc.OccurredFrom) {
		case sun.Dark:
			inc.Darkness, inc.DarkFraction = "dark", 1
		case sun.Twilight:
			inc.Darkness, inc.DarkFraction = "twilight", 0
		default:
			inc.Darkness, inc.DarkFraction = "light", 0
		}
	}
}

// locate returns the district key of the incident's point, else of the
// first of its texts that names a place; "" is kommun-wide.
func (e *Enricher) locate(inc *app.Incident, extra []string) string {
	if inc.Lat != nil && inc.Lon != nil {
		if i, ok := e.index.Locate(*inc.Lon, *inc.Lat); ok {
			return e.order[i]
		}
		return "" // a point outside every district is kommun-wide
	}
	if e.gazetteer == nil {
		return ""
	}
	for _, text := range append([]string{inc.Place, inc.Text}, extra...) {
		if key, ok := e.gazetteer.District(text); ok {
			if _, ok := e.keys[key]; ok {
				return key
			}
		}
	}
	return ""
}

// round keeps a fraction to the minute of a day's resolution, so that the
// content hash of a re-imported window does not change with float noise.
func round(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

// PlaceOf is where a tenant's sun is computed: the middle of its
// districts. A tenant without districts gets Sweden's population centre
// (near Örebro): dusk there is within half an hour of dusk in any southern
// or central kommun, and the tenant's own districts replace it at once.
func PlaceOf(ds []*app.District) sun.Place {
	if len(ds) == 0 {
		return sun.Place{Lat: 59.4, Lon: 15.6}
	}
	b := ds[0].BBox
	for _, d := range ds[1:] {
		b[0], b[1] = min(b[0], d.BBox[0]), min(b[1], d.BBox[1])
		b[2], b[3] = max(b[2], d.BBox[2]), max(b[3], d.BBox[3])
	}
	return sun.Place{Lat: (b[1] + b[3]) / 2, Lon: (b[0] + b[2]) / 2}
}
