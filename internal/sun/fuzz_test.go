package sun_test

import (
	"math"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/sun"
)

// FuzzElevationAndDay checks that no instant or place panics, that invalid
// places are errors, and that every event found lies in its local day with
// the sun at the event's angle.
func FuzzElevationAndDay(f *testing.F) {
	f.Add(int64(1766318400), 58.9958, 16.2072) // Katrineholm, winter solstice
	f.Add(int64(1750507200), 67.86, 20.23)     // Kiruna, midsummer
	f.Add(int64(1766318400), 90.0, 0.0)        // North Pole
	f.Add(int64(1742770800), -89.99, -180.0)   // near the South Pole, equinox
	f.Add(int64(-62135596800), 0.0, 180.0)     // year 1
	f.Add(int64(math.MaxInt64), 45.0, 10.0)    // far beyond year 9999
	f.Add(int64(0), 91.0, 0.0)                 // invalid latitude
	f.Add(int64(0), 10.0, 1e300)               // invalid longitude
	f.Add(int64(0), math.NaN(), 0.0)
	f.Fuzz(func(t *testing.T, unix int64, lat, lon float64) {
		at := time.Unix(unix, 0).UTC()
		e := sun.Elevation(at, lat, lon)
		finite := !math.IsNaN(lat) && !math.IsInf(lat, 0) && !math.IsNaN(lon) && !math.IsInf(lon, 0)
		if finite && !(e >= -90 && e <= 90) {
			t.Fatalf("Elevation(%v, %v, %v) = %v, want within -90..90", at, lat, lon, e)
		}

		// The place as given must be valid or give errors, never a panic.
		p := sun.Place{Lat: lat, Lon: lon}
		date := sun.DateOf(at)
		_, err := sun.ComputeDay(date, p, time.UTC)
		_, errCalc := sun.NewCalculator(p, sun.DefaultThresholds)
		if p.Validate() != nil && (err == nil || errCalc == nil) {
			t.Fatalf("ComputeDay or NewCalculator(%v) error = nil, want error", p)
		}
		if !finite {
			return
		}
		// Fold any finite place onto the globe, so that most inputs exercise
		// the computation rather than the validation.
		p = sun.Place{Lat: math.Mod(lat, 90), Lon: math.Mod(lon, 180)}
		day, err := sun.ComputeDay(date, p, time.UTC)
		if date.Year < 1 || date.Year > 9999 {
			if err == nil {
				t.Fatalf("ComputeDay(%v, %v) error = nil, want error", date, p)
			}
			return
		}
		if err != nil {
			t.Fatalf("ComputeDay(%v, %v) error = %v", date, p, err)
		}
		start := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)
		for _, ev := range []struct {
			t     *time.Time
			angle float64
		}{
			{day.Sunrise, sun.SunriseAngle}, {day.Sunset, sun.SunriseAngle},
			{day.CivilDawn, sun.CivilAngle}, {day.CivilDusk, sun.CivilAngle},
			{day.NauticalDawn, sun.NauticalAngle}, {day.NauticalDusk, sun.NauticalAngle},
			{day.AstronomicalDawn, sun.AstronomicalAngle}, {day.AstronomicalDusk, sun.AstronomicalAngle},
		} {
			if ev.t == nil {
				continue
			}
			if ev.t.Before(start) || !ev.t.Before(start.AddDate(0, 0, 1)) {
				t.Errorf("%v: event %v outside the day", date, ev.t)
			}
			if e := sun.Elevation(*ev.t, p.Lat, p.Lon); math.Abs(e-ev.angle) > 0.01 {
				t.Errorf("%v: elevation at %v event %v = %v", date, ev.angle, ev.t, e)
			}
		}
		if day.Kind != sun.Normal && (day.Sunrise != nil || day.Sunset != nil) {
			t.Errorf("%v: Kind %v with sunrise %v, sunset %v", date, day.Kind, day.Sunrise, day.Sunset)
		}
		if day.Kind == sun.MidnightSun && (day.CivilDawn != nil || day.CivilDusk != nil) {
			t.Errorf("%v: midnight sun with civil dawn %v, dusk %v", date, day.CivilDawn, day.CivilDusk)
		}

		c, err := sun.NewCalculator(p, sun.DefaultThresholds)
		if err != nil {
			t.Fatal(err)
		}
		c.Darkness(at)
		if frac, err := c.DarkFraction(start, start.Add(6*time.Hour)); err == nil && !(frac >= 0 && frac <= 1) {
			t.Errorf("DarkFraction = %v, want within 0..1", frac)
		}
	})
}
