package demo

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/kommun"
)

// NationalTenant is one kommun of the synthetic national data set: a
// tenant with six rectangular districts somewhere in Sweden. Everything in
// it is labelled synthetic; it exists to measure Trygg at national scale.
type NationalTenant struct {
	Tenant    app.Tenant
	Districts []*app.District
	Weight    float64 // its share of the incidents
}

// National returns n synthetic tenants named after Sweden's kommuner (at
// most one per kommun: a tenant's kommun code is unique), the same for the
// same seed.
func National(n int, seed uint64) []NationalTenant {
	rng := rand.New(rand.NewPCG(seed, 11))
	ks := kommun.All()
	n = min(n, len(ks))
	out := make([]NationalTenant, 0, n)
	for i := range n {
		k := ks[i]
		slug := "syn-" + k.Code
		pop := 3000 + rng.IntN(60000)
		if rng.IntN(20) == 0 {
			pop += 200000 // a few cities
		}
		t := NationalTenant{Tenant: app.Tenant{Slug: slug, Name: k.Name + " kommun (syntetisk)", KommunCode: k.Code, Population: pop},
			Weight: float64(pop)}
		lat, lon := 55.6+rng.Float64()*11, 12.5+rng.Float64()*9
		names := []string{"Centrum", "Norr", "Söder", "Öster", "Väster", "Landsbygd"}
		for j, name := range names {
			x0, y0 := lon+float64(j%3)*0.03, lat+float64(j/3)*0.02
			ring := rect(x0, y0, x0+0.03, y0+0.02)
			t.Districts = append(t.Districts, &app.District{Key: geo.Slug(name), Name: name, Geometry: polygon(ring), BBox: bbox(ring),
				Population: pop / len(names), Priority: j < 2, Approximate: true, Source: "syntetisk / synthetic (trygg gen)"})
		}
		out = append(out, t)
	}
	return out
}

// NationalIncidents are count synthetic incidents for t over years years
// up to the end of 2025: sources mixed as in a kommun that imports police
// notices and EST and citizen reports; more in the evening and at night,
// more in the dark half of the year; each at a point in one of t's
// districts, so that enrichment places and dates it like a real import.
func NationalIncidents(t NationalTenant, count, years int, seed uint64) iter.Seq2[*app.Incident, error] {
	return func(yield func(*app.Incident, error) bool) {
		rng := rand.New(rand.NewPCG(seed, uint64(len(t.Tenant.Slug))*7919+uint64(t.Tenant.Population)))
		sources := []string{app.SourcePolice, app.SourcePolice, app.SourceEST, app.SourceEST, app.SourceCitizen, app.SourceCSV}
		cats := app.ReportCategories
		end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		start := end.AddDate(-years, 0, 0)
		span := end.Sub(start)
		hourWeights := []int{4, 3, 3, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 5, 6, 6, 6, 6, 5, 5}
		var hours []int
		for h, w := range hourWeights {
			for range w {
				hours = append(hours, h)
			}
		}
		var source string
		for i := range count {
			// Sources come in runs, as imports do: the store writes an
			// import in batches of one source, and a source drawn anew for
			// each incident made batches of two or three.
			if i%500 == 0 {
				source = sources[rng.IntN(len(sources))]
			}
			day := start.Add(time.Duration(rng.Int64N(int64(span))))
			// The dark half of the year gets a third more.
			if m := day.Month(); (m >= 4 && m <= 8) && rng.IntN(4) == 0 {
				day = day.AddDate(0, 6, 0)
				if !day.Before(end) {
					day = day.AddDate(-1, 0, 0)
				}
			}
			at := time.Date(day.Year(), day.Month(), day.Day(), hours[rng.IntN(len(hours))], rng.IntN(60), 0, 0, time.UTC)
			d := t.Districts[rng.IntN(len(t.Districts))]
			lat, lon := d.BBox[1]+rng.Float64()*(d.BBox[3]-d.BBox[1]), d.BBox[0]+rng.Float64()*(d.BBox[2]-d.BBox[0])
			c := cats[rng.IntN(len(cats))]
			inc := &app.Incident{Source: source, ExternalID: fmt.Sprintf("gen-%d", i), Category: c.Key,
				FocusArea: c.FocusArea, OccurredFrom: at, OccurredTo: at, Lat: &lat, Lon: &lon, ReviewState: app.ReviewAccepted,
				Synthetic: true, SourceRef: fmt.Sprintf("trygg gen %d", i)}
			if !yield(inc, nil) {
				return
			}
		}
	}
}
