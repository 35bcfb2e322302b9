package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer"
	"github.com/trygg-se/trygg/internal/sun"
)

// syntheticSeed fixes the synthetic reports, so that every installation's
// demo shows the same figures.
const syntheticSeed = 20222023

// What reporters saw, with weights, and a few ways staff write it up. The
// texts describe places and situations, never persons.
var syntheticKinds = []struct {
	category string
	weight   int
	texts    []string
}{
	{"poor_lighting", 22, []string{"Trasig gatubelysning längs gångvägen.", "Mörk passage, flera lampor släckta.", "Belysningen vid cykelstället fungerar inte."}},
	{"gathering", 20, []string{"Grupp ungdomar samlas vid entrén och spelar hög musik.", "Folk samlas sent vid busshållplatsen, boende känner oro.", "Häng vid skolgården efter mörkrets inbrott."}},
	{"drug_dealing", 12, []string{"Misstänkt langning vid parkeringen.", "Sprutor och tomma påsar hittade i buskaget."}},
	{"violence", 10, []string{"Bråk mellan flera personer utanför restaurangen.", "Hot mot personal vid entrén."}},
	{"vandalism", 14, []string{"Klotter på tunnelns väggar.", "Krossade rutor i busskuren."}},
	{"vegetation", 10, []string{"Buskage skymmer sikten längs gångvägen.", "Igenvuxen slänt gör platsen svår att överblicka."}},
	{"littering", 6, []string{"Mycket skräp och glasflaskor i parken."}},
	{"traffic", 6, []string{"Mopeder kör i hög fart på gångbanan."}},
}

// syntheticReports makes EST reports over the promise period, 2022–2023:
// about three in four in the priority districts and most after dark, as the
// promise's situational picture describes. Every one is marked synthetic.
func syntheticReports(ds []*app.District, g app.Gazetteer) ([]*app.Incident, error) {
	en, err := importer.NewEnricher(ds, &g, sun.Place{Lat: 58.9958, Lon: 16.2072})
	if err != nil {
		return nil, err
	}
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(syntheticSeed, 1))
	var priority, other []*app.District
	for _, d := range ds {
		if d.Key == "landsbygd" {
			continue // a rectangle's bbox is its shape; the countryside's is not
		}
		if d.Priority {
			priority = append(priority, d)
		} else {
			other = append(other, d)
		}
	}
	total := 0
	for _, k := range syntheticKinds {
		total += k.weight
	}
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, stockholm)
	var out []*app.Incident
	for n := range 360 {
		pool := other
		if rng.Float64() < 0.75 {
			pool = priority
		}
		d := pool[rng.IntN(len(pool))]
		w := rng.IntN(total)
		kind := syntheticKinds[0]
		for _, k := range syntheticKinds {
			if w < k.weight {
				kind = k
				break
			}
			w -= k.weight
		}
		cat, _ := app.ReportCategory(kind.category)
		day := start.AddDate(0, 0, rng.IntN(730))
		// Most reports are in the evening and night; the rest by day.
		hour := []int{17, 18, 19, 20, 21, 22, 23, 0, 1, 2}[rng.IntN(10)]
		if rng.Float64() < 0.25 {
			hour = 8 + rng.IntN(9)
		}
		at := time.Date(day.Year(), day.Month(), day.Day(), hour, rng.IntN(60), 0, 0, stockholm)
		lat := d.BBox[1] + rng.Float64()*(d.BBox[3]-d.BBox[1])
		lon := d.BBox[0] + rng.Float64()*(d.BBox[2]-d.BBox[0])
		lat, lon = math.Round(lat*1e5)/1e5, math.Round(lon*1e5)/1e5
		unsafety := 2 + rng.IntN(4)
		state := app.ReviewAccepted
		if at.Year() == 2023 && at.Month() == time.December && rng.Float64() < 0.5 {
			state = app.ReviewPending // the latest are still in the queue
		}
		inc := &app.Incident{
			Source: app.SourceEST, ExternalID: fmt.Sprintf("demo-est-%03d", n+1), Category: cat.Key, FocusArea: cat.FocusArea,
			OccurredFrom: at.UTC(), OccurredTo: at.UTC(), Lat: &lat, Lon: &lon,
			Text: "[Syntetisk demo] " + kind.texts[rng.IntN(len(kind.texts))], Unsafety: &unsafety,
			ReviewState: state, Synthetic: true, SourceRef: fmt.Sprintf("demo EST %d (syntetisk / synthetic)", n+1),
		}
		en.Enrich(inc)
		out = append(out, inc)
	}
	return out, nil
}

// syntheticPatrols are two evening patrols a week over the promise's two
// years, mostly in the priority districts and mostly on foot, labelled
// synthetic: the demo's patrol log, not the police's.
func syntheticPatrols() ([]*app.Patrol, error) {
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(syntheticSeed, 3))
	places := [][]string{{"centrum"}, {"centrum"}, {"navertorp"}, {"navertorp"}, {"norr"}, {"norr", "navertorp"}, {"soder"}, {"oster", "vaster"}}
	modes := []string{"foot", "foot", "foot", "bike", "car"}
	var out []*app.Patrol
	for day := time.Date(2022, 1, 3, 0, 0, 0, 0, stockholm); day.Year() < 2024; day = day.AddDate(0, 0, 7) {
		for _, offset := range []int{1, 4} { // Tuesday and Friday
			start := day.AddDate(0, 0, offset).Add(time.Duration(17+rng.IntN(5)) * time.Hour)
			out = append(out, &app.Patrol{Start: start.UTC(), End: start.Add(time.Duration(2+rng.IntN(3)) * time.Hour).UTC(),
				Mode: modes[rng.IntN(len(modes))], Districts: places[rng.IntN(len(places))], Synthetic: true})
		}
	}
	return out, nil
}
