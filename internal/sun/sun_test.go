package sun_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo

	"github.com/trygg-se/trygg/internal/sun"
)

var (
	katrineholm = sun.Place{Lat: 58.9958, Lon: 16.2072}
	kiruna      = sun.Place{Lat: 67.86, Lon: 20.23}
	stockholm   = mustLoad("Europe/Stockholm")
	cet         = time.FixedZone("CET", 3600) // Swedish normal time, all year
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func mustDate(tb testing.TB, s string) sun.Date {
	tb.Helper()
	d, err := sun.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func mustDay(tb testing.TB, s string, p sun.Place, loc *time.Location) sun.Day {
	tb.Helper()
	day, err := sun.ComputeDay(mustDate(tb, s), p, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return day
}

// clock returns the wall-clock time of local date day at "15:04" in loc.
func clock(tb testing.TB, day, hm string, loc *time.Location) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// within fails unless event exists and is within tol of want.
func within(tb testing.TB, name string, event *time.Time, want time.Time, tol time.Duration) {
	tb.Helper()
	if event == nil {
		tb.Errorf("%s = nil, want %v", name, want.Format(time.RFC3339))
		return
	}
	if d := event.Sub(want); d < -tol || d > tol {
		tb.Errorf("%s = %v, want %v ±%v", name, event.Format(time.RFC3339), want.Format(time.RFC3339), tol)
	}
}

// TestSchlyterReference checks against Paul Schlyter's published tables:
// times in CET all year, sunrise/sunset by the upper limb, dawn/dusk at −15°.
func TestSchlyterReference(t *testing.T) {
	data, err := os.ReadFile("testdata/schlyter_reference_times.csv")
	if err != nil {
		t.Fatal(err)
	}
	// The copy in testdata must stay the same as the shared data set, when
	// that is checked out beside the repository.
	if shared, err := os.ReadFile("../../../shared/data/sun/schlyter_reference_times.csv"); err == nil && !bytes.Equal(shared, data) {
		t.Error("testdata/schlyter_reference_times.csv differs from shared/data/sun/schlyter_reference_times.csv")
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), "place,lat,lon,date,dawn_minus15,sunrise,transit,declination_deg,sunset,dusk_minus15,source_url"; got != want {
		t.Fatalf("header = %q, want %q", got, want)
	}
	if len(rows) < 30 {
		t.Fatalf("%d rows, want the whole table", len(rows))
	}
	const tol = 3 * time.Minute
	for _, r := range rows[1:] {
		t.Run(r[0]+"/"+r[3], func(t *testing.T) {
			lat, err1 := strconv.ParseFloat(r[1], 64)
			lon, err2 := strconv.ParseFloat(r[2], 64)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			p := sun.Place{Lat: lat, Lon: lon}
			day := mustDay(t, r[3], p, cet)
			if got, want := day.Kind, sun.Normal; got != want {
				t.Errorf("Kind = %v, want %v", got, want)
			}
			within(t, "Sunrise", day.Sunrise, clock(t, r[3], r[5], cet), tol)
			within(t, "Sunset", day.Sunset, clock(t, r[3], r[8], cet), tol)
			dawn, dusk, err := sun.AtAngle(day.Date, p, cet, -15)
			if err != nil {
				t.Fatal(err)
			}
			within(t, "dawn −15°", dawn, clock(t, r[3], r[4], cet), tol)
			within(t, "dusk −15°", dusk, clock(t, r[3], r[9], cet), tol)
		})
	}
}

func TestKatrineholmWinterSolstice(t *testing.T) {
	day := mustDay(t, "2025-12-21", katrineholm, stockholm)
	within(t, "Sunrise", day.Sunrise, clock(t, "2025-12-21", "08:48", stockholm), 2*time.Minute)
	within(t, "Sunset", day.Sunset, clock(t, "2025-12-21", "14:58", stockholm), 2*time.Minute)
	if got, want := day.Kind, sun.Normal; got != want {
		t.Errorf("Kind = %v, want %v", got, want)
	}
	// Highest elevation that day: 90° − latitude − 23.44° (the solstice declination).
	var highest float64 = -90
	for m := 0; m < 24*60; m++ {
		highest = max(highest, sun.Elevation(clock(t, "2025-12-21", "00:00", stockholm).Add(time.Duration(m)*time.Minute), katrineholm.Lat, katrineholm.Lon))
	}
	if got, want := highest, 90-katrineholm.Lat-23.437; math.Abs(got-want) > 0.02 {
		t.Errorf("highest elevation = %.3f°, want %.3f°", got, want)
	}
}

// TestDSTDays checks that the 23- and 25-hour days give events in the right
// offset and that, in UTC, sunrise moves by minutes, not by the hour of DST.
func TestDSTDays(t *testing.T) {
	for _, tt := range []struct {
		before, day         string
		offBefore, offAfter int // seconds east of UTC
		dayLength           time.Duration
	}{
		{"2025-03-29", "2025-03-30", 3600, 7200, 23 * time.Hour},
		{"2025-10-25", "2025-10-26", 7200, 3600, 25 * time.Hour},
	} {
		t.Run(tt.day, func(t *testing.T) {
			prev := mustDay(t, tt.before, katrineholm, stockholm)
			day := mustDay(t, tt.day, katrineholm, stockholm)
			next := time.Date(day.Date.Year, day.Date.Month, day.Date.Day+1, 0, 0, 0, 0, stockholm)
			start := time.Date(day.Date.Year, day.Date.Month, day.Date.Day, 0, 0, 0, 0, stockholm)
			if got, want := next.Sub(start), tt.dayLength; got != want {
				t.Fatalf("day length = %v, want %v", got, want)
			}
			for _, e := range []struct {
				name string
				t    *time.Time
				off  int
			}{
				{"prev Sunrise", prev.Sunrise, tt.offBefore}, {"prev Sunset", prev.Sunset, tt.offBefore},
				{"Sunrise", day.Sunrise, tt.offAfter}, {"Sunset", day.Sunset, tt.offAfter},
				{"CivilDawn", day.CivilDawn, tt.offAfter}, {"CivilDusk", day.CivilDusk, tt.offAfter},
			} {
				if e.t == nil {
					t.Fatalf("%s = nil", e.name)
				}
				if _, got := e.t.Zone(); got != e.off {
					t.Errorf("%s offset = %d, want %d", e.name, got, e.off)
				}
			}
			// The sun does not care about DST: a day later it rises 1–4 min
			// earlier (spring) or later (autumn) in UTC terms.
			shift := day.Sunrise.Sub(prev.Sunrise.Add(24 * time.Hour)).Abs()
			if shift < time.Minute || shift > 4*time.Minute {
				t.Errorf("sunrise moved %v in a day, want 1–4 min", shift)
			}
		})
	}
}

// TestAbsentEvents checks days where events do not happen. Kiruna (67.86° N)
// has its sun at most −1.3° on the winter solstice (90 − 67.86 − 23.44), so
// civil and darker twilights happen but sunrise does not, and at least +1.3°
// at midsummer, so nothing sets. At Katrineholm (59° N) the midsummer sun
// dips to −7.6°: civil dusk and dawn happen, nautical (−12°) do not.
func TestAbsentEvents(t *testing.T) {
	for _, tt := range []struct {
		name  string
		p     sun.Place
		date  string
		kind  sun.Kind
		exist string // events that must exist; all others must be nil
	}{
		{"Kiruna polar night", kiruna, "2025-12-21", sun.PolarNight, "civil nautical astronomical"},
		{"Kiruna midnight sun", kiruna, "2025-06-21", sun.MidnightSun, ""},
		{"Kiruna normal", kiruna, "2025-03-01", sun.Normal, "sun civil nautical astronomical"},
		{"Katrineholm midsummer", katrineholm, "2025-06-21", sun.Normal, "sun civil"},
		{"Katrineholm mid-May", katrineholm, "2025-05-25", sun.Normal, "sun civil"},
		{"Katrineholm late July", katrineholm, "2025-07-20", sun.Normal, "sun civil"},
		{"Katrineholm August", katrineholm, "2025-08-10", sun.Normal, "sun civil nautical"},
		{"Katrineholm winter", katrineholm, "2025-12-21", sun.Normal, "sun civil nautical astronomical"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			day := mustDay(t, tt.date, tt.p, stockholm)
			if got, want := day.Kind, tt.kind; got != want {
				t.Errorf("Kind = %v, want %v", got, want)
			}
			for _, e := range []struct {
				group string
				pair  [2]*time.Time
			}{
				{"sun", [2]*time.Time{day.Sunrise, day.Sunset}},
				{"civil", [2]*time.Time{day.CivilDawn, day.CivilDusk}},
				{"nautical", [2]*time.Time{day.NauticalDawn, day.NauticalDusk}},
				{"astronomical", [2]*time.Time{day.AstronomicalDawn, day.AstronomicalDusk}},
			} {
				want := strings.Contains(tt.exist, e.group)
				for i, ev := range e.pair {
					if got := ev != nil; got != want {
						t.Errorf("%s[%d] exists = %v (%v), want %v", e.group, i, got, ev, want)
					}
				}
			}
		})
	}
}

func TestDayJSON(t *testing.T) {
	winter := mustDay(t, "2025-12-21", katrineholm, stockholm)
	b, err := json.Marshal(winter)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got, want := len(got), 10; got != want {
		t.Errorf("%d keys, want %d: %s", got, want, b)
	}
	if got, want := got["date"], "2025-12-21"; got != want {
		t.Errorf("date = %v, want %v", got, want)
	}
	if got, want := got["kind"], "normal"; got != want {
		t.Errorf("kind = %v, want %v", got, want)
	}
	if got, want := got["sunrise"], "2025-12-21T08:48:00+01:00"; got != want {
		t.Errorf("sunrise = %v, want %v", got, want)
	}

	summer := mustDay(t, "2025-06-21", kiruna, stockholm)
	b, err = json.Marshal(summer)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"date":"2025-06-21","kind":"midnight_sun","sunrise":null,"sunset":null,"civil_dawn":null,"civil_dusk":null,` +
		`"nautical_dawn":null,"nautical_dusk":null,"astronomical_dawn":null,"astronomical_dusk":null}`
	if got := string(b); got != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}

	dst := mustDay(t, "2025-03-30", katrineholm, stockholm)
	b, _ = json.Marshal(dst)
	if !bytes.Contains(b, []byte(`"sunrise":"2025-03-30T06:`)) || !bytes.Contains(b, []byte(`+02:00"`)) {
		t.Errorf("DST day JSON = %s, want sunrise at 06:xx+02:00", b)
	}
}

func TestDayWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := mustDay(t, "2025-12-21", kiruna, stockholm).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"2025-12-21 (Europe/Stockholm)",
		"67.8600° N, 20.2300° E",
		"polarnatt / polar night",
		"Soluppgång / Sunrise                       —\n",
		"Borgerlig gryning / Civil dawn             08:5",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	if err := mustDay(t, "2025-12-21", katrineholm, stockholm).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if want := "Soluppgång / Sunrise                       08:4"; !strings.Contains(buf.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, buf.String())
	}
}

func TestValidation(t *testing.T) {
	date := mustDate(t, "2025-12-21")
	at := time.Date(2025, 12, 21, 12, 0, 0, 0, time.UTC)
	for _, p := range []sun.Place{
		{Lat: 90.0001}, {Lat: -91}, {Lon: 180.5}, {Lon: -181}, {Lat: math.NaN()}, {Lon: math.NaN()}, {Lat: math.Inf(1)},
	} {
		if _, err := sun.ComputeDay(date, p, stockholm); err == nil {
			t.Errorf("ComputeDay(%v) error = nil, want error", p)
		}
		if _, _, err := sun.AtAngle(date, p, stockholm, -15); err == nil {
			t.Errorf("AtAngle(%v) error = nil, want error", p)
		}
		if _, err := sun.NewCalculator(p, sun.DefaultThresholds); err == nil {
			t.Errorf("NewCalculator(%v) error = nil, want error", p)
		}
		if _, err := sun.Darkness(at, p, sun.DefaultThresholds); err == nil {
			t.Errorf("Darkness(%v) error = nil, want error", p)
		}
		if _, err := sun.DarkFraction(at, at, p); err == nil {
			t.Errorf("DarkFraction(%v) error = nil, want error", p)
		}
	}
	for _, th := range []sun.Thresholds{{Dark: 0, Light: -1}, {Dark: math.NaN(), Light: 0}, {Dark: -6, Light: 91}} {
		if _, err := sun.NewCalculator(katrineholm, th); err == nil {
			t.Errorf("NewCalculator(%v) error = nil, want error", th)
		}
	}
	for _, s := range []string{"2025-02-30", "2025-13-01", "21/12/2025", ""} {
		if _, err := sun.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) error = nil, want error", s)
		}
	}
	for _, d := range []sun.Date{{2025, 2, 30}, {0, 1, 1}, {10000, 1, 1}} {
		if _, err := sun.ComputeDay(d, katrineholm, stockholm); err == nil {
			t.Errorf("ComputeDay(%v) error = nil, want error", d)
		}
	}
	if _, _, err := sun.AtAngle(date, katrineholm, stockholm, math.NaN()); err == nil {
		t.Error("AtAngle(NaN) error = nil, want error")
	}
	// The poles and the date line are valid places.
	for _, p := range []sun.Place{{Lat: 90}, {Lat: -90, Lon: 180}, {Lon: -180}} {
		if _, err := sun.ComputeDay(date, p, nil); err != nil {
			t.Errorf("ComputeDay(%v) error = %v", p, err)
		}
	}
}
