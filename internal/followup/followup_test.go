package followup_test

import (
	"context"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/report"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

// loadDemo loads the Katrineholm demo into db and returns its tenant and
// the services a follow-up is built from.
func loadDemo(t *testing.T, db *sqlstore.DB) (*app.Tenant, followup.Services) {
	t.Helper()
	ctx := context.Background()
	d, err := demo.Katrineholm()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadDemo(ctx, d, func(string) (string, error) { return "x", nil }); err != nil {
		t.Fatal(err)
	}
	kat, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, "katrineholm")
	if err != nil {
		t.Fatal(err)
	}
	return kat, followup.Services{Promises: sqlstore.NewPromiseService(db), Districts: sqlstore.NewDistrictService(db),
		Measures: sqlstore.NewMeasureService(db), Patrols: sqlstore.NewPatrolService(db),
		Incidents: sqlstore.NewIncidentService(db), Surveys: sqlstore.NewSurveyService(db), Dialogues: sqlstore.NewDialogueService(db)}
}

func TestBuildFromTheDemo(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat, svc := loadDemo(t, db)
		now := time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC)

		r, err := followup.Build(ctx, svc, kat, app.Tertial{Year: 2023, N: 3}, map[string]string{"summary": "Bra tertial."}, "sv", now)
		if err != nil {
			t.Fatal(err)
		}
		// The previous year and the baseline are the same tertial of
		// 2022 and of the year before the promise (2021).
		if s := r.Situation; s.CurrentLabel != "2023-T3" || s.PreviousLabel != "2022-T3" || s.BaselineLabel != "2021-T3" {
			t.Errorf("labels %s %s %s", s.CurrentLabel, s.PreviousLabel, s.BaselineLabel)
		}
		measures := 0
		for _, c := range r.Commitments {
			for _, m := range c.Measures {
				measures++
				if m.Title == "Samordnad tillsyn av serveringsställen i Centrum" && m.Status != app.MeasurePlanned {
					t.Errorf("measure %+v", m)
				}
			}
		}
		// The supervision (planned Sep–Nov 2023) runs in T3; the camera
		// lighting in the tunnel ended in 2022 and does not.
		if measures == 0 || !r.Synthetic || len(r.Patrols.Rows) == 0 || len(r.Map) != 7 {
			t.Errorf("%d measures, synthetic %v, %d patrol rows, %d map areas", measures, r.Synthetic, len(r.Patrols.Rows), len(r.Map))
		}
		for _, c := range r.Commitments {
			for _, m := range c.Measures {
				if m.Title == "Ny belysning i gångtunneln vid Nävertorp" {
					t.Error("a measure that ended in 2022 is in 2023-T3")
				}
			}
		}
		// The 2023 wave (fieldwork in the autumn) belongs to T3, against 2021.
		if r.Survey == nil || r.Survey.WaveLabel != "katrineholm-2023" || r.Survey.PreviousLabel != "katrineholm-2021" || len(r.Survey.Indicators) == 0 {
			t.Fatalf("survey block %+v", r.Survey)
		}
		// A dialogue held in T1 is listed in T1's follow-up.
		if err := svc.Dialogues.CreateDialogue(ctx, &app.Dialogue{TenantID: kat.ID, Date: app.NewDate(2023, 3, 14), Kind: "youth",
			Place: "Nävertorpsskolan", TargetGroup: "unga 13–16", Participants: map[string]int{"unga": 24}, Themes: []string{"poor_lighting"},
			Places: []app.DialoguePlace{{DistrictKey: "navertorp", Description: "gångtunneln", AfterDark: true}}}); err != nil {
			t.Fatal(err)
		}
		// In T1 2023 no wave had ended since 2021's: that one is shown.
		r1, err := followup.Build(ctx, svc, kat, app.Tertial{Year: 2023, N: 1}, nil, "en", now)
		if err != nil || r1.Survey == nil || r1.Survey.WaveLabel != "katrineholm-2021" || r1.Lang != "en" {
			t.Fatalf("T1: %v %+v", err, r1.Survey)
		}
		if len(r1.Dialogues) != 1 || r1.Dialogues[0].Participants != 24 || r1.Dialogues[0].Themes != "Poor lighting" {
			t.Errorf("T1 dialogues %+v", r1.Dialogues)
		}
		// Commentary on a section the report does not have is refused.
		if _, err := followup.Build(ctx, svc, kat, app.Tertial{Year: 2023, N: 3}, map[string]string{"nonsense": "x"}, "sv", now); err == nil {
			t.Error("commentary on an unknown section was accepted")
		}
		snap, err := followup.Adopt(ctx, svc, kat, app.Tertial{Year: 2023, N: 3}, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		f := &app.FollowUp{Period: app.Tertial{Year: 2023, N: 3}, Status: app.FollowUpAdopted, Snapshot: snap}
		for _, lang := range []string{"sv", "en"} {
			got, err := followup.Report(ctx, svc, kat, f, lang, now)
			if err != nil || got.Status != report.StatusAdopted || got.AdoptedAt == nil || got.Lang != lang {
				t.Errorf("%s snapshot: %v %+v", lang, err, got)
			}
		}
	})
}
