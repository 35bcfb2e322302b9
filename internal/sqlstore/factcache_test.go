package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

// TestFactCacheFollowsWrites: after each way incidents are written —
// import (new and changed rows), a report, a review (accept with an edit,
// merge), a dialogue and its deletion — the cached facts equal what the
// database says, also when another process (a second handle on the same
// database) made the write.
func TestFactCacheFollowsWrites(t *testing.T) {
	for _, e := range sqltest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			db := sqltest.Open(t, dsn)
			other, err := sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			other.SetFactCacheSize(0) // always reads the database: the reference
			kat := demoTenant(t, db)
			cached, direct := sqlstore.NewIncidentService(db), sqlstore.NewIncidentService(other)
			year := app.IncidentFilter{From: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
			filters := []app.IncidentFilter{{}, year, {ReviewState: app.ReviewPending}, {ReviewState: app.ReviewAccepted, Source: "csv"}}
			// check compares the answers of db, before and after its
			// cache has loaded, with the database's, and returns the
			// cached facts of f.
			check := func(step string, f app.IncidentFilter) map[int64]app.IncidentFact {
				t.Helper()
				for _, g := range append(filters, f) {
					want, err := direct.FindIncidentFacts(ctx, kat.ID, g, true)
					if err != nil {
						t.Fatalf("%s: %v", step, err)
					}
					for _, when := range []string{"first", "loaded"} {
						got, err := cached.FindIncidentFacts(ctx, kat.ID, g, true)
						if err != nil {
							t.Fatalf("%s: %v", step, err)
						}
						if err := sameFacts(got, want); err != nil {
							t.Fatalf("%s, %+v, %s: cache differs from the database: %v", step, g, when, err)
						}
						db.WaitForFacts()
					}
				}
				got, _ := cached.FindIncidentFacts(ctx, kat.ID, f, true)
				m := map[int64]app.IncidentFact{}
				for _, x := range got {
					m[x.ID] = x
				}
				return m
			}
			csv := app.IncidentFilter{Source: "csv"}
			if n := len(check("demo", csv)); n != 0 {
				t.Fatalf("demo has %d csv incidents", n)
			}

			at := time.Date(2023, 5, 4, 21, 0, 0, 0, time.UTC)
			row := &app.Incident{Source: "csv", ExternalID: "x1", Category: "vandalism", FocusArea: "vandalism", DistrictKey: "centrum",
				OccurredFrom: at, OccurredTo: at, SourceRef: "x.csv:2", ReviewState: app.ReviewAccepted}
			if _, err := direct.UpsertIncidents(ctx, kat.ID, seq([]*app.Incident{row}, nil)); err != nil {
				t.Fatal(err)
			}
			got := check("import by another process", csv)
			if len(got) != 1 {
				t.Fatalf("after import: %d csv facts", len(got))
			}
			changed := *row
			changed.Category = "graffiti"
			if _, err := cached.UpsertIncidents(ctx, kat.ID, seq([]*app.Incident{&changed}, nil)); err != nil {
				t.Fatal(err)
			}
			for _, x := range check("import of a changed row", csv) {
				if x.Category != "graffiti" {
					t.Fatalf("changed row: %+v", x)
				}
			}
			more := *row
			more.ExternalID = "x2"
			if _, err := cached.UpsertIncidents(ctx, kat.ID, seq([]*app.Incident{&more}, errors.New("line 3: broken"))); err == nil {
				t.Fatal("a failing import succeeded")
			}
			if n := len(check("failed import", csv)); n != 1 {
				t.Fatalf("after a failed import: %d csv facts", n)
			}

			citizen := app.IncidentFilter{Source: app.SourceCitizen, From: at, To: at.Add(time.Hour)}
			report := func() *app.Incident {
				r := &app.Incident{TenantID: kat.ID, Source: app.SourceCitizen, Category: "poor_lighting", FocusArea: "unsafe_place",
					OccurredFrom: at, OccurredTo: at, Text: "Mörkt vid tunneln"}
				if err := cached.CreateIncident(ctx, r); err != nil {
					t.Fatal(err)
				}
				return r
			}
			first := report()
			if x := check("report", citizen)[first.ID]; x.ReviewState != app.ReviewPending {
				t.Fatalf("report: %+v", x)
			}
			if err := direct.ReviewIncident(ctx, kat.ID, first.ID, app.Review{State: app.ReviewAccepted,
				Edit: &app.IncidentEdit{Category: "vegetation", Text: first.Text}}); err != nil {
				t.Fatal(err)
			}
			if x := check("review by another process", citizen)[first.ID]; x.ReviewState != app.ReviewAccepted || x.Category != "vegetation" {
				t.Fatalf("accepted with an edit: %+v", x)
			}
			second := report()
			if err := cached.ReviewIncident(ctx, kat.ID, second.ID, app.Review{State: app.ReviewMerged, MergedInto: first.ID}); err != nil {
				t.Fatal(err)
			}
			if x := check("merge", citizen)[second.ID]; x.ReviewState != app.ReviewMerged {
				t.Fatalf("merged: %+v", x)
			}

			dialogues := sqlstore.NewDialogueService(other)
			d := &app.Dialogue{TenantID: kat.ID, Date: app.NewDate(2023, time.March, 8), Kind: app.DialogueYouth, Place: "Skolan",
				Participants: map[string]int{"unga": 5}, Places: []app.DialoguePlace{{DistrictKey: "navertorp", Description: "Tunneln"}}}
			if err := dialogues.CreateDialogue(ctx, d); err != nil {
				t.Fatal(err)
			}
			march := app.IncidentFilter{Source: app.SourceDialogue, From: time.Date(2023, 3, 7, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 3, 10, 0, 0, 0, 0, time.UTC)}
			if n := len(check("dialogue", march)); n != 1 {
				t.Fatalf("dialogue: %d facts", n)
			}
			if err := dialogues.DeleteDialogue(ctx, kat.ID, d.ID); err != nil {
				t.Fatal(err)
			}
			if n := len(check("dialogue deleted", march)); n != 0 {
				t.Fatalf("deleted dialogue: %d facts", n)
			}
		})
	}
}

