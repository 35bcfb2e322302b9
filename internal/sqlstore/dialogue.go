package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/privacy"
	"github.com/trygg-se/trygg/internal/sun"
)

// DialogueService implements app.DialogueService.
type DialogueService struct{ db *DB }

// NewDialogueService returns a DialogueService on db.
func NewDialogueService(db *DB) *DialogueService { return &DialogueService{db: db} }

var _ app.DialogueService = (*DialogueService)(nil)

// dialogueZone is the zone of a dialogue's day: Trygg's kommuner are all
// Swedish, and the binary embeds the zone database.
var dialogueZone, _ = time.LoadLocation("Europe/Stockholm")

// CreateDialogue masks personal data in d's free text, then stores d, its
// places, and each place as an accepted incident of source dialogue, with
// an audit entry, in one transaction. A dialogue is recorded by staff, so
// its places need no review; deleting the dialogue takes them back.
func (s *DialogueService) CreateDialogue(ctx context.Context, d *app.Dialogue) error {
	maskDialogue(d)
	if err := d.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return createDialogue(ctx, tx, d) })
}

// maskDialogue masks every free text of d, not only the summary: people
// name people in group labels and place descriptions too.
func maskDialogue(d *app.Dialogue) {
	d.Summary, _ = privacy.Mask(d.Summary)
	d.Place, _ = privacy.Mask(d.Place)
	d.TargetGroup, _ = privacy.Mask(d.TargetGroup)
	if d.Participants != nil {
		groups := make(map[string]int, len(d.Participants))
		for g, n := range d.Participants {
			g, _ = privacy.Mask(g)
			groups[g] += n
		}
		d.Participants = groups
	}
	for i := range d.Places {
		d.Places[i].Description, _ = privacy.Mask(d.Places[i].Description)
	}
}

