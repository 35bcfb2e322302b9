// Package sweref converts between geodetic coordinates on SWEREF 99 (GRS80;
// for this project's purposes the same as WGS84, they differ by < 1 m) and
// the SWEREF 99 grid coordinates of Sweden's national and local map
// projections.
//
// It implements the Gauss–Krüger (transverse Mercator) formulas that
// Lantmäteriet publishes ("Gauss-Krügers projektion", series to 4th order in
// the third flattening n), which are accurate to well below a millimetre over
// Sweden. The projection is a value, so adding a zone is adding a table row.
package sweref

import (
	"fmt"
	"math"
	"slices"
)

// Projection is one transverse Mercator grid on GRS80.
type Projection struct {
	EPSG int     // EPSG code, 0 for ad hoc projections
	Name string  // e.g. "SWEREF 99 TM"
	Lon0 float64 // central meridian, degrees east
	K0   float64 // scale factor on the central meridian
	FN   float64 // false northing, metres
	FE   float64 // false easting, metres
}

// TM is SWEREF 99 TM (EPSG:3006), the national grid. Same parameters as
// ETRS89 / UTM zone 33N, widened to cover all of Sweden.
var TM = Projection{EPSG: 3006, Name: "SWEREF 99 TM", Lon0: 15, K0: 0.9996, FE: 500000}

// Zone1630 is SWEREF 99 16 30 (EPSG:3010), the local grid Katrineholm uses.
var Zone1630 = local(3010, 16, 30)

// Projections returns the supported grids: the national one and the twelve
// local zones (scale 1, false easting 150 000 m).
func Projections() []Projection { return slices.Clone(projections) }

var projections = []Projection{
	TM,
	local(3007, 12, 0), local(3008, 13, 30), local(3009, 15, 0), Zone1630,
	local(3011, 18, 0), local(3012, 14, 15), local(3013, 15, 45),
	local(3014, 17, 15), local(3015, 18, 45), local(3016, 20, 15),
	local(3017, 21, 45), local(3018, 23, 15),
}

func local(epsg, deg, min int) Projection {
	return Projection{
		EPSG: epsg,
		Name: fmt.Sprintf("SWEREF 99 %02d %02d", deg, min),
		Lon0: float64(deg) + float64(min)/60,
		K0:   1,
		FE:   150000,
	}
}

// ByEPSG returns the projection with the given EPSG code. Unknown codes are
// an error: a wrong grid silently moves every point by hundreds of km.
func ByEPSG(code int) (Projection, error) {
	for _, p := range projections {
		if p.EPSG == code {
			return p, nil
		}
	}
	return Projection{}, fmt.Errorf("sweref: unsupported CRS EPSG:%d", code)
}

// GRS80 and the constants of Lantmäteriet's series, computed once.
var (
	a  = 6378137.0
	f  = 1 / 298.257222101
	e2 = f * (2 - f)
	n  = f / (2 - f)
	// aHat is the radius of the rectifying sphere.
	aHat = a / (1 + n) * (1 + n*n/4 + n*n*n*n/64)

	// Geodetic → conformal latitude.
	cA = e2
	cB = (5*e2*e2 - e2*e2*e2) / 6
	cC = (104*e2*e2*e2 - 45*e2*e2*e2*e2) / 120
	cD = 1237 * e2 * e2 * e2 * e2 / 1260

	// Conformal → geodetic latitude.
	iA = e2 + e2*e2 + e2*e2*e2 + e2*e2*e2*e2
	iB = -(7*e2*e2 + 17*e2*e2*e2 + 30*e2*e2*e2*e2) / 6
	iC = (224*e2*e2*e2 + 889*e2*e2*e2*e2) / 120
	iD = -4279 * e2 * e2 * e2 * e2 / 1260

	beta = [4]float64{
		n/2 - 2*n*n/3 + 5*n*n*n/16 + 41*n*n*n*n/180,
		13*n*n/48 - 3*n*n*n/5 + 557*n*n*n*n/1440,
		61*n*n*n/240 - 103*n*n*n*n/140,
		49561 * n * n * n * n / 161280,
	}
	delta = [4]float64{
		n/2 - 2*n*n/3 + 37*n*n*n/96 - n*n*n*n/360,
		n*n/48 + n*n*n/15 - 437*n*n*n*n/1440,
		17*n*n*n/480 - 37*n*n*n*n/840,
		4397 * n * n * n * n / 161280,
	}
)

const rad = math.Pi / 180

// Forward maps latitude and longitude (degrees) to grid northing and easting
// (metres).
func (p Projection) Forward(lat, lon float64) (north, east float64) {
	phi := lat * rad
	s, c := math.Sincos(phi)
	s2 := s * s
	phiStar := phi - s*c*(cA+s2*(cB+s2*(cC+s2*cD)))
	dl := (lon - p.Lon0) * rad
	xi := math.Atan(math.Tan(phiStar) / math.Cos(dl))
	eta := math.Atanh(math.Cos(phiStar) * math.Sin(dl))
	x, y := xi, eta
	for j, b := range beta {
		k := float64(2 * (j + 1))
		x += b * math.Sin(k*xi) * math.Cosh(k*eta)
		y += b * math.Cos(k*xi) * math.Sinh(k*eta)
	}
	return p.K0*aHat*x + p.FN, p.K0*aHat*y + p.FE
}

// Inverse maps grid northing and easting (metres) to latitude and longitude
// (degrees).
func (p Projection) Inverse(north, east float64) (lat, lon float64) {
	xi := (north - p.FN) / (p.K0 * aHat)
	eta := (east - p.FE) / (p.K0 * aHat)
	x, y := xi, eta
	for j, d := range delta {
		k := float64(2 * (j + 1))
		x -= d * math.Sin(k*xi) * math.Cosh(k*eta)
		y -= d * math.Cos(k*xi) * math.Sinh(k*eta)
	}
	phiStar := math.Asin(math.Sin(x) / math.Cosh(y))
	dl := math.Atan(math.Sinh(y) / math.Cos(x))
	s, c := math.Sincos(phiStar)
	s2 := s * s
	phi := phiStar + s*c*(iA+s2*(iB+s2*(iC+s2*iD)))
	return phi / rad, p.Lon0 + dl/rad
}
