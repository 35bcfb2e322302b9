package geo

import (
	"math"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

// tm is SWEREF 99 TM, the national metric grid; every Swedish place is on it.
var tm, _ = sweref.ByEPSG(3006)

// Snap moves a point to the centre of its size × size metre square on the
// national grid. Public pages show citizen reports this way (100 m), so
// that a pin never points at one house.
func Snap(lat, lon, size float64) (float64, float64) {
	n, e := tm.Forward(lat, lon)
	n = (math.Floor(n/size) + 0.5) * size
	e = (math.Floor(e/size) + 0.5) * size
	return tm.Inverse(n, e)
}

// Distance is the distance in metres between two points, on the national
// grid: exact enough within a kommun, where it is used.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	n1, e1 := tm.Forward(lat1, lon1)
	n2, e2 := tm.Forward(lat2, lon2)
	return math.Hypot(n2-n1, e2-e1)
}
