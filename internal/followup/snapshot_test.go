package followup_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/report"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

// TestLegacySnapshot: a follow-up adopted before the report's fields had
// JSON names (testdata/legacy_snapshot.json, the demo's 2023-T1 frozen by
// that version) reads back as the same report adopted today — every field,
// not only the one-word names JSON matches without regard to case.
func TestLegacySnapshot(t *testing.T) {
	legacy, err := os.ReadFile("testdata/legacy_snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	kat, svc := loadDemo(t, sqltest.Open(t, sqltest.SQLiteDSN(t)))
	ctx := context.Background()
	now := time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC)
	period := app.Tertial{Year: 2023, N: 1}
	fresh, err := followup.Adopt(ctx, svc, kat, period, map[string]string{"summary": "Bra tertial."}, now)
	if err != nil {
		t.Fatal(err)
	}
	upgraded, err := report.UpgradeJSON(legacy)
	if err != nil {
		t.Fatal(err)
	}
	var a, b followup.Snapshot
	if err := json.Unmarshal(upgraded, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fresh, &b); err != nil {
		t.Fatal(err)
	}
	// That version wrote the survey's areas and the sources in Swedish in
	// the English report too; today's writes them in English.
	if en := a["en"]; en != nil && en.Survey != nil {
		for i, row := range en.Survey.Indicators {
			en.Survey.Indicators[i].Area = map[string]string{"Hela kommunen": "Whole municipality",
				"Prioriterade områden": "Priority districts", "Övriga områden": "Other districts"}[row.Area]
		}
		en.Survey.Source = "Safety survey imported into Trygg"
		en.Situation.Source = "The police's incident notices, the kommun's observations (EST) and reviewed reports in Trygg"
		en.Patrols.Source = "The police's patrol log in Trygg"
	}
	if len(a) != 2 || !reflect.DeepEqual(a, b) {
		t.Errorf("the upgraded legacy snapshot differs from today's:\n%+v\n%+v", a["sv"], b["sv"])
	}
	// Today's snapshots pass through untouched.
	if again, _ := report.UpgradeJSON(fresh); string(again) != string(fresh) {
		t.Error("UpgradeJSON changed a current snapshot")
	}
	// And the legacy one renders as adopted, with its multi-word fields.
	f := &app.FollowUp{Period: period, Status: app.FollowUpAdopted, Snapshot: legacy}
	r, err := followup.Report(ctx, svc, kat, f, "sv", now)
	if err != nil || len(r.FocusAreas) == 0 || r.AdoptedAt == nil || r.PeriodFrom.IsZero() || r.Commentary["summary"] != "Bra tertial." {
		t.Fatalf("legacy report: %v %+v", err, r)
	}
}
