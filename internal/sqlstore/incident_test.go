package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

func seq(incs []*app.Incident, fail error) func(func(*app.Incident, error) bool) {
	return func(yield func(*app.Incident, error) bool) {
		for _, i := range incs {
			c := *i
			if !yield(&c, nil) {
				return
			}
		}
		if fail != nil {
			yield(nil, fail)
		}
	}
}

func TestUpsertIncidents(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if err := sqlstore.NewTenantService(db).CreateTenant(ctx, &app.Tenant{Slug: "flen", Name: "Flen", KommunCode: "0482"}); err != nil {
			t.Fatal(err)
		}
		k, _ := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, "flen")
		s := sqlstore.NewIncidentService(db)
		at := time.Date(2023, 1, 12, 20, 0, 0, 0, time.UTC)
		var incs []*app.Incident
		for n := range 450 { // more than two batches
			incs = append(incs, &app.Incident{Source: "csv", ExternalID: fmt.Sprint("r", n), Category: "vandalism",
				OccurredFrom: at.Add(time.Duration(n) * time.Minute), OccurredTo: at.Add(time.Duration(n) * time.Minute),
				Text: fmt.Sprint("rad ", n), SourceRef: fmt.Sprint("f.csv:", n+2)})
		}
		incs = append(incs, incs[7]) // the same row twice in one file
		res, err := s.UpsertIncidents(ctx, k.ID, seq(incs, nil))
		if err != nil || res.Added != 450 || res.Unchanged != 1 {
			t.Fatalf("first import = %+v, %v", res, err)
		}
		changed := *incs[300]
		changed.Text = "ändrad"
		res, err = s.UpsertIncidents(ctx, k.ID, seq(append(incs[:450:450], &changed), nil))
		if err != nil || res.Added != 0 || res.Updated != 1 || res.Unchanged != 450 {
			t.Fatalf("second import = %+v, %v", res, err)
		}
		// A failure anywhere in the stream keeps nothing of it.
		more := []*app.Incident{{Source: "csv", ExternalID: "new", OccurredFrom: at, OccurredTo: at, SourceRef: "g.csv:2"}}
		if _, err := s.UpsertIncidents(ctx, k.ID, seq(more, errors.New("line 3: broken"))); err == nil {
			t.Fatal("a failing stream succeeded")
		}
		if _, n, _ := s.FindIncidents(ctx, k.ID, app.IncidentFilter{}); n != 450 {
			t.Errorf("after a failed import: %d incidents, want 450", n)
		}
		// Items link to their notice; a missing parent is an error.
		notice := &app.Incident{Source: "police", ExternalID: "9", OccurredFrom: at, OccurredTo: at.Add(9 * time.Hour), SourceRef: "polisen 9"}
		item := &app.Incident{Source: "police", ExternalID: "9-1", ParentExternalID: "9", OccurredFrom: at, OccurredTo: at, SourceRef: "polisen 9 item 1"}
		if _, err := s.UpsertIncidents(ctx, k.ID, seq([]*app.Incident{notice, item}, nil)); err != nil {
			t.Fatal(err)
		}
		got, _, _ := s.FindIncidents(ctx, k.ID, app.IncidentFilter{Source: "police"})
		if len(got) != 2 {
			t.Fatalf("police incidents = %d", len(got))
		}
		for _, i := range got {
			if i.ExternalID == "9-1" && i.ParentID == nil {
				t.Errorf("item has no parent: %+v", i)
			}
		}
		orphan := &app.Incident{Source: "police", ExternalID: "8-1", ParentExternalID: "8", OccurredFrom: at, OccurredTo: at, SourceRef: "x"}
		if _, err := s.UpsertIncidents(ctx, k.ID, seq([]*app.Incident{orphan}, nil)); err == nil {
			t.Error("an item without its notice was stored")
		}
		bad := &app.Incident{Source: "csv", ExternalID: "b", OccurredFrom: at, OccurredTo: at.Add(-time.Hour), SourceRef: "h.csv:9"}
		if _, err := s.UpsertIncidents(ctx, k.ID, seq([]*app.Incident{bad}, nil)); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("window ending before it starts: %v", err)
		}
	})
}

// TestFindIncidentFacts: the lean read the lägesbild uses selects exactly
// the incidents FindIncidents does, with the same facts, for each filter:
// from the cache, from the database (cache off), and for a tenant too big
// for the cache.
func TestFindIncidentFacts(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		for _, size := range []int{sqlstore.DefaultFactCacheSize, 0, 10} {
			t.Run(fmt.Sprint("cache ", size), func(t *testing.T) {
				db.SetFactCacheSize(size)
				testFindIncidentFacts(t, db)
			})
		}
	})
}

func testFindIncidentFacts(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	kat := demoTenant(t, db)
	s := sqlstore.NewIncidentService(db)
	// The first question loads the cache in the background.
	if _, err := s.FindIncidentFacts(ctx, kat.ID, app.IncidentFilter{}, false); err != nil {
		t.Fatal(err)
	}
	db.WaitForFacts()
	from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []app.IncidentFilter{
		{},
		{ReviewState: app.ReviewAccepted, From: from, To: to},
		{ReviewState: app.ReviewPending},
		{District: "navertorp", FocusArea: "violence"},
		{District: "-"},
		{District: "nowhere"},
		{Source: app.SourcePolice, Darkness: "dark"},
		{Darkness: "window", Category: "poor_lighting"},
	} {
		full := f
		full.Limit = 1_000_000
		want, n, err := s.FindIncidents(ctx, kat.ID, full)
		if err != nil {
			t.Fatal(err)
		}
		for _, points := range []bool{false, true} {
			got, err := s.FindIncidentFacts(ctx, kat.ID, f, points)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("%+v: %d facts, %d incidents", f, len(got), n)
			}
			byID := map[int64]app.IncidentFact{}
			for _, x := range got {
				byID[x.ID] = x
			}
			for _, i := range want {
				x, ok := byID[i.ID]
				if !ok || x.Source != i.Source || x.Category != i.Category || x.FocusArea != i.FocusArea ||
					x.DistrictKey != i.DistrictKey || !x.OccurredFrom.Equal(i.OccurredFrom) || !x.OccurredTo.Equal(i.OccurredTo) ||
					x.Darkness != i.Darkness || x.DarkFraction != i.DarkFraction || x.ReviewState != i.ReviewState ||
					(x.Lat != nil) != (points && i.Lat != nil) || x.Lat != nil && (*x.Lat != *i.Lat || *x.Lon != *i.Lon) {
					t.Fatalf("%+v: fact %+v for incident %+v", f, x, i)
				}
			}
		}
	}
	if got, _ := s.FindIncidentFacts(ctx, kat.ID, app.IncidentFilter{Limit: 3}, false); len(got) != 3 {
		t.Errorf("limit 3: %d facts", len(got))
	}
	// A long period is read in two halves; the limit holds for the whole.
	if got, _ := s.FindIncidentFacts(ctx, kat.ID, app.IncidentFilter{From: from, To: to, Limit: 5}, false); len(got) != 5 {
		t.Errorf("a year, limit 5: %d facts", len(got))
	}
}
