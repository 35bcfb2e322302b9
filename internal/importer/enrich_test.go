package importer_test

import (
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/importer"
)

func TestEnrich(t *testing.T) {
	d, err := demo.Katrineholm()
	if err != nil {
		t.Fatal(err)
	}
	en, err := importer.NewEnricher(d.Districts, &d.Gazetteer, importer.PlaceOf(d.Districts))
	if err != nil {
		t.Fatal(err)
	}
	pt := func(lat, lon float64) (*float64, *float64) { return &lat, &lon }
	winterEvening := time.Date(2023, 1, 12, 20, 0, 0, 0, time.UTC)
	summerNoon := time.Date(2023, 6, 21, 11, 0, 0, 0, time.UTC)
	tests := []struct {
		name                    string
		inc                     app.Incident
		district, darkness, txt string
		fraction                float64
	}{
		{"point in Centrum, winter evening", app.Incident{OccurredFrom: winterEvening, OccurredTo: winterEvening, Text: "lampa"}, "centrum", "dark", "lampa", 1},
		{"place name, summer noon", app.Incident{OccurredFrom: summerNoon, OccurredTo: summerNoon, Place: "vid Stortorget"}, "centrum", "light", "", 0},
		{"nothing named: kommun-wide", app.Incident{OccurredFrom: summerNoon, OccurredTo: summerNoon, Text: "i Södermanlands län"}, "", "light", "i Södermanlands län", 0},
		{"a whole winter night", app.Incident{OccurredFrom: winterEvening, OccurredTo: winterEvening.Add(8 * time.Hour), Text: "ring 0701234567"}, "", "", "ring [telefon]", 1},
		{"a whole midsummer day", app.Incident{OccurredFrom: time.Date(2023, 6, 20, 22, 0, 0, 0, time.UTC), OccurredTo: time.Date(2023, 6, 21, 22, 0, 0, 0, time.UTC)}, "", "", "", -1},
	}
	tests[0].inc.Lat, tests[0].inc.Lon = pt(58.9960, 16.2075)
	for _, tt := range tests {
		inc := tt.inc
		en.Enrich(&inc)
		if inc.DistrictKey != tt.district || inc.Darkness != tt.darkness || inc.Text != tt.txt {
			t.Errorf("%s: district %q darkness %q text %q", tt.name, inc.DistrictKey, inc.Darkness, inc.Text)
		}
		if tt.fraction >= 0 && inc.DarkFraction != tt.fraction {
			t.Errorf("%s: dark fraction %v, want %v", tt.name, inc.DarkFraction, tt.fraction)
		}
		if tt.fraction < 0 && (inc.DarkFraction <= 0 || inc.DarkFraction >= 0.2) {
			t.Errorf("%s: dark fraction %v, want a small share (Katrineholm's midsummer night)", tt.name, inc.DarkFraction)
		}
	}
}
