package sun_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/sun"
)

func TestDarkFraction(t *testing.T) {
	day := func(s string, p sun.Place) sun.Day { return mustDay(t, s, p, stockholm) }
	at := func(d, hm string) time.Time { return clock(t, d, hm, stockholm) }
	winter, midsummer, midsummerNext := day("2025-12-21", katrineholm), day("2025-06-21", katrineholm), day("2025-06-22", katrineholm)
	autumnEve, autumn := day("2025-10-25", katrineholm), day("2025-10-26", katrineholm)
	springEve, spring := day("2025-03-29", katrineholm), day("2025-03-30", katrineholm)
	polar := day("2025-12-21", kiruna)
	share := func(dark, total time.Duration) float64 { return float64(dark) / float64(total) }

	for _, tt := range []struct {
		name     string
		p        sun.Place
		from, to time.Time
		want     float64
	}{
		{"winter night", katrineholm, at("2025-12-21", "20:00"), at("2025-12-21", "23:00"), 1},
		{"winter noon", katrineholm, at("2025-12-21", "10:30"), at("2025-12-21", "13:30"), 0},
		{"across dusk", katrineholm, at("2025-12-21", "15:00"), at("2025-12-21", "17:00"),
			share(at("2025-12-21", "17:00").Sub(*winter.CivilDusk), 2*time.Hour)},
		{"across dawn", katrineholm, at("2025-12-21", "07:00"), at("2025-12-21", "08:30"),
			share(winter.CivilDawn.Sub(at("2025-12-21", "07:00")), 90*time.Minute)},
		{"across midnight, winter", katrineholm, at("2025-12-21", "23:00"), at("2025-12-22", "01:00"), 1},
		{"across midnight, midsummer", katrineholm, at("2025-06-21", "22:00"), at("2025-06-22", "04:00"),
			share(midsummerNext.CivilDawn.Sub(*midsummer.CivilDusk), 6*time.Hour)},
		// 17:00 CEST to 09:00 CET is 17 real hours.
		{"across DST, autumn", katrineholm, at("2025-10-25", "17:00"), at("2025-10-26", "09:00"),
			share(autumn.CivilDawn.Sub(*autumnEve.CivilDusk), 17*time.Hour)},
		// 18:00 CET to 09:00 CEST is 14 real hours.
		{"across DST, spring", katrineholm, at("2025-03-29", "18:00"), at("2025-03-30", "09:00"),
			share(spring.CivilDawn.Sub(*springEve.CivilDusk), 14*time.Hour)},
		{"Kiruna polar night, whole day", kiruna, at("2025-12-21", "00:00"), at("2025-12-22", "00:00"),
			share(24*time.Hour-polar.CivilDusk.Sub(*polar.CivilDawn), 24*time.Hour)},
		{"Kiruna midnight sun, whole day", kiruna, at("2025-06-21", "00:00"), at("2025-06-22", "00:00"), 0},
		{"instant, dark", katrineholm, at("2025-12-21", "00:00"), at("2025-12-21", "00:00"), 1},
		{"instant, light", katrineholm, at("2025-12-21", "12:00"), at("2025-12-21", "12:00"), 0},
		{"instant, twilight", katrineholm, at("2025-12-21", "15:15"), at("2025-12-21", "15:15"), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sun.DarkFraction(tt.from, tt.to, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			// One second of the window: far stricter than "to the minute".
			tol := 1e-9
			if d := tt.to.Sub(tt.from); d > 0 {
				tol = float64(time.Second) / float64(d)
			}
			if math.Abs(got-tt.want) > tol {
				t.Errorf("DarkFraction = %.6f, want %.6f ±%.6f", got, tt.want, tol)
			}
		})
	}

	from := at("2025-12-21", "12:00")
	if _, err := sun.DarkFraction(from, from.Add(-time.Nanosecond), katrineholm); err == nil {
		t.Error("DarkFraction(to before from) error = nil, want error")
	}
}

// TestCalculatorMatchesDarkness checks the cached classification against the
// direct one; they may differ only where the sun is within a hair of a
// threshold (the cache finds crossings to 10 ms).
func TestCalculatorMatchesDarkness(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(5 * 365 * 24 * time.Hour)
	for _, tt := range []struct {
		p  sun.Place
		th sun.Thresholds
	}{
		{katrineholm, sun.DefaultThresholds},
		{kiruna, sun.DefaultThresholds},
		{katrineholm, sun.Thresholds{Dark: -12, Light: -6}},
		{kiruna, sun.Thresholds{Dark: -3, Light: -3}},
		{sun.Place{Lat: -89.5, Lon: -179}, sun.DefaultThresholds},
		{sun.Place{Lat: 0, Lon: 180}, sun.DefaultThresholds},
	} {
		c, err := sun.NewCalculator(tt.p, tt.th)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[sun.Level]int{}
		for range 100000 {
			at := start.Add(time.Duration(rng.Int64N(span)))
			got := c.Darkness(at)
			want, err := sun.Darkness(at, tt.p, tt.th)
			if err != nil {
				t.Fatal(err)
			}
			counts[got]++
			if got != want {
				e := sun.Elevation(at, tt.p.Lat, tt.p.Lon)
				if math.Abs(e-tt.th.Dark) > 1e-3 && math.Abs(e-tt.th.Light) > 1e-3 {
					t.Errorf("%v %v at %v (elevation %.5f°): Calculator says %v, want %v", tt.p, tt.th, at, e, got, want)
				}
			}
		}
		t.Logf("%v %v: %v", tt.p, tt.th, counts)
	}
}

func TestCalculatorConcurrent(t *testing.T) {
	c, err := sun.NewCalculator(katrineholm, sun.DefaultThresholds)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				at := start.Add(time.Duration(i*g+i) * 37 * time.Minute)
				if got, want := c.Darkness(at), must(sun.Darkness(at, katrineholm, sun.DefaultThresholds)); got != want {
					e := sun.Elevation(at, katrineholm.Lat, katrineholm.Lon)
					t.Errorf("at %v (elevation %.5f°): %v, want %v", at, e, got, want)
				}
			}
		})
	}
	wg.Wait()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