func createDialogue(ctx context.Context, tx *Tx, d *app.Dialogue) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM tenants WHERE id = ?", d.TenantID).Scan(&n); err != nil {
		return fmt.Errorf("sqlstore: create dialogue: %w", err)
	} else if n == 0 {
		return app.Errorf(app.EINVALID, "Okänd kommun / Unknown tenant.")
	}
	districts := make([]*int64, len(d.Places))
	for i, p := range d.Places {
		if p.DistrictKey == "" {
			continue
		}
		var id int64
		if err := tx.queryRow(ctx, "SELECT id FROM districts WHERE tenant_id = ? AND key = ?", d.TenantID, p.DistrictKey).Scan(&id); err != nil {
			return app.FieldErrorf("places", "Okänt område %q / Unknown district.", p.DistrictKey)
		}
		districts[i] = &id
	}
	if d.Participants == nil {
		d.Participants = map[string]int{}
	}
	if d.Themes == nil {
		d.Themes = []string{}
	}
	d.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO dialogues (tenant_id, held_on, kind, place, target_group, participants, themes, summary,
		synthetic, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.TenantID, dateArg(d.Date), d.Kind, d.Place, d.TargetGroup, mustJSON(d.Participants), mustJSON(d.Themes), d.Summary,
		d.Synthetic, actorIDFrom(ctx), tx.now)
	if err != nil {
		return fmt.Errorf("sqlstore: create dialogue: %w", err)
	}
	d.ID = id
	for i, p := range d.Places {
		if _, err := tx.exec(ctx, `INSERT INTO dialogue_places (dialogue_id, n, district_id, lat, lon, description, after_dark, theme)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i+1, districts[i], p.Lat, p.Lon, p.Description, p.AfterDark, p.Theme); err != nil {
			return fmt.Errorf("sqlstore: dialogue place: %w", err)
		}
	}
	if len(d.Places) > 0 {
		incs, err := dialogueIncidents(ctx, tx, d, districts)
		if err != nil {
			return err
		}
		res, err := upsertIncidents(ctx, tx, d.TenantID, func(yield func(*app.Incident, error) bool) {
			for _, inc := range incs {
				if !yield(inc, nil) {
					return
				}
			}
		})
		if err != nil {
			return fmt.Errorf("sqlstore: dialogue incidents: %w", err)
		}
		if res.Added != len(incs) {
			return fmt.Errorf("sqlstore: dialogue %d: %d of %d incidents added", id, res.Added, len(incs))
		}
	}
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &d.TenantID, Action: "dialogue.create", Entity: "dialogue", EntityID: fmt.Sprint(id)}, nil, d)
}

// dialogueIncidents makes the incidents of d's places: on the dialogue's
// day, or its evening and night for a place named as unsafe after dark,
// with the window's dark fraction so that the lägesbild weighs it by
// darkness as it does any window-dated report.
func dialogueIncidents(ctx context.Context, tx *Tx, d *app.Dialogue, districts []*int64) ([]*app.Incident, error) {
	place, err := tenantSunPlace(ctx, tx, d.TenantID)
	if err != nil {
		return nil, err
	}
	dark, err := sun.NewCalculator(place, sun.DefaultThresholds)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: dialogue darkness: %w", err)
	}
	out := make([]*app.Incident, len(d.Places))
	for i, p := range d.Places {
		cat, _ := app.ReportCategory(d.PlaceCategory(p))
		from, to := p.Window(d.Date, dialogueZone)
		f, err := dark.DarkFraction(from, to)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: dialogue darkness: %w", err)
		}
		out[i] = &app.Incident{TenantID: d.TenantID, Source: app.SourceDialogue, ExternalID: fmt.Sprintf("dialogue-%d-%d", d.ID, i+1),
			Category: cat.Key, FocusArea: cat.FocusArea, OccurredFrom: from, OccurredTo: to, Lat: p.Lat, Lon: p.Lon,
			DistrictID: districts[i], Text: p.Description, ReviewState: app.ReviewAccepted, Synthetic: d.Synthetic,
			DarkFraction: float64(int(f*10000+0.5)) / 10000, SourceRef: fmt.Sprintf("dialogue %d", d.ID)}
	}
	return out, nil
}

// tenantSunPlace is where the tenant's sun is computed: the middle of its
// districts, or Sweden's population centre without any, exactly as
// importer.PlaceOf does for imports, so that a place named at a dialogue
// and a notice of the same evening get the same darkness.
func tenantSunPlace(ctx context.Context, tx *Tx, tenantID int64) (sun.Place, error) {
	var n int
	var minLon, minLat, maxLon, maxLat sql.NullFloat64
	if err := tx.queryRow(ctx, "SELECT COUNT(*), MIN(min_lon), MIN(min_lat), MAX(max_lon), MAX(max_lat) FROM districts WHERE tenant_id = ?",
		tenantID).Scan(&n, &minLon, &minLat, &maxLon, &maxLat); err != nil {
		return sun.Place{}, fmt.Errorf("sqlstore: districts: %w", err)
	}
	if n == 0 {
		return sun.Place{Lat: 59.4, Lon: 15.6}, nil
	}
	return sun.Place{Lat: (minLat.Float64 + maxLat.Float64) / 2, Lon: (minLon.Float64 + maxLon.Float64) / 2}, nil
}

// FindDialogues returns the dialogues held in [from, to), newest first.
func (s *DialogueService) FindDialogues(ctx context.Context, tenantID int64, from, to app.Date) ([]*app.Dialogue, error) {
	return findDialogues(ctx, s.db.query, "g.tenant_id = ? AND g.held_on >= ? AND g.held_on < ?", tenantID, dateArg(from), dateArg(to))
}

// FindDialogue returns ENOTFOUND unless the tenant has the dialogue.
func (s *DialogueService) FindDialogue(ctx context.Context, tenantID, id int64) (*app.Dialogue, error) {
	return findDialogue(ctx, s.db.query, tenantID, id)
}

func findDialogue(ctx context.Context, query dialogueQuery, tenantID, id int64) (*app.Dialogue, error) {
	ds, err := findDialogues(ctx, query, "g.id = ? AND g.tenant_id = ?", id, tenantID)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "Dialogen finns inte / No such dialogue.")
	}
	return ds[0], nil
}

// dialogueQuery runs a query on the reader pool or inside a transaction.
type dialogueQuery func(ctx context.Context, q string, args ...any) (*sql.Rows, error)

// findDialogues loads the dialogues (aliased g) that match where, then
// their places with one more query.
func findDialogues(ctx context.Context, query dialogueQuery, where string, args ...any) ([]*app.Dialogue, error) {
	rows, err := query(ctx, `SELECT g.id, g.tenant_id, g.held_on, g.kind, g.place, g.target_group, g.participants, g.themes, g.summary,
		g.synthetic, g.created_at FROM dialogues g WHERE `+where+` ORDER BY g.held_on DESC, g.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find dialogues: %w", err)
	}
	var out []*app.Dialogue
	byID := map[int64]*app.Dialogue{}
	for rows.Next() {
		d := &app.Dialogue{Participants: map[string]int{}, Themes: []string{}}
		if err := rows.Scan(&d.ID, &d.TenantID, dateCol{&d.Date}, &d.Kind, &d.Place, &d.TargetGroup, jsonCol{&d.Participants},
			jsonCol{&d.Themes}, &d.Summary, &d.Synthetic, &d.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlstore: find dialogues: %w", err)
		}
		d.CreatedAt = d.CreatedAt.UTC()
		out = append(out, d)
		byID[d.ID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = query(ctx, `SELECT p.dialogue_id, COALESCE(d.key, ''), p.lat, p.lon, p.description, p.after_dark, p.theme
		FROM dialogue_places p JOIN dialogues g ON g.id = p.dialogue_id LEFT JOIN districts d ON d.id = p.district_id
		WHERE `+where+` ORDER BY p.dialogue_id, p.n`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find dialogue places: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p app.DialoguePlace
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&id, &p.DistrictKey, &lat, &lon, &p.Description, &p.AfterDark, &p.Theme); err != nil {
			return nil, fmt.Errorf("sqlstore: find dialogue places: %w", err)
		}
		if lat.Valid && lon.Valid {
			p.Lat, p.Lon = &lat.Float64, &lon.Float64
		}
		if d := byID[id]; d != nil {
			d.Places = append(d.Places, p)
		}
	}
	return out, rows.Err()
}

// DeleteDialogue removes a dialogue recorded by mistake, its places and
// their incidents; the audit log keeps the dialogue as it was. A report a
// reviewer merged into one of the incidents blocks it: deleting would
// leave that report pointing at nothing.
func (s *DialogueService) DeleteDialogue(ctx context.Context, tenantID, id int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		before, err := findDialogue(ctx, tx.query, tenantID, id)
		if err != nil {
			return err
		}
		if len(before.Places) > 0 {
			ext := make([]any, 0, 2+len(before.Places))
			ext = append(ext, tenantID, app.SourceDialogue)
			for n := range before.Places {
				ext = append(ext, fmt.Sprintf("dialogue-%d-%d", id, n+1))
			}
			in := "tenant_id = ? AND source = ? AND external_id IN (?" + strings.Repeat(", ?", len(before.Places)-1) + ")"
			var merged int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM incidents WHERE merged_into IN (SELECT id FROM incidents WHERE "+in+")",
				ext...).Scan(&merged); err != nil {
				return fmt.Errorf("sqlstore: delete dialogue: %w", err)
			}
			if merged > 0 {
				return app.Errorf(app.ECONFLICT, "En rapport har slagits ihop med en av dialogens platser; ångra det först / A report was merged into one of the dialogue's places; undo that first.")
			}
			if _, err := tx.exec(ctx, "DELETE FROM incidents WHERE "+in, ext...); err != nil {
				return fmt.Errorf("sqlstore: delete dialogue incidents: %w", err)
			}
			if err := bumpIncidents(ctx, tx, tenantID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "DELETE FROM dialogue_places WHERE dialogue_id = ?", id); err != nil {
			return fmt.Errorf("sqlstore: delete dialogue: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM dialogues WHERE id = ? AND tenant_id = ?", id, tenantID); err != nil {
			return fmt.Errorf("sqlstore: delete dialogue: %w", err)
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "dialogue.delete", Entity: "dialogue", EntityID: fmt.Sprint(id)}, before, nil)
	})
}
