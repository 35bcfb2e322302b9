package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/trygg-se/trygg/internal/app"
)

// LoadDemo loads d into the database if it holds no tenant yet, and reports
// whether it did. The whole demo is one transaction: a process killed half
// way leaves nothing behind, and the next start loads it again. hash turns
// the demo users' passwords into stored hashes; it is called only when the
// demo is loaded, since hashing is deliberately slow.
func (db *DB) LoadDemo(ctx context.Context, d *app.Demo, hash func(password string) (string, error)) (loaded bool, err error) {
	return db.loadDemo(ctx, d, hash, nil)
}

// loadDemo is LoadDemo with a hook called after the tenant row is written,
// which lets a test kill the process mid-load.
func (db *DB) loadDemo(ctx context.Context, d *app.Demo, hash func(string) (string, error), midway func()) (bool, error) {
	tx, err := db.beginTx(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	// Checked inside the write transaction, so two processes starting at
	// once cannot both load it.
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM tenants").Scan(&n); err != nil {
		return false, fmt.Errorf("sqlstore: demo: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	t := d.Tenant
	if err := createTenant(ctx, tx, &t); err != nil {
		return false, err
	}
	if midway != nil {
		midway()
	}
	ids := map[string]int64{}
	for _, dist := range d.Districts {
		dd := *dist
		dd.TenantID = t.ID
		if err := createDistrict(ctx, tx, &dd); err != nil {
			return false, err
		}
		ids[dd.Key] = dd.ID
	}
	var firstPromise int64
	measures := map[string]int64{} // by title, for the walks' findings
	for _, p := range d.Promises {
		pp := *p
		pp.TenantID = t.ID
		if err := createPromise(ctx, tx, &pp, ids); err != nil {
			return false, err
		}
		if firstPromise == 0 {
			firstPromise = pp.ID
		}
	}
	for _, m := range d.Measures {
		mm := *m
		mm.TenantID, mm.PromiseID = t.ID, firstPromise
		if id, ok := ids[mm.DistrictKey]; ok {
			mm.DistrictID = &id
		}
		if err := mm.Validate(); err != nil {
			return false, fmt.Errorf("demo measure %q: %w", mm.Title, err)
		}
		if err := createMeasure(ctx, tx, &mm); err != nil {
			return false, err
		}
		measures[mm.Title] = mm.ID
	}
	for _, p := range d.Patrols {
		pp := *p
		pp.TenantID = t.ID
		if err := pp.Validate(); err != nil {
			return false, fmt.Errorf("demo patrol %s: %w", pp.Start, err)
		}
		if err := createPatrol(ctx, tx, &pp); err != nil {
			return false, err
		}
	}
	for _, w := range d.Walks {
		ww := w.Walk
		ww.TenantID = t.ID
		if err := ww.Validate(); err != nil {
			return false, fmt.Errorf("demo walk %s: %w", ww.Date, err)
		}
		if err := createWalk(ctx, tx, &ww); err != nil {
			return false, err
		}
		for _, f := range w.Findings {
			ff := f.Finding
			ff.TenantID, ff.WalkID = t.ID, ww.ID
			if ff.Due.IsZero() {
				ff.Due = ww.DefaultDue()
			}
			if f.MeasureTitle != "" {
				id, ok := measures[f.MeasureTitle]
				if !ok {
					return false, fmt.Errorf("demo walk %s: no measure %q", ww.Date, f.MeasureTitle)
				}
				ff.MeasureID, ff.Decision = &id, app.FindingWillDo
			}
			if err := ff.Validate(); err != nil {
				return false, fmt.Errorf("demo walk %s finding %q: %w", ww.Date, ff.Place, err)
			}
			if err := insertFinding(ctx, tx, &ff, nil); err != nil {
				return false, err
			}
		}
	}
	for _, q := range d.Questionnaires {
		if err := saveQuestionnaire(ctx, tx, t.ID, q.Code, q.Version, q.Definition); err != nil {
			return false, err
		}
	}
	for _, w := range d.SurveyWaves {
		ww := w.Wave
		ww.TenantID = t.ID
		if _, err := replaceWave(ctx, tx, &ww, w.Respondents); err != nil {
			return false, fmt.Errorf("demo survey wave %s: %w", ww.Name, err)
		}
	}
	if err := createGazetteer(ctx, tx, t.ID, d.Gazetteer, ids); err != nil {
		return false, err
	}
	if _, err := upsertIncidents(ctx, tx, t.ID, func(yield func(*app.Incident, error) bool) {
		for _, inc := range d.Incidents {
			c := *inc
			if !yield(&c, nil) {
				return
			}
		}
	}); err != nil {
		return false, fmt.Errorf("sqlstore: demo incidents: %w", err)
	}
	for _, dl := range d.Dialogues {
		dd := *dl
		dd.TenantID = t.ID
		dd.Places = slices.Clone(dl.Places)
		if err := dd.Validate(); err != nil {
			return false, fmt.Errorf("demo dialogue %s: %w", dd.Date, err)
		}
		if err := createDialogue(ctx, tx, &dd); err != nil {
			return false, fmt.Errorf("demo dialogue %s: %w", dd.Date, err)
		}
	}
	for _, du := range d.Users {
		h, err := hash(du.Password)
		if err != nil {
			return false, fmt.Errorf("sqlstore: demo user %s: %w", du.Email, err)
		}
		u := &app.User{Email: du.Email, Name: du.Name, PasswordHash: h, Status: app.UserActive, Superadmin: du.Superadmin}
		if err := u.Validate(); err != nil {
			return false, err
		}
		if err := createUser(ctx, tx, u); err != nil {
			return false, err
		}
		if du.Role != "" {
			if err := grantRole(ctx, tx, u.ID, t.ID, du.Role); err != nil {
				return false, err
			}
		}
	}
	if err := appendAudit(ctx, tx, &app.AuditEntry{TenantID: &t.ID, Action: "demo.load", Entity: "tenant", EntityID: t.Slug}, nil,
		map[string]any{"districts": len(d.Districts), "promises": len(d.Promises), "users": len(d.Users), "incidents": len(d.Incidents)}); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// Empty reports whether the database holds no tenant yet, so that a caller
// can skip building the demo on every start; LoadDemo checks again inside
// its transaction.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM tenants").Scan(&n); err != nil {
		return false, fmt.Errorf("sqlstore: count tenants: %w", err)
	}
	return n == 0, nil
}
