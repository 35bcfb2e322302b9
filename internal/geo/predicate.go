package geo

import (
	"math"
	"math/big"
)

// ccwErrBound is Shewchuk's error bound for the floating-point orientation
// determinant ("Adaptive Precision Floating-Point Arithmetic and Fast
// Robust Geometric Predicates", 1997): beyond it the sign is certain.
const ccwErrBound = (3 + 16*0x1p-53) * 0x1p-53

// orient returns +1 if c lies left of the directed line a→b, -1 if right and
// 0 if on it, exactly. Border points of adjacent districts must get
// consistent answers, which a rounded determinant cannot promise.
func orient(a, b, c Point) int {
	l := (b.Lon - a.Lon) * (c.Lat - a.Lat)
	r := (b.Lat - a.Lat) * (c.Lon - a.Lon)
	det := l - r
	bound := ccwErrBound * (math.Abs(l) + math.Abs(r))
	// The bound assumes no underflow; tiny values take the exact path.
	if bound > 1e-290 && (det > bound || -det > bound) {
		if det > 0 {
			return 1
		}
		return -1
	}
	return orientExact(a, b, c)
}

// orientExact decides the cases the filter in orient cannot. It runs only
// for (nearly) collinear points, e.g. collinear vertices on a border.
func orientExact(a, b, c Point) int {
	for _, x := range [...]float64{a.Lon, a.Lat, b.Lon, b.Lat, c.Lon, c.Lat} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0 // no answer is right; never reached for valid input
		}
	}
	// Usually the differences are exact (Sterbenz) and FMA gives each
	// product's rounding error exactly, which settles the sign.
	dx1, ok1 := exactDiff(b.Lon, a.Lon)
	dy1, ok2 := exactDiff(c.Lat, a.Lat)
	dy2, ok3 := exactDiff(b.Lat, a.Lat)
	dx2, ok4 := exactDiff(c.Lon, a.Lon)
	l, r := dx1*dy1, dy2*dx2
	if ok1 && ok2 && ok3 && ok4 && noUnderflow(l, dx1, dy1) && noUnderflow(r, dy2, dx2) {
		if l != r { // rounding is monotonic, so rounded order is exact order
			return cmpFloat(l, r)
		}
		return cmpFloat(math.FMA(dx1, dy1, -l), math.FMA(dy2, dx2, -r))
	}
	// Otherwise big floats wide enough to hold any difference and product
	// of float64s exactly.
	diff := func(x, y float64) *big.Float {
		return new(big.Float).SetPrec(2200).Sub(big.NewFloat(x), big.NewFloat(y))
	}
	bl := new(big.Float).SetPrec(4400).Mul(diff(b.Lon, a.Lon), diff(c.Lat, a.Lat))
	br := new(big.Float).SetPrec(4400).Mul(diff(b.Lat, a.Lat), diff(c.Lon, a.Lon))
	return bl.Cmp(br)
}

// exactDiff returns x-y and whether it is exact (Knuth's TwoSum error is 0).
func exactDiff(x, y float64) (float64, bool) {
	s := x - y
	bv := s - x
	err := (x - (s - bv)) + (-y - bv)
	return s, err == 0 && !math.IsInf(s, 0)
}

// noUnderflow reports whether the rounding error of p = x*y is itself a
// float64: p is finite and far from the subnormal range, or exactly zero.
func noUnderflow(p, x, y float64) bool {
	return !math.IsInf(p, 0) && (math.Abs(p) > 1e-290 || x == 0 || y == 0)
}

func cmpFloat(x, y float64) int {
	switch {
	case x > y:
		return 1
	case x < y:
		return -1
	}
	return 0
}

// onSegment reports whether c, known to be collinear with a and b, lies on
// the closed segment ab.
func onSegment(a, b, c Point) bool {
	return min(a.Lon, b.Lon) <= c.Lon && c.Lon <= max(a.Lon, b.Lon) &&
		min(a.Lat, b.Lat) <= c.Lat && c.Lat <= max(a.Lat, b.Lat)
}

// intersects reports whether the closed segments ab and cd share a point.
func intersects(a, b, c, d Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return o1 == 0 && onSegment(a, b, c) || o2 == 0 && onSegment(a, b, d) ||
		o3 == 0 && onSegment(c, d, a) || o4 == 0 && onSegment(c, d, b)
}
