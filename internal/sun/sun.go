// Package sun computes the sun's position, the sunrise, sunset and twilight
// events of a local day, and whether an instant at a place is dark.
//
// Definitions used throughout:
//
//   - Elevation is the geometric (true) elevation of the sun's centre above
//     the astronomical horizon, in degrees, WITHOUT atmospheric refraction.
//     Every angle below is on that same scale, which is how NOAA and the
//     almanacs define them, so refraction is folded into the thresholds.
//   - Sunrise and sunset are when the elevation crosses −0.833°: the upper limb
//     (semi-diameter 16′) touches a flat horizon under standard refraction (34′).
//   - Civil, nautical and astronomical dawn and dusk are the crossings of −6°,
//     −12° and −18°; [AtAngle] gives the crossings of any other angle.
//   - Darkness (DESIGN §5): dark below −6°, twilight from −6° to −0.833°, light
//     above; see [Thresholds].
//
// Positions come from the NOAA solar calculator equations, which are Meeus'
// low-precision solar coordinates ("Astronomical Algorithms", ch. 25). Event
// times agree with Schlyter's published Swedish tables to under a minute (see
// the tests); NOAA gives about a minute within ±72° latitude and up to ten
// beyond, where the sun crosses the horizon at a shallow angle. Accuracy
// degrades slowly for years far from 2000.
//
// Events are found by root-finding on the elevation over the actual local day,
// from local midnight to the next local midnight (23 or 25 hours on DST days),
// rather than by the closed-form hour-angle formula, which breaks down near
// the poles. Events that do not happen on a date (polar night, midnight sun,
// light summer nights without nautical dusk) are nil, never a zero time.
//
// All computation is on UTC instants: a time zone only decides which instants
// make up a local date and how results are shown.
package sun

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Elevation angles of the standard events, in degrees (geometric, sun centre).
const (
	SunriseAngle      = -0.833
	CivilAngle        = -6.0
	NauticalAngle     = -12.0
	AstronomicalAngle = -18.0
)

const (
	rad       = math.Pi / 180
	daySec    = 86400.0
	unixJ2000 = 946728000 // 2000-01-01T12:00:00Z; ΔT (~70 s) is ignored, it moves the sun < 0.001°.

	// Instants from year 1 to year 9999, the range time.Date and the cache
	// support; beyond it float64 seconds lose the precision root-finding needs.
	minSec = -62135596800
	maxSec = 253402300800
)

// Place is a point on the Earth in decimal degrees, north and east positive.
type Place struct {
	Lat, Lon float64
}

// Validate reports whether the place has a latitude in −90..90 and a longitude
// in −180..180 (NaN and infinities are rejected).
func (p Place) Validate() error {
	if !(p.Lat >= -90 && p.Lat <= 90) {
		return fmt.Errorf("sun: latitude %v outside -90..90", p.Lat)
	}
	if !(p.Lon >= -180 && p.Lon <= 180) {
		return fmt.Errorf("sun: longitude %v outside -180..180", p.Lon)
	}
	return nil
}

// String formats the place as "58.9958° N, 16.2072° E".
func (p Place) String() string {
	ns, ew := "N", "E"
	if p.Lat < 0 {
		ns = "S"
	}
	if p.Lon < 0 {
		ew = "W"
	}
	return fmt.Sprintf("%.4f° %s, %.4f° %s", math.Abs(p.Lat), ns, math.Abs(p.Lon), ew)
}

// Elevation returns the geometric elevation of the sun's centre in degrees,
// without refraction, at instant t seen from latitude lat and longitude lon
// (degrees, north and east positive). Inputs are not validated: use
// [Place.Validate] first; NaN in gives NaN out.
func Elevation(t time.Time, lat, lon float64) float64 {
	sinLat, cosLat := math.Sincos(lat * rad)
	return elevation(secs(t), sinLat, cosLat, lon)
}

// elevation is Elevation on Unix seconds with the latitude's sine and cosine
// precomputed, because root-finding calls it many times for one place.
func elevation(s, sinLat, cosLat, lon float64) float64 {
	decl, eot := solar(s)
	dayFrac := s/daySec - math.Floor(s/daySec)  // fraction of the UTC day
	ha := (dayFrac*360 + eot + lon - 180) * rad // hour angle from true solar time
	sinD, cosD := math.Sincos(decl * rad)
	x := sinLat*sinD + cosLat*cosD*math.Cos(ha)
	return math.Asin(math.Max(-1, math.Min(1, x))) / rad
}

