package csvin_test

import (
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/importer/csvin"
)

func TestLoadMapping(t *testing.T) {
	m, err := csvin.LoadMapping(strings.NewReader(`{"id": "Id", "time": "Tid", "lat": "Lat", "lon": "Long",
		"district": "Stadsdel", "category": "Kategori", "text": "Beskrivning", "delimiter": ";"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := csvin.Mapping{ID: "Id", Time: "Tid", Lat: "Lat", Lon: "Long", District: "Stadsdel",
		Category: "Kategori", Text: "Beskrivning", Delimiter: ";",
		CRS: csvin.DefaultCRS, TimeZone: csvin.DefaultTimeZone}
	if m != want {
		t.Fatalf("got %+v, want %+v", m, want)
	}

	m, err = csvin.LoadMapping(strings.NewReader(`{"from": "start", "to": "slut", "east": "E", "north": "N",
		"crs": 3010, "time_zone": "UTC", "delimiter": "\t"}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.CRS != 3010 || m.TimeZone != "UTC" || m.Delimiter != "\t" {
		t.Fatalf("got %+v", m)
	}
}

func TestLoadMappingErrors(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"unknown field", `{"time": "t", "district": "d", "lattitude": "lat"}`, `unknown field "lattitude"`},
		{"not JSON", `time: t`, `mapping: invalid character`},
		{"wrong type", `{"time": "t", "district": "d", "crs": "3006"}`, `mapping: json: cannot unmarshal`},
		{"trailing data", `{"time": "t", "district": "d"} {}`, `unexpected data after`},
		{"no time", `{"district": "d"}`, `a time column is required`},
		{"time and from", `{"time": "t", "from": "f", "district": "d"}`, `set time or from/to, not both`},
		{"to without from", `{"to": "t", "district": "d"}`, `to needs from`},
		{"no place", `{"time": "t", "text": "x"}`, `a place column is required`},
		{"lat without lon", `{"time": "t", "lat": "y"}`, `lat and lon go together`},
		{"north without east", `{"time": "t", "north": "n", "district": "d"}`, `east and north go together`},
		{"both coordinate pairs", `{"time": "t", "lat": "y", "lon": "x", "east": "e", "north": "n"}`, `not both`},
		{"bad crs", `{"time": "t", "east": "e", "north": "n", "crs": 4326}`, `crs 4326`},
		{"bad zone", `{"time": "t", "district": "d", "time_zone": "Europe/Katrineholm"}`, `time_zone "Europe/Katrineholm"`},
		{"bad delimiter", `{"time": "t", "district": "d", "delimiter": "|"}`, `delimiter "|"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := csvin.LoadMapping(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
	// Every problem is reported at once.
	_, err := csvin.LoadMapping(strings.NewReader(`{"lat": "y", "delimiter": "|"}`))
	if err == nil || strings.Count(err.Error(), "mapping:") != 3 {
		t.Fatalf("error %q, want three problems", err)
	}
}
