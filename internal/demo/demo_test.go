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
