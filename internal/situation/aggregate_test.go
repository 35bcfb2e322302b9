package situation_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/situation"
)

var stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a local Stockholm time.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, stockholm).UTC()
}

func instant(id int64, district, focus, darkness string) situation.Incident {
	t := at(2023, 3, 1, 12, 0)
	f := 0.0
	if darkness == situation.Dark {
		f = 1
	}
	return situation.Incident{ID: id, Source: "police", District: district, FocusArea: focus, From: t, To: t, Darkness: darkness, DarkFraction: f}
}

func window(id int64, district, focus string, dark float64) situation.Incident {
	return situation.Incident{ID: id, Source: "est", District: district, FocusArea: focus,
		From: at(2023, 3, 1, 20, 0), To: at(2023, 3, 2, 2, 0), DarkFraction: dark}
}

// fixture is ten incidents whose counts by district × focus area × darkness
// are written out by hand in TestAggregateFixture.
var fixture = []situation.Incident{
	instant(1, "centrum", "violence", "dark"),
	instant(2, "centrum", "violence", "dark"),
	instant(3, "centrum", "violence", "light"),
	instant(4, "centrum", "drugs", "twilight"),
	window(5, "centrum", "drugs", 0.25),
	window(6, "norr", "violence", 1),
	instant(7, "norr", "violence", "dark"),
	window(8, "norr", "drugs", 0),
	window(9, "", "violence", 0.5),
	instant(10, "", "violence", "twilight"),
}

func TestAggregateFixture(t *testing.T) {
	res, err := situation.Aggregate(fixture, situation.Query{
		GroupBy: []situation.Dimension{situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness},
	})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: instants go wholly to their class; window 5 splits 0.25 dark,
	// 0.75 twilight_or_light; window 6 is all dark, window 8 all not dark
	// (no zero-weight cells); window 9 halves. The counts sum to 10.
	want := []situation.Cell{
		{Key: []string{"", "violence", "dark"}, Count: 0.5, N: 1, IDs: []int64{9}},
		{Key: []string{"", "violence", "twilight"}, Count: 1, N: 1, IDs: []int64{10}},
		{Key: []string{"", "violence", "twilight_or_light"}, Count: 0.5, N: 1, IDs: []int64{9}},
		{Key: []string{"centrum", "drugs", "dark"}, Count: 0.25, N: 1, IDs: []int64{5}},
		{Key: []string{"centrum", "drugs", "twilight"}, Count: 1, N: 1, IDs: []int64{4}},
		{Key: []string{"centrum", "drugs", "twilight_or_light"}, Count: 0.75, N: 1, IDs: []int64{5}},
		{Key: []string{"centrum", "violence", "dark"}, Count: 2, N: 2, IDs: []int64{1, 2}},
		{Key: []string{"centrum", "violence", "light"}, Count: 1, N: 1, IDs: []int64{3}},
		{Key: []string{"norr", "drugs", "twilight_or_light"}, Count: 1, N: 1, IDs: []int64{8}},
		{Key: []string{"norr", "violence", "dark"}, Count: 2, N: 2, IDs: []int64{6, 7}},
	}
	if !reflect.DeepEqual(res.Cells, want) {
		t.Fatalf("cells:\n got %v\nwant %v", res.Cells, want)
	}
	if got, want := res.N, 10; got != want {
		t.Fatalf("N=%v, want %v", got, want)
	}
	var sum float64
	for _, c := range res.Cells {
		sum += c.Count
	}
	if got, want := sum, 10.0; got != want {
		t.Fatalf("sum of counts=%v, want %v", got, want)
	}
	if c, ok := res.Cell("norr", "violence", "dark"); !ok || c.Count != 2 {
		t.Fatalf("Cell(norr, violence, dark)=%v, %v", c, ok)
	}
	if _, ok := res.Cell("norr", "violence", "light"); ok {
		t.Fatal("Cell(norr, violence, light) found, want none")
	}
}

