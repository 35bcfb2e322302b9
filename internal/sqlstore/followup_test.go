package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

func demoTenant(t *testing.T, db *sqlstore.DB) *app.Tenant {
	t.Helper()
	ctx := context.Background()
	if _, err := db.LoadDemo(ctx, mustDemo(t), plainHash); err != nil {
		t.Fatal(err)
	}
	kat, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, "katrineholm")
	if err != nil {
		t.Fatal(err)
	}
	return kat
}

func TestPatrols(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		ps := sqlstore.NewPatrolService(db)
		start := time.Date(2021, 2, 10, 19, 0, 0, 0, time.UTC) // before the demo's patrols
		p := &app.Patrol{TenantID: kat.ID, Start: start, End: start.Add(3 * time.Hour), Mode: "foot", Districts: []string{"navertorp", "centrum"}}
		if err := ps.CreatePatrol(ctx, p); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]*app.Patrol{
			"end before start":        {TenantID: kat.ID, Start: start, End: start.Add(-time.Hour), Mode: "foot", Districts: []string{"norr"}},
			"no district":             {TenantID: kat.ID, Start: start, End: start.Add(time.Hour), Mode: "foot"},
			"unknown district":        {TenantID: kat.ID, Start: start, End: start.Add(time.Hour), Mode: "foot", Districts: []string{"mars"}},
			"unknown mode":            {TenantID: kat.ID, Start: start, End: start.Add(time.Hour), Mode: "horse", Districts: []string{"norr"}},
			"longer than a shift":     {TenantID: kat.ID, Start: start, End: start.Add(20 * time.Hour), Mode: "car", Districts: []string{"norr"}},
			"another tenant's tenant": {TenantID: kat.ID + 99, Start: start, End: start.Add(time.Hour), Mode: "car", Districts: []string{"norr"}},
		} {
			if err := ps.CreatePatrol(ctx, bad); app.ErrorCode(err) != app.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		got, err := ps.FindPatrols(ctx, kat.ID, start.AddDate(0, 0, -1), start.AddDate(0, 0, 1))
		if err != nil || len(got) != 1 || len(got[0].Districts) != 2 || got[0].Districts[0] != "centrum" || !got[0].End.Equal(p.End) {
			t.Fatalf("FindPatrols = %+v, %v", got, err)
		}
		if err := ps.DeletePatrol(ctx, kat.ID+1, p.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("delete from another tenant: %v", err)
		}
		if err := ps.DeletePatrol(ctx, kat.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := ps.FindPatrols(ctx, kat.ID, start.AddDate(0, 0, -1), start.AddDate(0, 0, 1)); len(got) != 0 {
			t.Errorf("after delete: %d patrols", len(got))
		}
	})
}

func TestFollowUps(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		fs := sqlstore.NewFollowUpService(db)
		period, _ := app.ParseTertial("2023-T1")
		f, err := fs.FindFollowUp(ctx, kat.ID, period)
		if err != nil || f.ID != 0 || f.Status != app.FollowUpDraft {
			t.Fatalf("new follow-up = %+v, %v", f, err)
		}
		if err := fs.SaveCommentary(ctx, kat.ID, period, map[string]string{"violence": "Färre anmälda misshandelsfall."}); err != nil {
			t.Fatal(err)
		}
		if err := fs.SaveCommentary(ctx, kat.ID, period, map[string]string{"violence": "Färre misshandelsfall i Centrum.", "drugs": "Oförändrat."}); err != nil {
			t.Fatal(err)
		}
		f, _ = fs.FindFollowUp(ctx, kat.ID, period)
		if f.ID == 0 || f.Commentary["violence"] != "Färre misshandelsfall i Centrum." || f.Commentary["drugs"] != "Oförändrat." {
			t.Fatalf("after saving: %+v", f)
		}
		snap := json.RawMessage(`{"period":"2023-T1","figures":[1,2,3]}`)
		if err := fs.AdoptFollowUp(ctx, kat.ID, period, json.RawMessage("not json")); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("adopt with a broken snapshot: %v", err)
		}
		if err := fs.AdoptFollowUp(ctx, kat.ID, period, snap); err != nil {
			t.Fatal(err)
		}
		// Adopted is frozen: no new commentary, no second adoption.
		if err := fs.SaveCommentary(ctx, kat.ID, period, map[string]string{"violence": "x"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("comment after adoption: %v", err)
		}
		if err := fs.AdoptFollowUp(ctx, kat.ID, period, snap); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("second adoption: %v", err)
		}
		f, _ = fs.FindFollowUp(ctx, kat.ID, period)
		var back map[string]any
		if f.Status != app.FollowUpAdopted || f.AdoptedAt == nil || json.Unmarshal(f.Snapshot, &back) != nil || back["period"] != "2023-T1" {
			t.Errorf("adopted = %+v", f)
		}
		// A correction keeps the previous snapshot with its reason.
		if err := fs.CorrectFollowUp(ctx, kat.ID, period, " ", snap); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("correction without reason: %v", err)
		}
		next, _ := app.ParseTertial("2023-T2")
		if err := fs.CorrectFollowUp(ctx, kat.ID, next, "x", snap); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("correcting a draft: %v", err)
		}
		if err := fs.CorrectFollowUp(ctx, kat.ID, period, "fel siffra", json.RawMessage(`{"period":"2023-T1","v":2}`)); err != nil {
			t.Fatal(err)
		}
		f, _ = fs.FindFollowUp(ctx, kat.ID, period)
		if len(f.Corrections) != 1 || f.Corrections[0].Reason != "fel siffra" || string(f.Corrections[0].Previous) != string(snap) ||
			!strings.Contains(string(f.Snapshot), `"v":2`) {
			t.Errorf("after correction: %+v", f)
		}
		// Another tenant sees nothing of it.
		if other, _ := fs.FindFollowUp(ctx, kat.ID+1, period); other.ID != 0 {
			t.Error("another tenant sees the follow-up")
		}
		if all, err := fs.FindFollowUps(ctx, kat.ID); err != nil || len(all) != 1 {
			t.Errorf("FindFollowUps = %d, %v", len(all), err)
		}
	})
}