// solar returns the sun's apparent declination and the equation of time, both
// in degrees, at s Unix seconds (NOAA solar calculator, after Meeus).
func solar(s float64) (decl, eot float64) {
	t := (s - unixJ2000) / (daySec * 36525) // Julian centuries since J2000.0
	l0 := math.Mod(280.46646+t*(36000.76983+t*0.0003032), 360) * rad
	m := (357.52911 + t*(35999.05029-0.0001537*t)) * rad
	e := 0.016708634 - t*(0.000042037+0.0000001267*t)
	c := math.Sin(m)*(1.914602-t*(0.004817+0.000014*t)) +
		math.Sin(2*m)*(0.019993-0.000101*t) + math.Sin(3*m)*0.000289
	omega := (125.04 - 1934.136*t) * rad
	lambda := l0 + (c-0.00569-0.00478*math.Sin(omega))*rad // apparent longitude
	eps0 := 23 + (26+(21.448-t*(46.815+t*(0.00059-t*0.001813)))/60)/60
	eps := (eps0 + 0.00256*math.Cos(omega)) * rad // corrected obliquity
	decl = math.Asin(math.Sin(eps)*math.Sin(lambda)) / rad
	y := math.Tan(eps / 2)
	y *= y
	eot = (y*math.Sin(2*l0) - 2*e*math.Sin(m) + 4*e*y*math.Sin(m)*math.Cos(2*l0) -
		0.5*y*y*math.Sin(4*l0) - 1.25*e*e*math.Sin(2*m)) / rad
	return decl, eot
}

// secs converts t to Unix seconds as a float64, which keeps ~10 µs precision
// for years 1..9999 and lets root-finding work on plain numbers.
func secs(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// toTime converts Unix seconds back to a time.Time in loc.
func toTime(s float64, loc *time.Location) time.Time {
	whole := math.Floor(s)
	return time.Unix(int64(whole), int64((s-whole)*1e9)).In(loc)
}

// crossing is an instant (Unix seconds) where the elevation passes an angle.
type crossing struct {
	at     float64
	rising bool
}

// scan returns the elevation at start and, for each angle, the instants in
// [start, end) where the elevation crosses it, in time order.
//
// The elevation is sampled every hour and at every solar transit and
// anti-transit, so that between two samples it is monotonic (up to the slow
// drift of the declination) and has at most one crossing of each angle; a
// sign change between samples is then bisected to 10 ms. Sampling at the
// extremes is what catches days where the sun only just clears an angle for a
// few minutes, near the start and end of polar night and midnight sun.
func scan(p Place, start, end float64, angles []float64) (float64, [][]crossing) {
	sinLat, cosLat := math.Sincos(p.Lat * rad)
	f := func(s float64) float64 { return elevation(s, sinLat, cosLat, p.Lon) }

	knots := make([]float64, 0, 32)
	for i := 0; start+float64(i)*3600 < end; i++ {
		knots = append(knots, start+float64(i)*3600)
	}
	for k := math.Floor(start/daySec) - 1; k <= math.Floor(end/daySec)+1; k++ {
		_, eot := solar(k*daySec + daySec/2)
		transit := k*daySec + (180-p.Lon-eot)/360*daySec // hour angle 0
		for _, x := range [2]float64{transit, transit + daySec/2} {
			if x > start && x < end {
				knots = append(knots, x)
			}
		}
	}
	knots = append(knots, end)
	slices.Sort(knots)
	vals := make([]float64, len(knots))
	for i, k := range knots {
		vals[i] = f(k)
	}

	found := make([][]crossing, len(angles))
	for ai, a := range angles {
		for i := 1; i < len(knots); i++ {
			below := vals[i-1] < a
			if below == (vals[i] < a) {
				continue
			}
			lo, hi := knots[i-1], knots[i]
			for n := 0; n < 40 && hi-lo > 0.01; n++ { // the cap guards against float stalls
				if mid := (lo + hi) / 2; (f(mid) < a) == below {
					lo = mid
				} else {
					hi = mid
				}
			}
			found[ai] = append(found[ai], crossing{at: (lo + hi) / 2, rising: below})
		}
	}
	return vals[0], found
}
