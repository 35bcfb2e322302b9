// Package demo builds the Katrineholm demo: the medborgarlöfte 2022–2023
// from the founding document in structured form, the kommun's real outline,
// and hand-drawn, approximate district polygons for the town. Anything not
// taken from a real source is marked approximate or synthetic.
package demo

import (
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/gazetteer"
)

// kommunGeoJSON is Katrineholm's outline (okfse/sweden-geojson, simplified;
// see shared/data/SOURCES.md).
//
//go:embed data/katrineholm_municipality.geojson
var kommunGeoJSON []byte

// Population of Katrineholms kommun, SCB 2024.
const kommunPopulation = 34238

// The town is cut into rectangles along these lines (WGS84). They are a
// rough sketch of the stadsdelar, not surveyed boundaries: real ones come
// from SCB RegSO/DeSO by import.
const (
	west, centreWest, centreEast, east     = 16.160, 16.195, 16.220, 16.250
	south, centreSouth, centreNorth, north = 58.970, 58.990, 59.002, 59.020
)

type town struct {
	key, name                      string
	minLon, minLat, maxLon, maxLat float64
	population                     int
	priority                       bool
}

// The town districts with population estimates. Landsbygd (the rest of the
// kommun) gets the remainder so that the sum is the kommun's population.
var towns = []town{
	{"centrum", "Centrum", centreWest, centreSouth, centreEast, centreNorth, 4200, true},
	{"norr", "Norr", centreWest, centreNorth, east, north, 5600, true},
	{"navertorp", "Nävertorp", west, centreNorth, centreWest, north, 3600, true},
	{"vaster", "Väster", west, centreSouth, centreWest, centreNorth, 1200, false},
	{"oster", "Öster", centreEast, centreSouth, east, centreNorth, 3900, false},
	{"soder", "Söder", west, south, east, centreSouth, 4700, false},
}

const approxSource = "Ungefärlig avgränsning ritad för demon, inte från SCB / Approximate boundary drawn for the demo, not from SCB"

// Katrineholm returns the demo.
func Katrineholm() (*app.Demo, error) {
	outer, err := kommunRing()
	if err != nil {
		return nil, err
	}
	d := &app.Demo{
		Tenant: app.Tenant{
			Slug:       "katrineholm",
			Name:       "Katrineholms kommun",
			KommunCode: "0483",
			PoliceArea: "Lokalpolisområde Katrineholm",
			Population: kommunPopulation,
		},
	}
	rest := kommunPopulation
	for _, t := range towns {
		ring := rect(t.minLon, t.minLat, t.maxLon, t.maxLat)
		d.Districts = append(d.Districts, &app.District{
			Key: t.key, Name: t.name, Geometry: polygon(ring), BBox: bbox(ring),
			Population: t.population, Priority: t.priority, Approximate: true, Source: approxSource,
		})
		rest -= t.population
	}
	// The countryside is the kommun outline with the town cut out as a hole,
	// so that every point in the kommun is in exactly one district.
	hole := rect(west, south, east, north)
	d.Districts = append(d.Districts, &app.District{
		Key: "landsbygd", Name: "Landsbygd och övriga orter", Geometry: polygon(outer, reverse(hole)), BBox: bbox(outer),
		Population: rest, Approximate: true,
		Source: "Kommungräns: okfse/sweden-geojson (förenklad); tätorten urklippt ungefärligt / Kommun outline simplified; town cut out approximately",
	})
	d.Promises = []*app.Promise{promise2022()}
	d.Users = demoUsers()
	d.Measures = demoMeasures()
	for _, m := range d.Measures {
		m.Synthetic = true
	}
	d.Gazetteer = demoGazetteer(d.Districts)
	if d.Incidents, err = policeNotices(d.Districts, d.Gazetteer); err != nil {
		return nil, err
	}
	synthetic, err := syntheticReports(d.Districts, d.Gazetteer)
	if err != nil {
		return nil, err
	}
	d.Incidents = append(d.Incidents, synthetic...)
	if d.Patrols, err = syntheticPatrols(); err != nil {
		return nil, err
	}
	d.Walks = demoWalks()
	d.Dialogues = demoDialogues()
	if err := addSurvey(d); err != nil {
		return nil, err
	}
	return d, nil
}

// demoGazetteer is the Katrineholm place-name list, limited to the demo's
// districts: names the list puts elsewhere in town (Sandbäcken, and places
// it files under "the rest of the town") have no demo polygon, so an event
// there stays kommun-wide instead of being placed by a guess.
func demoGazetteer(ds []*app.District) app.Gazetteer {
	keys := map[string]bool{}
	for _, d := range ds {
		keys[d.Key] = true
	}
	entries, exclusions := gazetteer.KatrineholmDefault()
	g := app.Gazetteer{Exclusions: exclusions}
	for _, e := range entries {
		if keys[e.District] {
			g.Entries = append(g.Entries, app.GazetteerEntry{Name: e.Name, District: e.District, Variants: e.Variants})
		}
	}
	return g
}