func TestMeasureParentsAndCamera(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		ms := sqlstore.NewMeasureService(db)
		parent := &app.Measure{TenantID: kat.ID, Type: "lighting", Horizon: app.HorizonLong, OwnerParty: app.PartyKommun, Title: "Belysningsprogram",
			Status: app.MeasureStarted, ProblemFocusArea: "violence"}
		if err := ms.CreateMeasure(ctx, parent); err != nil {
			t.Fatal(err)
		}
		child := &app.Measure{TenantID: kat.ID, ParentID: &parent.ID, Type: "lighting", Horizon: app.HorizonShort, OwnerParty: app.PartyKommun,
			Title: "Lampor i gångtunneln", Status: app.MeasureDone, Progress: 100, ProblemFocusArea: "violence",
			Milestones: []app.Milestone{{Date: app.NewDate(2023, 3, 1), Text: "Beställt", Done: true}}}
		if err := ms.CreateMeasure(ctx, child); err != nil {
			t.Fatal(err)
		}
		// A parent cannot become its child's child.
		parent.ParentID = &child.ID
		if err := ms.UpdateMeasure(ctx, parent); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("a cycle: %v", err)
		}
		got, _ := ms.FindMeasure(ctx, kat.ID, child.ID)
		if got.ParentID == nil || *got.ParentID != parent.ID || len(got.Milestones) != 1 || got.Milestones[0].Text != "Beställt" {
			t.Errorf("child = %+v", got)
		}
		// A running camera needs its balancing of interests.
		cam := &app.Measure{TenantID: kat.ID, Type: "camera", Horizon: app.HorizonLong, OwnerParty: app.PartyJoint, Title: "Kamera",
			Status: app.MeasureStarted, ProblemFocusArea: "violence"}
		if err := ms.CreateMeasure(ctx, cam); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("a camera without assessment: %v", err)
		}
		cam.Camera = &app.CameraAssessment{Assessed: ptr(app.NewDate(2023, 1, 2)), Decision: "Ja", Document: "KS/1", Review: ptr(app.NewDate(2024, 1, 2))}
		if err := ms.CreateMeasure(ctx, cam); err != nil {
			t.Fatal(err)
		}
		got, _ = ms.FindMeasure(ctx, kat.ID, cam.ID)
		if got.Camera == nil || got.Camera.Document != "KS/1" || !got.ReviewOverdue(app.NewDate(2024, 2, 1)) || got.ReviewOverdue(app.NewDate(2023, 12, 1)) {
			t.Errorf("camera = %+v", got.Camera)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestAssessments(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		as := sqlstore.NewAssessmentService(db)
		a := &app.Assessment{TenantID: kat.ID, WrittenOn: app.NewDate(2023, 9, 1), From: app.NewDate(2023, 1, 1), To: app.NewDate(2023, 8, 31),
			Title: "Läget", Seen: "Mejla anna@example.se", Why: "Siffrorna", Meaning: "Fortsätt", Figures: json.RawMessage(`{"Total":12}`)}
		if err := as.CreateAssessment(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := as.FindAssessment(ctx, kat.ID, a.ID)
		if err != nil || strings.Contains(got.Seen, "anna@") || string(got.Figures) != `{"Total":12}` || !got.To.Equal(a.To.Time) {
			t.Fatalf("stored %+v, %v", got, err)
		}
		if _, err := as.FindAssessment(ctx, kat.ID+1, a.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("another tenant: %v", err)
		}
		other := *a
		other.TenantID, other.Supersedes = kat.ID+1, &a.ID
		if err := as.CreateAssessment(ctx, &other); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("superseding another tenant's assessment: %v", err)
		}
		next := *a
		next.Supersedes = &a.ID
		if err := as.CreateAssessment(ctx, &next); err != nil {
			t.Fatal(err)
		}
		if all, _ := as.FindAssessments(ctx, kat.ID); len(all) != 2 || all[0].Supersedes == nil || *all[0].Supersedes != a.ID {
			t.Errorf("versions %+v", all)
		}
	})
}