// TestFactCacheConcurrent asks many questions at once while reports are
// written; every answer must be whole (run with -race).
func TestFactCacheConcurrent(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		s := sqlstore.NewIncidentService(db)
		before, err := s.FindIncidentFacts(ctx, kat.ID, app.IncidentFilter{ReviewState: app.ReviewAccepted}, false)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2023, 5, 4, 21, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for range 8 {
			wg.Go(func() {
				for range 10 {
					got, err := s.FindIncidentFacts(ctx, kat.ID, app.IncidentFilter{ReviewState: app.ReviewAccepted}, true)
					if err == nil && len(got) != len(before) {
						err = fmt.Errorf("%d accepted facts, want %d", len(got), len(before))
					}
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Go(func() {
			for range 5 { // pending reports: new versions, the same accepted facts
				if err := s.CreateIncident(ctx, &app.Incident{TenantID: kat.ID, Source: app.SourceCitizen, Category: "other",
					OccurredFrom: at, OccurredTo: at}); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		pending, _ := s.FindIncidentFacts(ctx, kat.ID, app.IncidentFilter{ReviewState: app.ReviewPending, From: at, To: at.Add(time.Second)}, false)
		if len(pending) != 5 {
			t.Errorf("%d pending reports after the writes, want 5", len(pending))
		}
	})
}

// sameFacts reports how two sets of facts differ, in any order.
func sameFacts(got, want []app.IncidentFact) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d facts, want %d", len(got), len(want))
	}
	byID := func(a, b app.IncidentFact) int { return int(a.ID - b.ID) }
	got, want = slices.Clone(got), slices.Clone(want)
	slices.SortFunc(got, byID)
	slices.SortFunc(want, byID)
	for i := range got {
		g, w := got[i], want[i]
		gp, wp := g.Lat != nil, w.Lat != nil
		if gp && wp && (*g.Lat != *w.Lat || *g.Lon != *w.Lon) || gp != wp {
			return fmt.Errorf("incident %d: point differs", g.ID)
		}
		g.Lat, g.Lon, w.Lat, w.Lon = nil, nil, nil, nil
		if !g.OccurredFrom.Equal(w.OccurredFrom) || !g.OccurredTo.Equal(w.OccurredTo) {
			return fmt.Errorf("incident %d: times %v–%v, want %v–%v", g.ID, g.OccurredFrom, g.OccurredTo, w.OccurredFrom, w.OccurredTo)
		}
		g.OccurredFrom, g.OccurredTo, w.OccurredFrom, w.OccurredTo = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if g != w {
			return fmt.Errorf("got %+v, want %+v", g, w)
		}
	}
	return nil
}
