package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

func TestDialogues(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		ds := sqlstore.NewDialogueService(db)
		incs := sqlstore.NewIncidentService(db)
		day := app.NewDate(2023, time.February, 14)
		// This dialogue's incidents; the demo's own dialogues are in other months.
		feb := app.IncidentFilter{Source: app.SourceDialogue, From: time.Date(2023, 2, 13, 0, 0, 0, 0, time.UTC),
			To: time.Date(2023, 2, 16, 0, 0, 0, 0, time.UTC)}
		lat, lon := 58.996, 16.207
		d := &app.Dialogue{TenantID: kat.ID, Date: day, Kind: app.DialogueYouth, Place: "Nävertorpsskolan", TargetGroup: "unga 13–19 år",
			Participants: map[string]int{"flickor": 12, "pojkar": 9},
			Themes:       []string{"gathering", "drug_dealing"},
			Places: []app.DialoguePlace{
				{DistrictKey: "navertorp", Description: "Gångtunneln vid skolan", AfterDark: true, Theme: "drug_dealing"},
				{DistrictKey: "centrum", Description: "Stortorget"},
				{Lat: &lat, Lon: &lon, Description: "Busshållplatsen, ring 070-123 45 67"},
			},
			Summary: "Flera tog upp tunneln. Kontakt: 19121212-1212, anna@example.se."}
		if err := ds.CreateDialogue(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, err := ds.FindDialogue(ctx, kat.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := got.Summary, "Flera tog upp tunneln. Kontakt: [personnummer], [e-post]."; got != want {
			t.Errorf("summary = %q, want %q", got, want)
		}
		if got.TotalParticipants() != 21 || got.Participants["flickor"] != 12 || len(got.Themes) != 2 || got.Themes[1] != "drug_dealing" {
			t.Errorf("dialogue = %+v", got)
		}
		if len(got.Places) != 3 || got.Places[0].DistrictKey != "navertorp" || !got.Places[0].AfterDark ||
			got.Places[1].DistrictKey != "centrum" || got.Places[2].DistrictKey != "" || got.Places[2].Lat == nil || *got.Places[2].Lat != lat ||
			strings.Contains(got.Places[2].Description, "070") {
			t.Errorf("places = %+v", got.Places)
		}
		if !got.Date.Equal(day.Time) || got.Kind != app.DialogueYouth || got.Place != "Nävertorpsskolan" {
			t.Errorf("dialogue = %+v", got)
		}

		// Each place is an accepted incident of source dialogue.
		rows, n, err := incs.FindIncidents(ctx, kat.ID, feb)
		if err != nil || n != 3 {
			t.Fatalf("incidents = %d, %v", n, err)
		}
		byExt := map[string]*app.Incident{}
		for _, i := range rows {
			byExt[i.ExternalID] = i
			if i.ReviewState != app.ReviewAccepted || i.SourceRef != fmt.Sprintf("dialogue %d", d.ID) || !i.IsWindow() {
				t.Errorf("incident %s = %+v", i.ExternalID, i)
			}
		}
		dark := byExt[fmt.Sprintf("dialogue-%d-1", d.ID)]
		if dark == nil || dark.DistrictKey != "navertorp" || dark.Category != "drug_dealing" || dark.FocusArea != "drugs" ||
			!dark.OccurredFrom.Equal(time.Date(2023, 2, 14, 17, 0, 0, 0, time.UTC)) || !dark.OccurredTo.Equal(time.Date(2023, 2, 15, 5, 0, 0, 0, time.UTC)) ||
			dark.DarkFraction != 1 {
			t.Errorf("after-dark place = %+v", dark)
		}
		// A February day in Katrineholm is a little more than half dark.
		day1 := byExt[fmt.Sprintf("dialogue-%d-2", d.ID)]
		if day1 == nil || day1.DistrictKey != "centrum" || day1.Category != "gathering" || day1.FocusArea != "" ||
			!day1.OccurredFrom.Equal(time.Date(2023, 2, 13, 23, 0, 0, 0, time.UTC)) || day1.DarkFraction < 0.5 || day1.DarkFraction > 0.6 {
			t.Errorf("daytime place = %+v", day1)
		}
		if point := byExt[fmt.Sprintf("dialogue-%d-3", d.ID)]; point == nil || point.DistrictID != nil || point.Lat == nil || strings.Contains(point.Text, "070") {
			t.Errorf("point place = %+v", point)
		}

		list, err := ds.FindDialogues(ctx, kat.ID, day, app.NewDate(2023, time.February, 15))
		if err != nil || len(list) != 1 || list[0].ID != d.ID || len(list[0].Places) != 3 {
			t.Fatalf("FindDialogues = %+v, %v", list, err)
		}
		if list, _ := ds.FindDialogues(ctx, kat.ID, app.NewDate(2023, time.February, 15), app.NewDate(2023, time.March, 1)); len(list) != 0 {
			t.Errorf("a later period lists %d dialogues", len(list))
		}

		// Bad input changes nothing.
		ok := func() *app.Dialogue {
			return &app.Dialogue{TenantID: kat.ID, Date: day, Kind: app.DialogueCitizen, Place: "Biblioteket",
				Participants: map[string]int{"vuxna": 30}, Themes: []string{"vandalism"},
				Places: []app.DialoguePlace{{DistrictKey: "norr", Description: "Parken"}}}
		}
		for name, change := range map[string]func(d *app.Dialogue){
			"no date":              func(d *app.Dialogue) { d.Date = app.Date{} },
			"unknown kind":         func(d *app.Dialogue) { d.Kind = "seance" },
			"no place":             func(d *app.Dialogue) { d.Place = " " },
			"unknown theme":        func(d *app.Dialogue) { d.Themes = []string{"aliens"} },
			"theme twice":          func(d *app.Dialogue) { d.Themes = []string{"vandalism", "vandalism"} },
			"unknown place theme":  func(d *app.Dialogue) { d.Places[0].Theme = "aliens" },
			"unknown district":     func(d *app.Dialogue) { d.Places[0].DistrictKey = "mars" },
			"place without where":  func(d *app.Dialogue) { d.Places[0].DistrictKey = "" },
			"half a point":         func(d *app.Dialogue) { d.Places[0].Lat = &lat },
			"negative count":       func(d *app.Dialogue) { d.Participants["vuxna"] = -1 },
			"unnamed group":        func(d *app.Dialogue) { d.Participants[""] = 3 },
			"another tenant's key": func(d *app.Dialogue) { d.TenantID = kat.ID + 99 },
		} {
			bad := ok()
			change(bad)
			if err := ds.CreateDialogue(ctx, bad); app.ErrorCode(err) != app.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		if list, _ := ds.FindDialogues(ctx, kat.ID, day, app.NewDate(2023, time.February, 15)); len(list) != 1 {
			t.Errorf("after bad input: %d dialogues", len(list))
		}
		if _, n, _ := incs.FindIncidents(ctx, kat.ID, feb); n != 3 {
			t.Errorf("after bad input: %d dialogue incidents", n)
		}

		// Another tenant sees and deletes nothing.
		if _, err := ds.FindDialogue(ctx, kat.ID+1, d.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("find from another tenant: %v", err)
		}
		if err := ds.DeleteDialogue(ctx, kat.ID+1, d.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("delete from another tenant: %v", err)
		}

		// A report merged into one of the places blocks the delete until
		// the merge is undone.
		at := time.Date(2023, 2, 14, 19, 0, 0, 0, time.UTC)
		rep := &app.Incident{TenantID: kat.ID, Source: app.SourceCitizen, Category: "drug_dealing", OccurredFrom: at, OccurredTo: at, Text: "Langning i tunneln"}
		if err := incs.CreateIncident(ctx, rep); err != nil {
			t.Fatal(err)
		}
		if err := incs.ReviewIncident(ctx, kat.ID, rep.ID, app.Review{State: app.ReviewMerged, MergedInto: dark.ID}); err != nil {
			t.Fatal(err)
		}
		if err := ds.DeleteDialogue(ctx, kat.ID, d.ID); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("delete with a merged report: %v, want ECONFLICT", err)
		}
		if err := incs.ReviewIncident(ctx, kat.ID, rep.ID, app.Review{State: app.ReviewPending}); err != nil {
			t.Fatal(err)
		}
		if err := ds.DeleteDialogue(ctx, kat.ID, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := ds.FindDialogue(ctx, kat.ID, d.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if _, n, _ := incs.FindIncidents(ctx, kat.ID, feb); n != 0 {
			t.Errorf("after delete: %d dialogue incidents", n)
		}
		if _, err := incs.FindIncident(ctx, kat.ID, rep.ID); err != nil {
			t.Errorf("the citizen report went with the dialogue: %v", err)
		}
		// The audit log keeps the dialogue as it was, masked.
		entries, _, err := sqlstore.NewAuditService(db).FindAudit(ctx, kat.ID, app.AuditFilter{Entity: "dialogue", EntityID: fmt.Sprint(d.ID)})
		if err != nil || len(entries) != 2 || entries[0].Action != "dialogue.delete" || !strings.Contains(string(entries[0].Before), "Gångtunneln") {
			t.Fatalf("audit = %+v, %v", entries, err)
		}
		for _, e := range entries {
			if strings.Contains(string(e.Before)+string(e.After), "1212-1212") {
				t.Errorf("audit %s keeps the personnummer", e.Action)
			}
		}
	})
}
