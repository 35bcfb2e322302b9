package situation_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the binary embeds it too; tests must not depend on the host

	"github.com/trygg-se/trygg/internal/situation"
)

// slot is one expected grid cell: weekday (Monday = 0), hour, weight.
type slot struct {
	day, hour int
	w         float64
}

func TestTimeGrid(t *testing.T) {
	const mon, fri, sat, sun = 0, 4, 5, 6
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	var all []slot // a week spread evenly
	for d := range 7 {
		for h := range 24 {
			all = append(all, slot{d, h, 1.0 / 168})
		}
	}
	for _, tt := range []struct {
		name     string
		loc      *time.Location
		from, to time.Time
		want     []slot
	}{
		{"instant", stockholm, at(2024, 1, 15, 8, 30), at(2024, 1, 15, 8, 30), []slot{{mon, 8, 1}}},
		{"instant in UTC", time.UTC, at(2024, 1, 15, 8, 30), at(2024, 1, 15, 8, 30), []slot{{mon, 7, 1}}},
		{"within an hour", stockholm, at(2024, 1, 15, 10, 15), at(2024, 1, 15, 10, 45), []slot{{mon, 10, 1}}},
		{"straddling an hour", stockholm, at(2024, 1, 15, 10, 30), at(2024, 1, 15, 11, 30), []slot{{mon, 10, 0.5}, {mon, 11, 0.5}}},
		{"22–02 across midnight", stockholm, at(2024, 1, 19, 22, 0), at(2024, 1, 20, 2, 0),
			[]slot{{fri, 22, 0.25}, {fri, 23, 0.25}, {sat, 0, 0.25}, {sat, 1, 0.25}}},
		{"Sunday night into Monday", stockholm, at(2024, 1, 21, 23, 0), at(2024, 1, 22, 1, 0),
			[]slot{{sun, 23, 0.5}, {mon, 0, 0.5}}},
		// 31 March 2024: 02:00 CET becomes 03:00 CEST. 00:00–04:00 on the
		// clock is three hours, and hour 02 does not exist.
		{"DST spring", stockholm, at(2024, 3, 31, 0, 0), at(2024, 3, 31, 4, 0),
			[]slot{{sun, 0, 1.0 / 3}, {sun, 1, 1.0 / 3}, {sun, 3, 1.0 / 3}}},
		// 27 October 2024: 03:00 CEST becomes 02:00 CET. 01:00 CEST to 04:00
		// CET is four hours, two of them in hour 02.
		{"DST autumn", stockholm, utc("2024-10-26T23:00:00Z"), utc("2024-10-27T03:00:00Z"),
			[]slot{{sun, 1, 0.25}, {sun, 2, 0.5}, {sun, 3, 0.25}}},
		// India is 5:30 ahead: 10:00–11:00 UTC is 15:30–16:30.
		{"half-hour zone", mustLoad("Asia/Kolkata"), utc("2024-01-15T10:00:00Z"), utc("2024-01-15T11:00:00Z"),
			[]slot{{mon, 15, 0.5}, {mon, 16, 0.5}}},
		// Lord Howe Island's clocks go back half an hour at 02:00 on
		// 7 April 2024 (+11 → +10:30): 01:00–02:00, then 01:30–02:30.
		{"half-hour DST", mustLoad("Australia/Lord_Howe"), utc("2024-04-06T14:00:00Z"), utc("2024-04-06T16:00:00Z"),
			[]slot{{sun, 1, 0.75}, {sun, 2, 0.25}}},
		{"exactly a week", stockholm, at(2024, 1, 15, 0, 0), at(2024, 1, 22, 0, 0), all},
		{"longer than a week", stockholm, at(2024, 1, 15, 0, 0), at(2024, 3, 1, 0, 0), all},
		{"ends before it starts", stockholm, at(2024, 1, 15, 10, 0), at(2024, 1, 15, 9, 0), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := situation.TimeGrid([]situation.Incident{{From: tt.from, To: tt.to}}, tt.loc)
			var want [7][24]float64
			for _, s := range tt.want {
				want[s.day][s.hour] += s.w
			}
			for d := range want {
				for h := range want[d] {
					if math.Abs(got[d][h]-want[d][h]) > 1e-12 {
						t.Errorf("day %d hour %02d: %v, want %v", d, h, got[d][h], want[d][h])
					}
				}
			}
		})
	}
}

