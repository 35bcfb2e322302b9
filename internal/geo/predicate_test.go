package geo

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func orientRat(a, b, c Point) int {
	r := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
	sub := func(x, y float64) *big.Rat { return new(big.Rat).Sub(r(x), r(y)) }
	l := new(big.Rat).Mul(sub(b.Lon, a.Lon), sub(c.Lat, a.Lat))
	rr := new(big.Rat).Mul(sub(b.Lat, a.Lat), sub(c.Lon, a.Lon))
	return l.Cmp(rr)
}

// orient must be exact for nearly collinear points at any scale, where the
// floating-point determinant's sign is noise.
func TestOrientExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	nudge := func(x float64) float64 {
		for range rng.IntN(3) {
			x = math.Nextafter(x, math.Inf(2*rng.IntN(2)-1))
		}
		return x
	}
	counts := map[int]int{}
	for i := range 60000 {
		scale := math.Pow(10, float64(rng.IntN(40)-20))
		if i%50 == 1 {
			scale = math.Pow(2, float64(rng.IntN(2000)-1000))
		}
		a := Point{rng.NormFloat64() * scale, rng.NormFloat64() * scale}
		b := Point{rng.NormFloat64() * scale, rng.NormFloat64() * scale}
		f := rng.Float64() * 3
		c := Point{nudge(a.Lon + f*(b.Lon-a.Lon)), nudge(a.Lat + f*(b.Lat-a.Lat))}
		if i%3 == 0 { // exactly collinear: small integers times a power of 2
			s := math.Ldexp(1, rng.IntN(200)-100)
			a = Point{float64(rng.IntN(64)) * s, float64(rng.IntN(64)) * s}
			d := Point{float64(rng.IntN(9)-4) * s, float64(rng.IntN(9)-4) * s}
			k := float64(rng.IntN(7) - 3)
			b, c = Point{a.Lon + d.Lon, a.Lat + d.Lat}, Point{nudge(a.Lon + k*d.Lon), nudge(a.Lat + k*d.Lat)}
		}
		got, want := orient(a, b, c), orientRat(a, b, c)
		counts[want]++
		if got != want {
			t.Fatalf("orient(%v, %v, %v) = %d, want %d", a, b, c, got, want)
		}
		if g := orientExact(a, b, c); g != want {
			t.Fatalf("orientExact(%v, %v, %v) = %d, want %d", a, b, c, g, want)
		}
	}
	if counts[0] == 0 || counts[1] == 0 || counts[-1] == 0 {
		t.Errorf("test did not cover all signs: %v", counts)
	}
	if orient(Point{0, 0}, Point{1, 1}, Point{math.NaN(), 0.5}) != 0 {
		t.Error("NaN must not panic or decide")
	}
}
