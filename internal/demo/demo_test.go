package demo_test

import (
	"encoding/json"
	"testing"

	"github.com/trygg-se/trygg/internal/demo"
)

func TestKatrineholm(t *testing.T) {
	d, err := demo.Katrineholm()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	keys := map[string]bool{}
	for _, dist := range d.Districts {
		sum += dist.Population
		keys[dist.Key] = true
		if !dist.Approximate {
			t.Errorf("district %s not marked approximate", dist.Key)
		}
		var g struct {
			Type        string
			Coordinates [][][2]float64
		}
		if err := json.Unmarshal(dist.Geometry, &g); err != nil || g.Type != "Polygon" {
			t.Errorf("district %s: geometry %v %q", dist.Key, err, g.Type)
		}
		for _, ring := range g.Coordinates {
			if ring[0] != ring[len(ring)-1] {
				t.Errorf("district %s: ring not closed", dist.Key)
			}
		}
	}
	if got, want := sum, d.Tenant.Population; got != want {
		t.Errorf("district populations sum to %d, want the kommun's %d", got, want)
	}
	p := d.Promises[0]
	for _, k := range p.PriorityDistricts {
		if !keys[k] {
			t.Errorf("priority district %q is not a district", k)
		}
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	if got, want := len(p.FocusAreas), 3; got != want {
		t.Errorf("focus areas = %d, want %d", got, want)
	}
}

func TestSyntheticReports(t *testing.T) {
	d, err := demo.Katrineholm()
	if err != nil {
		t.Fatal(err)
	}
	priority := map[string]bool{}
	for _, dist := range d.Districts {
		priority[dist.Key] = dist.Priority
	}
	inPriority, dark := 0, 0
	police := 0
	for _, inc := range d.Incidents {
		if inc.Source == "police" {
			if inc.Synthetic {
				t.Errorf("real notice %s marked synthetic", inc.ExternalID)
			}
			police++
			continue
		}
		if !inc.Synthetic || inc.Source != "est" {
			t.Fatalf("demo incident %s is not a synthetic EST report", inc.ExternalID)
		}
		if y := inc.OccurredFrom.Year(); y < 2022 || y > 2023 {
			t.Errorf("%s outside the promise period: %v", inc.ExternalID, inc.OccurredFrom)
		}
		if inc.DistrictKey == "" {
			t.Errorf("%s has no district", inc.ExternalID)
		}
		if priority[inc.DistrictKey] {
			inPriority++
		}
		if inc.Darkness == "dark" {
			dark++
		}
	}
	if police != 129 {
		t.Errorf("demo holds %d real police notices, want the 129 of the sample", police)
	}
	n := len(d.Incidents) - police
	if n < 300 || inPriority*10 < n*6 || dark*2 < n {
		t.Errorf("%d reports, %d in priority districts, %d after dark: want most in priority districts and after dark", n, inPriority, dark)
	}
}