func TestTimeGridSum(t *testing.T) {
	incs := synthetic(5000, 1)
	g := situation.TimeGrid(incs, stockholm)
	if got, want := gridSum(g), float64(len(incs)); math.Abs(got-want) > 1e-9*want {
		t.Fatalf("sum=%v, want %v", got, want)
	}
}

func gridSum(g [7][24]float64) float64 {
	var s float64
	for d := range g {
		for h := range g[d] {
			s += g[d][h]
		}
	}
	return s
}

// FuzzTimeGrid checks that any incidents, valid or not, give a grid that
// sums to the number of valid ones: To before From, or outside the years
// 1–9999, is skipped.
func FuzzTimeGrid(f *testing.F) {
	f.Add(int64(1705305600), int64(0), int64(4*3600), int64(0))
	f.Add(int64(1711843200), int64(500), int64(3*3600), int64(1))
	f.Add(int64(1729983600), int64(0), int64(-60), int64(2))
	f.Add(int64(-62135596800), int64(0), int64(8*24*3600), int64(0))
	f.Add(int64(253402300799), int64(999999999), int64(1), int64(3))
	locs := []*time.Location{stockholm, time.UTC, mustLoad("Australia/Lord_Howe"), nil}
	lo, hi := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, sec, nsec, dur, zone int64) {
		from := time.Unix(sec, nsec)
		incs := []situation.Incident{
			{From: from, To: from},
			{From: from, To: from.Add(time.Duration(dur) * time.Second)},
			{From: from, To: from.Add(time.Duration(dur))},
		}
		valid := 0
		for _, inc := range incs {
			if !inc.To.Before(inc.From) && !inc.From.Before(lo) && inc.To.Before(hi) {
				valid++
			}
		}
		loc := locs[uint64(zone)%uint64(len(locs))]
		g := situation.TimeGrid(incs, loc)
		if got, want := gridSum(g), float64(valid); math.Abs(got-want) > 1e-9 {
			t.Fatalf("sum=%v, want %v for %v + %v", got, want, from, dur)
		}
		for d := range g {
			for h := range g[d] {
				if !(g[d][h] >= 0) {
					t.Fatalf("cell %d %d = %v", d, h, g[d][h])
				}
			}
		}
	})
}

// synthetic returns n incidents like a kommun's: a dozen districts, four
// focus areas, a third window-dated.
func synthetic(n int, seed uint64) []situation.Incident {
	r := rand.New(rand.NewPCG(seed, 7))
	districts := []string{"", "centrum", "norr", "navertorp", "soder", "vaster", "ost", "sandbacken", "forssjo", "valla", "sjoholm", "lasarettet"}
	focus := []string{"", "violence", "drugs", "youth"}
	classes := []string{situation.Dark, situation.Twilight, situation.Light}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	incs := make([]situation.Incident, n)
	for i := range incs {
		from := start.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
		inc := situation.Incident{
			ID: int64(i + 1), Source: "police", Category: "cat" + string(rune('a'+r.IntN(20))),
			District: districts[r.IntN(len(districts))], FocusArea: focus[r.IntN(len(focus))],
			From: from, To: from,
		}
		if r.IntN(3) == 0 {
			inc.To = from.Add(time.Duration(r.Int64N(int64(14 * time.Hour))))
			inc.DarkFraction = r.Float64()
		} else {
			inc.Darkness = classes[r.IntN(3)]
		}
		incs[i] = inc
	}
	return incs
}