// demoUsers returns one user per role for Katrineholm and a superadmin,
// each with a fresh random password.
func demoUsers() []app.DemoUser {
	us := []app.DemoUser{
		{Email: "admin@katrineholm.example", Name: "Alva Admin", Role: app.RoleAdmin},
		{Email: "samordnare@katrineholm.example", Name: "Sam Samordnare", Role: app.RoleCoordinator},
		{Email: "polis@katrineholm.example", Name: "Per Polis", Role: app.RolePolice},
		{Email: "rapportor@katrineholm.example", Name: "Rut Rapportör", Role: app.RoleReporter},
		{Email: "radet@katrineholm.example", Name: "Rolf Rådsledamot", Role: app.RoleCouncil},
		{Email: "superadmin@trygg.example", Name: "Sara Superadmin", Superadmin: true},
	}
	for i := range us {
		// 26 base32 characters: 130 bits, no look-alike problems.
		us[i].Password = rand.Text()
	}
	return us
}

func kommunRing() ([][2]float64, error) {
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string         `json:"type"`
				Coordinates [][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(kommunGeoJSON, &fc); err != nil {
		return nil, fmt.Errorf("demo: kommun outline: %w", err)
	}
	if len(fc.Features) != 1 || fc.Features[0].Geometry.Type != "Polygon" || len(fc.Features[0].Geometry.Coordinates) == 0 {
		return nil, fmt.Errorf("demo: kommun outline: want one Polygon feature")
	}
	return fc.Features[0].Geometry.Coordinates[0], nil
}

// rect returns a closed counter-clockwise ring (GeoJSON's right-hand rule
// for outer rings).
func rect(minLon, minLat, maxLon, maxLat float64) [][2]float64 {
	return [][2]float64{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}
}

func reverse(r [][2]float64) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

func polygon(rings ...[][2]float64) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": rings})
	return b
}

func bbox(r [][2]float64) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range r {
		b[0], b[1] = math.Min(b[0], p[0]), math.Min(b[1], p[1])
		b[2], b[3] = math.Max(b[2], p[0]), math.Max(b[3], p[1])
	}
	return b
}

func promise2022() *app.Promise {
	return &app.Promise{
		Slug:    "2022-2023",
		Title:   "Medborgarlöfte för Katrineholms kommun 2022–2023",
		Parties: []string{app.PartyKommun, app.PartyPolis},
		Signatories: []app.Signatory{
			{Party: app.PartyKommun, Title: "Kommunstyrelsens ordförande"},
			{Party: app.PartyPolis, Title: "Lokalpolisområdeschef"},
		},
		ValidFrom: app.NewDate(2022, time.January, 1),
		ValidTo:   app.NewDate(2023, time.December, 31),
		Background: "Utifrån trygghetsmätningar och dialoger ger Katrineholms medborgare en positiv bild av " +
			"trygghetsläget i kommunen. Det är förhållandevis få platser som pekas ut som otrygga. Trots det " +
			"generella positiva läget visar trygghetsmätning och dialoger att medborgarna upplever otrygghet i " +
			"delar av centrum, norr och Nävertorp. Det är främst under dygnets mörka timmar som oro för att " +
			"utsättas för brott finns och då främst för våldsbrott. Ungdomars häng i tätorten och framförallt i " +
			"centrum kan skapa otrygghet och oro för både vuxna och andra ungdomar.",
		Goal: "Det övergripande målet med aktiviteterna i medborgarlöftet är att den upplevda tryggheten för " +
			"kommuninvånarna ska öka och att utsattheten för brott ska minska i Katrineholm. Målet följs upp i " +
			"trygghetsmätningar och medborgardialoger.",
		FollowUp: "Uppföljning av aktiviteter kopplade till medborgarlöftet sker i samband med ordinarie " +
			"verksamhetsuppföljning och redovisas i Rådet för trygghet och säkerhet tre gånger per år. Arbetet " +
			"återkopplas och redovisas löpande mot kommunens medborgare på kommunens och polisens webbplatser.",
		FollowUpsPerYear: 3,
		Council:          "Rådet för trygghet och säkerhet",
		Status:           app.PromiseEnded,
		FocusAreas: []*app.FocusArea{
			{Key: "violence", Name: "Våld", NameEn: "Violence", Description: "Våld är fortfarande ett av de största " +
				"samhällsproblemen i Sverige. I Katrineholm ser vi att våld är vanligt förekommande, både i skolan, " +
				"hemmet och i det offentliga rummet."},
			{Key: "drugs", Name: "Droger", NameEn: "Drugs", Description: "Droger drabbar våra ungdomar och boende i " +
				"området både direkt och indirekt genom droghandel och störningar samt de grova våldsbrott som sker " +
				"som en konsekvens av uppgörelser och konflikter."},
			{Key: "youth_crime", Name: "Ungdomsbrottslighet", NameEn: "Youth crime", Description: "Vi upplever ett " +
				"tuffare klimat bland ungdomar där våld och våldsbrott ökar, framförallt i högstadieskolan och på " +
				"gymnasiet. Det är för lätt för ungdomar att få tillgång till droger."},
		},
		Commitments: []*app.Commitment{{
			Party: app.PartyJoint,
			Text: "Kommunen och Polisen lovar gemensamt att sätta in åtgärder, både kortsiktiga och långsiktiga, " +
				"för att öka tryggheten med särskilt fokus på stadsdelarna Centrum, Norr och Nävertorp.",
			Examples: []string{"Patrullering av polis", "Åtgärder kring belysning vid en fastighet",
				"Åtgärder kring växtlighet vid en fastighet", "Övervakningskameror"},
		}},
		PriorityDistricts: []string{"centrum", "norr", "navertorp"},
	}
}
