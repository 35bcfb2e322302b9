package duckbench

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/situation"
)

// TestSituationSQL checks SituationSQL against situation.Aggregate on the
// cases a generated set lacks: windows with every kind of dark fraction,
// an instant without a class, an invalid row, a kommun-wide one, another
// tenant and the edges of the period.
func TestSituationSQL(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	at := func(d int) time.Time { return from.Add(time.Duration(d) * time.Hour) }
	var rows []Row
	var incs []situation.Incident // tenant 1, in the period
	add := func(tenant int64, district, focus, darkness string, f float64, a, b time.Time) {
		r := Row{ID: int64(len(rows) + 1), TenantID: tenant, District: district, FocusArea: focus, Darkness: darkness,
			DarkFraction: f, From: a, To: b, Source: "police", Category: "c"}
		rows = append(rows, r)
		if tenant == 1 && !a.Before(from) && a.Before(to) {
			incs = append(incs, situation.Incident{ID: r.ID, Source: r.Source, Category: r.Category, FocusArea: focus,
				District: district, From: a, To: b, Darkness: darkness, DarkFraction: f})
		}
	}
	for i, d := range []string{"dark", "twilight", "light", ""} {
		add(1, "centrum", "krog", d, 0.4, at(i), at(i))
		add(1, "", "krog", d, 0, at(i), at(i))
	}
	for i, f := range []float64{0, 0.25, 0.5, 1, 1.5, -0.2, math.NaN(), 1e-300} {
		add(1, "norr", "trafik", "", f, at(10+i), at(12+i))
		add(1, "norr", "trafik", "dark", f, at(10+i), at(11+i)) // a window keeps no class
	}
	add(1, "norr", "trafik", "", 0.5, at(20), at(19))                 // to before from: skipped
	add(1, "norr", "trafik", "dark", 0, from, from)                   // first instant of the period
	add(1, "norr", "trafik", "dark", 0, to, to)                       // just after it
	add(1, "norr", "trafik", "dark", 0, from.Add(-time.Second), from) // just before it
	add(2, "norr", "trafik", "dark", 0, at(1), at(1))                 // another tenant
	add(1, "söder", "trafik", "", 0.1, to.Add(-time.Microsecond), to) // a window that runs past the end
	if _, err := s.Append(ctx, func(yield func(Row) bool) error {
		for _, r := range rows {
			if !yield(r) {
				break
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	want, err := situation.Aggregate(incs, situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict,
		situation.ByFocusArea, situation.ByDarkness}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range []bool{false, true} {
		got, err := s.Situation(ctx, 1, from, to, ids)
		if err != nil {
			t.Fatal(err)
		}
		if err := Compare(want, got); err != nil {
			t.Fatalf("ids %v: %v", ids, err)
		}
		if ids && len(got) > 0 && len(got[0].IDs) == 0 {
			t.Fatal("no ids listed")
		}
	}
	got, _ := s.Situation(ctx, 1, from, to, false)
	if Total(got) != want.N || len(want.Skipped) != 1 {
		t.Fatalf("total %d, Trygg %d (skipped %v)", Total(got), want.N, want.Skipped)
	}
	t.Logf("%d cells, %d incidents", len(got), want.N)
}
