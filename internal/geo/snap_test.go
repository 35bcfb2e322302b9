package geo

import (
	"math"
	"testing"
)

func TestSnap(t *testing.T) {
	// Two points 30 m apart in one 100 m square snap to the same centre;
	// the centre is within half a diagonal (71 m) of each.
	lat, lon := 58.99612, 16.20534
	a1, o1 := Snap(lat, lon, 100)
	a2, o2 := Snap(lat+0.00027, lon, 100) // about 30 m north
	n, e := tm.Forward(lat, lon)
	sameCell := math.Floor(n/100) == math.Floor((n+30)/100)
	if sameCell && (a1 != a2 || o1 != o2) {
		t.Errorf("points in one square snapped apart: %v,%v vs %v,%v", a1, o1, a2, o2)
	}
	cn, ce := tm.Forward(a1, o1)
	if d := math.Hypot(cn-n, ce-e); d > 71 {
		t.Errorf("snapped %.1f m away", d)
	}
	if r := math.Mod(cn-50, 100); math.Abs(r) > 0.01 && math.Abs(r-100) > 0.01 {
		t.Errorf("centre northing %.3f is not on the 100 m grid's centres", cn)
	}
	// Snapping is idempotent.
	if b1, p1 := Snap(a1, o1, 100); math.Abs(b1-a1) > 1e-9 || math.Abs(p1-o1) > 1e-9 {
		t.Errorf("snap of a centre moved it: %v,%v → %v,%v", a1, o1, b1, p1)
	}
}

func TestDistance(t *testing.T) {
	// One minute of latitude is about 1,852 m; a hundredth of a degree of
	// longitude at 59° N about 573 m.
	if d := Distance(59, 16.2, 59+1.0/60, 16.2); math.Abs(d-1855) > 10 {
		t.Errorf("one minute north = %.0f m", d)
	}
	if d := Distance(59, 16.2, 59, 16.21); math.Abs(d-573) > 5 {
		t.Errorf("0.01° east = %.0f m", d)
	}
	if d := Distance(59, 16.2, 59, 16.2); d != 0 {
		t.Errorf("same point = %v", d)
	}
}
