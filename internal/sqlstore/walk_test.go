package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"slices"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

// exifJPEG is a small JPEG with an APP1 Exif segment holding "GPS" bytes
// spliced in after the SOI marker, as a phone's photo has.
func exifJPEG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00GPS 58.9961 N 16.2069 E")
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), append(seg, payload...)...), b[2:]...)
}

func TestWalks(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		ws := sqlstore.NewWalkService(db)
		ms := sqlstore.NewMeasureService(db)
		w := &app.Walk{TenantID: kat.ID, Date: app.NewDate(2023, 8, 31), AfterDark: true, DistrictKey: "navertorp",
			Participants: map[string]int{"residents": 14, "kommun": 2, "polis": 1, "youth": 3}, Note: "Mörkt vid tunneln"}
		if err := ws.CreateWalk(ctx, w); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]*app.Walk{
			"unknown district":  {TenantID: kat.ID, Date: w.Date, DistrictKey: "mars", Participants: map[string]int{"residents": 1}},
			"another tenant":    {TenantID: kat.ID + 99, Date: w.Date, DistrictKey: "navertorp", Participants: map[string]int{"residents": 1}},
			"nobody took part":  {TenantID: kat.ID, Date: w.Date, DistrictKey: "navertorp"},
			"a named attendant": {TenantID: kat.ID, Date: w.Date, DistrictKey: "navertorp", Participants: map[string]int{"Kalle": 1}},
		} {
			if err := ws.CreateWalk(ctx, bad); app.ErrorCode(err) != app.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}

		// A finding with a phone photo: what is stored has no EXIF, and
		// the due date defaults to six months after the walk.
		lat, lon := 58.9861, 16.2291
		lit := &app.Finding{TenantID: kat.ID, WalkID: w.ID, Lat: &lat, Lon: &lon, Place: "Gångtunneln under Vasavägen", Problem: "lighting",
			Description: "Två armaturer trasiga", ProposedFix: "Byt armaturerna i gångtunneln", Unit: "Gatuenheten", Photo: exifJPEG(t)}
		if err := ws.AddFinding(ctx, lit); err != nil {
			t.Fatal(err)
		}
		if lit.Due.String() != "2024-02-29" || lit.PhotoType != "image/jpeg" {
			t.Errorf("added: due %s, photo %q", lit.Due, lit.PhotoType)
		}
		pic, typ, err := ws.FindPhoto(ctx, kat.ID, w.ID, lit.ID)
		if err != nil || typ != "image/jpeg" || bytes.Contains(pic, []byte("Exif")) || bytes.Contains(pic, []byte("GPS")) {
			t.Fatalf("stored photo: %q, %v, Exif kept: %v", typ, err, bytes.Contains(pic, []byte("Exif")))
		}
		if _, err := jpeg.Decode(bytes.NewReader(pic)); err != nil {
			t.Errorf("stored photo is no JPEG: %v", err)
		}
		bush := &app.Finding{TenantID: kat.ID, WalkID: w.ID, Place: "Stigen mot skolan", Problem: "sight_lines", Due: app.NewDate(2023, 10, 1)}
		if err := ws.AddFinding(ctx, bush); err != nil {
			t.Fatal(err)
		}
		litter := &app.Finding{TenantID: kat.ID, WalkID: w.ID, Place: "Lekplatsen", Problem: "littering"}
		if err := ws.AddFinding(ctx, litter); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]*app.Finding{
			"a pdf":            {TenantID: kat.ID, WalkID: w.ID, Place: "x", Problem: "other", Photo: []byte("%PDF-1.7")},
			"due before walk":  {TenantID: kat.ID, WalkID: w.ID, Place: "x", Problem: "other", Due: app.NewDate(2023, 1, 1)},
			"no place":         {TenantID: kat.ID, WalkID: w.ID, Problem: "other"},
			"unknown problem":  {TenantID: kat.ID, WalkID: w.ID, Place: "x", Problem: "ufo"},
			"an oversize file": {TenantID: kat.ID, WalkID: w.ID, Place: "x", Problem: "other", Photo: append(exifJPEG(t), make([]byte, 5<<20)...)},
		} {
			if err := ws.AddFinding(ctx, bad); app.ErrorCode(err) != app.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		if err := ws.AddFinding(ctx, &app.Finding{TenantID: kat.ID + 1, WalkID: w.ID, Place: "x", Problem: "other"}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("a finding for another tenant's walk: %v", err)
		}
		if _, _, err := ws.FindPhoto(ctx, kat.ID, w.ID, bush.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("photo of a finding without one: %v", err)
		}
		if _, _, err := ws.FindPhoto(ctx, kat.ID+1, w.ID, lit.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("photo from another tenant: %v", err)
		}

		got, err := ws.FindWalk(ctx, kat.ID, w.ID)
		if err != nil || len(got.Findings) != 3 || !got.AfterDark || got.DistrictKey != "navertorp" || got.Participants["residents"] != 14 ||
			got.Date.String() != "2023-08-31" {
			t.Fatalf("FindWalk = %+v, %v", got, err)
		}
		f0 := got.Findings[0]
		if !f0.HasPhoto || f0.Photo != nil || f0.Lat == nil || *f0.Lat != lat || f0.Due.String() != "2024-02-29" || got.Findings[1].HasPhoto {
			t.Errorf("findings read back: %+v", f0)
		}
		if _, err := ws.FindWalk(ctx, kat.ID+1, w.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("another tenant's walk: %v", err)
		}

		// Will not: only with a reason, and never "will do" without a measure.
		if err := ws.DecideFinding(ctx, kat.ID, w.ID, bush.ID, app.FindingWillNot, " "); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("will not without a reason: %v", err)
		}
		if err := ws.DecideFinding(ctx, kat.ID, w.ID, bush.ID, app.FindingWillDo, ""); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("will do without a measure: %v", err)
		}
		if err := ws.DecideFinding(ctx, kat.ID+1, w.ID, bush.ID, app.FindingWillNot, "x"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("deciding another tenant's finding: %v", err)
		}
		if err := ws.DecideFinding(ctx, kat.ID, w.ID, bush.ID, app.FindingWillNot, "Buskarna står på privat mark; ägaren har fått ett brev."); err != nil {
			t.Fatal(err)
		}

		// One click makes the measure, a second makes none.
		before, _ := ms.FindMeasures(ctx, kat.ID)
		m, err := ws.FindingToMeasure(ctx, kat.ID, w.ID, lit.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ws.FindingToMeasure(ctx, kat.ID, w.ID, lit.ID); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("second click: %v, want ECONFLICT", err)
		}
		if _, err := ws.FindingToMeasure(ctx, kat.ID+1, w.ID, litter.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("another tenant's finding to a measure: %v", err)
		}
		if after, _ := ms.FindMeasures(ctx, kat.ID); len(after) != len(before)+1 {
			t.Errorf("measures %d → %d, want one more", len(before), len(after))
		}
		stored, err := ms.FindMeasure(ctx, kat.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.ProblemRef != "Trygghetsvandring Nävertorp 2023-08-31: belysning" || stored.Type != "lighting" || stored.DistrictKey != "navertorp" ||
			stored.Status != app.MeasurePlanned || stored.OwnerParty != app.PartyKommun || stored.Unit != "Gatuenheten" ||
			stored.PlannedEnd == nil || stored.PlannedEnd.String() != "2024-02-29" || stored.Title != "Byt armaturerna i gångtunneln" ||
			stored.PromiseID == 0 || stored.Lat == nil || *stored.Lat != lat {
			t.Errorf("measure = %+v", stored)
		}
		// A finding that is a measure is decided by the measure's status.
		if err := ws.DecideFinding(ctx, kat.ID, w.ID, lit.ID, app.FindingWillNot, "Ångrat"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("will not after the measure: %v", err)
		}
		// A finding turned down may still become a measure.
		if _, err := ws.FindingToMeasure(ctx, kat.ID, w.ID, bush.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = ws.FindWalk(ctx, kat.ID, w.ID)
		if f := got.Findings[0]; f.Decision != app.FindingWillDo || f.MeasureID == nil || *f.MeasureID != m.ID {
			t.Errorf("linked finding = %+v", f)
		}
		if f := got.Findings[1]; f.Decision != app.FindingWillDo || f.Reason != "" || f.MeasureID == nil {
			t.Errorf("turned-down finding made a measure = %+v", f)
		}
		if err := ws.DecideFinding(ctx, kat.ID, w.ID, litter.ID, app.FindingWillNot, "Städas redan varje vecka"); err != nil {
			t.Fatal(err)
		}
		if err := ws.DecideFinding(ctx, kat.ID, w.ID, litter.ID, app.FindingUndecided, "ignored"); err != nil {
			t.Fatal(err)
		}
		// Clicks at the same moment make one measure between them.
		race := &app.Finding{TenantID: kat.ID, WalkID: w.ID, Place: "Parkeringen", Problem: "vandalism"}
		if err := ws.AddFinding(ctx, race); err != nil {
			t.Fatal(err)
		}
		before, _ = ms.FindMeasures(ctx, kat.ID)
		errs := make(chan error, 6)
		for range cap(errs) {
			go func() {
				_, err := ws.FindingToMeasure(ctx, kat.ID, w.ID, race.ID)
				errs <- err
			}()
		}
		made := 0
		for range cap(errs) {
			switch err := <-errs; app.ErrorCode(err) {
			case "":
				made++
			case app.ECONFLICT:
			default:
				t.Errorf("a concurrent click: %v", err)
			}
		}
		if after, _ := ms.FindMeasures(ctx, kat.ID); made != 1 || len(after) != len(before)+1 {
			t.Errorf("concurrent clicks made %d measures (%d → %d)", made, len(before), len(after))
		}

		list, err := ws.FindWalks(ctx, kat.ID)
		i := slices.IndexFunc(list, func(x *app.Walk) bool { return x.ID == w.ID })
		if err != nil || len(list) != 3 || i < 0 || list[i].FindingCount != 4 || list[i].Undecided != 1 || list[i].Findings != nil {
			t.Fatalf("FindWalks (the demo's two and this one) = %+v, %v", list, err)
		}
		if other, _ := ws.FindWalks(ctx, kat.ID+1); len(other) != 0 {
			t.Error("another tenant sees the walk")
		}

		// Every change is in the audit log, and no photo bytes are.
		entries, _, err := sqlstore.NewAuditService(db).FindAudit(ctx, kat.ID, app.AuditFilter{Action: "walk.", Entity: "walk", EntityID: fmt.Sprint(w.ID), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
			if strings.Contains(string(e.After), "/9j/") || strings.Contains(string(e.After), "Exif") {
				t.Errorf("%s: photo bytes in the audit log", e.Action)
			}
		}
		if actions["walk.create"] != 1 || actions["walk.finding.add"] != 4 || actions["walk.finding.measure"] != 3 || actions["walk.finding.decide"] != 3 {
			t.Errorf("audit actions = %v", actions)
		}
	})
}

// TestDemoWalks: the demo's walks load with their findings decided three
// ways, the one that became a measure linked to it.
func TestDemoWalks(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		kat := demoTenant(t, db)
		walks := sqlstore.NewWalkService(db)
		list, err := walks.FindWalks(ctx, kat.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("demo walks = %d, %v", len(list), err)
		}
		decisions := map[string]int{}
		for _, w := range list {
			if !w.Synthetic || !w.AfterDark {
				t.Errorf("walk %+v: not synthetic and after dark", w)
			}
			full, err := walks.FindWalk(ctx, kat.ID, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range full.Findings {
				decisions[f.Decision]++
				if f.Decision == app.FindingWillDo {
					m, err := sqlstore.NewMeasureService(db).FindMeasure(ctx, kat.ID, *f.MeasureID)
					if err != nil || m.Type != "lighting" {
						t.Errorf("finding %q became %+v, %v", f.Place, m, err)
					}
				}
			}
		}
		if decisions[app.FindingWillDo] != 1 || decisions[app.FindingWillNot] != 1 || decisions[app.FindingUndecided] != 3 {
			t.Errorf("decisions = %v", decisions)
		}
	})
}