func TestAggregateOneDimension(t *testing.T) {
	for _, tt := range []struct {
		by   situation.Dimension
		want map[string]float64
	}{
		{situation.ByDistrict, map[string]float64{"": 2, "centrum": 5, "norr": 3}},
		{situation.ByFocusArea, map[string]float64{"drugs": 3, "violence": 7}},
		{situation.BySource, map[string]float64{"est": 4, "police": 6}},
		{situation.ByDarkness, map[string]float64{"dark": 4.75, "light": 1, "twilight": 2, "twilight_or_light": 2.25}},
	} {
		t.Run(string(tt.by), func(t *testing.T) {
			res, err := situation.Aggregate(fixture, situation.Query{GroupBy: []situation.Dimension{tt.by}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, c := range res.Cells {
				got[c.Key[0]] = c.Count
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("counts=%v, want %v", got, tt.want)
			}
		})
	}
}

// Dark fractions out of range count as the nearest valid one, NaN as 0,
// so that every incident still weighs exactly 1.
func TestAggregateBadDarkFraction(t *testing.T) {
	incs := []situation.Incident{window(1, "", "", math.NaN()), window(2, "", "", 1.5), window(3, "", "", -0.2)}
	res, err := situation.Aggregate(incs, situation.Query{GroupBy: []situation.Dimension{situation.ByDarkness}})
	if err != nil {
		t.Fatal(err)
	}
	want := []situation.Cell{
		{Key: []string{"dark"}, Count: 1, N: 1, IDs: []int64{2}},
		{Key: []string{"twilight_or_light"}, Count: 2, N: 2, IDs: []int64{1, 3}},
	}
	if !reflect.DeepEqual(res.Cells, want) {
		t.Fatalf("cells:\n got %v\nwant %v", res.Cells, want)
	}
	if share, n := situation.DarkShare(incs); share != 1.0/3 || n != 3 {
		t.Fatalf("DarkShare=%v, %v, want 1/3, 3", share, n)
	}
}

func TestAggregateMonthTertial(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, tt := range []struct {
		at                   string
		month, tertial, year string
	}{
		{"2023-04-30T21:59:00Z", "2023-04", "2023-T1", "2023"}, // 23:59 CEST
		{"2023-04-30T22:30:00Z", "2023-05", "2023-T2", "2023"}, // 00:30 CEST on 1 May
		{"2023-08-31T22:00:00Z", "2023-09", "2023-T3", "2023"},
		{"2023-12-31T23:30:00Z", "2024-01", "2024-T1", "2024"}, // 00:30 CET
		{"2023-01-01T00:00:00Z", "2023-01", "2023-T1", "2023"},
	} {
		tm := utc(tt.at)
		incs := []situation.Incident{{ID: 1, From: tm, To: tm}}
		res, err := situation.Aggregate(incs, situation.Query{
			GroupBy: []situation.Dimension{situation.ByMonth, situation.ByTertial, situation.ByYear}, Loc: stockholm,
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Cells[0].Key, []string{tt.month, tt.tertial, tt.year}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: key=%v, want %v", tt.at, got, want)
		}
	}
}

func TestAggregateSkipsInvalid(t *testing.T) {
	t0 := at(2023, 5, 1, 12, 0)
	incs := []situation.Incident{
		{ID: 1, From: t0, To: t0},
		{ID: 2, From: t0, To: t0.Add(-time.Minute)}, // ends before it starts
		{ID: 3, From: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	res, err := situation.Aggregate(incs, situation.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.N, 1; got != want {
		t.Fatalf("N=%v, want %v", got, want)
	} else if got, want := res.Skipped, []int64{2, 3}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Skipped=%v, want %v", got, want)
	} else if got, want := len(res.Cells), 1; got != want {
		t.Fatalf("%d cells, want %v", got, want)
	} else if got, want := res.Cells[0].Key, []string{}; !reflect.DeepEqual(got, want) {
		t.Fatalf("key=%#v, want %#v", got, want)
	}
}

func TestAggregateQueryErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		q    situation.Query
	}{
		{"unknown", situation.Query{GroupBy: []situation.Dimension{"weather"}}},
		{"twice", situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict, situation.ByDistrict}}},
		{"no zone", situation.Query{GroupBy: []situation.Dimension{situation.ByMonth}}},
	} {
		if _, err := situation.Aggregate(fixture, tt.q); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func TestRate(t *testing.T) {
	for _, tt := range []struct {
		count  float64
		pop    int
		want   float64
		wantOK bool
	}{
		{3, 1500, 2, true},
		{0, 1000, 0, true},
		{5, 0, 0, false},
		{5, -3, 0, false},
		{2.5, 500, 5, true},
	} {
		got, ok := situation.Rate(tt.count, tt.pop)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Rate(%v, %v)=%v, %v, want %v, %v", tt.count, tt.pop, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestDarkShare(t *testing.T) {
	// Dark weights: 1, 1, 0.25, 1, 1, 0.5 = 4.75 of 10.
	share, n := situation.DarkShare(fixture)
	if got, want := share, 0.475; got != want {
		t.Fatalf("share=%v, want %v", got, want)
	} else if got, want := n, 10; got != want {
		t.Fatalf("n=%v, want %v", got, want)
	}
	if share, n := situation.DarkShare(nil); share != 0 || n != 0 {
		t.Fatalf("DarkShare(nil)=%v, %v, want 0, 0", share, n)
	}
}

func TestCompare(t *testing.T) {
	q := situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict}}
	cur, _ := situation.Aggregate(fixture[:5], q)  // centrum 5
	base, _ := situation.Aggregate(fixture[3:], q) // centrum 2, norr 3, "" 2
	got, err := situation.Compare(cur, base)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		key         string
		cur, base   float64
		diff, rat   float64
		ratOK       bool
		curN, baseN int
	}
	var rows []row
	for _, c := range got {
		rows = append(rows, row{c.Key[0], c.Current.Count, c.Baseline.Count, c.Diff, c.Ratio, c.RatioOK, c.Current.N, c.Baseline.N})
	}
	want := []row{
		{"", 0, 2, -2, 0, true, 0, 2},
		{"centrum", 5, 2, 3, 2.5, true, 5, 2},
		{"norr", 0, 3, -3, 0, true, 0, 3},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("\n got %v\nwant %v", rows, want)
	}
	rev, _ := situation.Compare(base, cur)
	if got, want := rev[2].RatioOK, false; got != want { // norr had nothing in the baseline
		t.Fatalf("RatioOK=%v, want %v", got, want)
	}
	if _, err := situation.Compare(cur, situation.Result{}); err == nil {
		t.Fatal("comparing different groupings: no error")
	}
}

func TestPriorityVsRest(t *testing.T) {
	incs := append([]situation.Incident{}, fixture...)
	incs = append(incs, instant(11, "sandbacken", "drugs", "light"))
	s := situation.PriorityVsRest(incs,
		map[string]bool{"centrum": true, "norr": true, "ghost": false},
		map[string]int{"centrum": 4000, "norr": 1000, "sandbacken": 2000, "forssjo": 500})
	if got, want := s.Priority, (situation.Group{
		Districts: []string{"centrum", "norr"}, N: 8, Dark: 4.25, IDs: []int64{1, 2, 3, 4, 5, 6, 7, 8},
		Population: 5000, Per1000: 1.6, RateOK: true,
	}); !reflect.DeepEqual(got, want) {
		t.Fatalf("priority:\n got %+v\nwant %+v", got, want)
	}
	if got, want := s.Rest, (situation.Group{
		Districts: []string{"forssjo", "sandbacken"}, N: 1, IDs: []int64{11},
		Population: 2500, Per1000: 0.4, RateOK: true,
	}); !reflect.DeepEqual(got, want) {
		t.Fatalf("rest:\n got %+v\nwant %+v", got, want)
	}
	if got, want := s.KommunWide.IDs, []int64{9, 10}; !reflect.DeepEqual(got, want) {
		t.Fatalf("kommun-wide IDs=%v, want %v", got, want)
	} else if s.KommunWide.RateOK {
		t.Fatal("kommun-wide has a rate")
	}

	// A district with incidents but no known population makes its group's
	// rate unknown rather than silently too high.
	s = situation.PriorityVsRest(incs, map[string]bool{"centrum": true}, map[string]int{"centrum": 4000})
	if got, want := s.Rest.Unknown, []string{"norr", "sandbacken"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("rest unknown=%v, want %v", got, want)
	} else if s.Rest.RateOK {
		t.Fatal("rest has a rate without population")
	} else if got, want := s.Priority.Per1000, 1.25; got != want {
		t.Fatalf("priority per 1,000=%v, want %v", got, want)
	}
}
