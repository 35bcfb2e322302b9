package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/trygg-se/trygg/internal/app"
)

// SurveyService implements app.SurveyService.
type SurveyService struct{ db *DB }

// NewSurveyService returns a SurveyService on db.
func NewSurveyService(db *DB) *SurveyService { return &SurveyService{db: db} }

var _ app.SurveyService = (*SurveyService)(nil)

// SaveQuestionnaire adds or replaces a questionnaire definition.
func (s *SurveyService) SaveQuestionnaire(ctx context.Context, tenantID int64, code, version string, definition json.RawMessage) error {
	if code == "" || !json.Valid(definition) {
		return app.Errorf(app.EINVALID, "sqlstore: a questionnaire needs a code and a JSON definition")
	}
	return s.db.inTx(ctx, func(tx *Tx) error { return saveQuestionnaire(ctx, tx, tenantID, code, version, definition) })
}

func saveQuestionnaire(ctx context.Context, tx *Tx, tenantID int64, code, version string, definition json.RawMessage) error {
	if _, err := tx.exec(ctx, `INSERT INTO surveys (tenant_id, code, version, definition) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, code) DO UPDATE SET version = excluded.version, definition = excluded.definition`,
		tenantID, code, version, string(definition)); err != nil {
		return fmt.Errorf("sqlstore: save questionnaire: %w", err)
	}
	return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "survey.save", Entity: "survey", EntityID: code}, nil,
		map[string]string{"code": code, "version": version})
}

// FindQuestionnaire returns a definition; ENOTFOUND.
func (s *SurveyService) FindQuestionnaire(ctx context.Context, tenantID int64, code string) (json.RawMessage, error) {
	var def string
	err := s.db.queryRow(ctx, "SELECT definition FROM surveys WHERE tenant_id = ? AND code = ?", tenantID, code).Scan(&def)
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "Enkäten %q finns inte / No questionnaire %q.", code, code)
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find questionnaire: %w", err)
	}
	return json.RawMessage(def), nil
}

// ReplaceWave stores a wave and its respondents, replacing an earlier
// import of the same wave; the result counts respondents added, changed,
// unchanged and removed.
func (s *SurveyService) ReplaceWave(ctx context.Context, w *app.SurveyWave, rs []app.SurveyRespondent) (app.ImportResult, error) {
	var res app.ImportResult
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var err error
		res, err = replaceWave(ctx, tx, w, rs)
		if err != nil || res.Added+res.Updated+res.Removed == 0 {
			return err
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &w.TenantID, Action: "survey.import", Entity: "survey_wave",
			EntityID: w.Name}, nil, res)
	})
	return res, err
}

// upsertWave stores the wave's own fields, adding it if it is new, and
// sets w.ID.
func upsertWave(ctx context.Context, tx *Tx, w *app.SurveyWave) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM surveys WHERE tenant_id = ? AND code = ?", w.TenantID, w.Survey).Scan(&n); err != nil || n == 0 {
		return app.FieldErrorf("survey", "Enkäten %q finns inte / No questionnaire %q.", w.Survey, w.Survey)
	}
	err := tx.queryRow(ctx, "SELECT id FROM survey_waves WHERE tenant_id = ? AND survey = ? AND name = ?", w.TenantID, w.Survey, w.Name).Scan(&w.ID)
	switch {
	case err == sql.ErrNoRows:
		if w.ID, err = tx.insert(ctx, `INSERT INTO survey_waves (tenant_id, survey, name, fieldwork_from, fieldwork_to, survey_year,
			reference_year, sample_size, response_rate, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.TenantID, w.Survey, w.Name, dateOrNull(w.FieldworkFrom), dateOrNull(w.FieldworkTo), w.SurveyYear, w.ReferenceYear,
			w.SampleSize, w.ResponseRate, w.Synthetic); err != nil {
			return fmt.Errorf("sqlstore: create wave: %w", err)
		}
	case err != nil:
		return err
	default:
		if _, err := tx.exec(ctx, `UPDATE survey_waves SET fieldwork_from = ?, fieldwork_to = ?, survey_year = ?, reference_year = ?,
			sample_size = ?, response_rate = ?, synthetic = ? WHERE id = ?`, dateOrNull(w.FieldworkFrom), dateOrNull(w.FieldworkTo),
			w.SurveyYear, w.ReferenceYear, w.SampleSize, w.ResponseRate, w.Synthetic, w.ID); err != nil {
			return fmt.Errorf("sqlstore: update wave: %w", err)
		}
	}
	return nil
}

func replaceWave(ctx context.Context, tx *Tx, w *app.SurveyWave, rs []app.SurveyRespondent) (app.ImportResult, error) {
	var res app.ImportResult
	if err := upsertWave(ctx, tx, w); err != nil {
		return res, err
	}
	old, err := findRespondents(ctx, tx.query, w.ID)
	if err != nil {
		return res, err
	}
	before := map[string]app.SurveyRespondent{}
	for _, r := range old {
		before[r.ID] = r
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if r.ID == "" || seen[r.ID] {
			return res, app.FieldErrorf("respondent", "Svarande %q saknar id eller finns två gånger / Respondent %q has no id or appears twice.", r.ID, r.ID)
		}
		seen[r.ID] = true
		b, _ := json.Marshal(r.Answers)
		prev, ok := before[r.ID]
		switch {
		case !ok:
			res.Added++
		case sameRespondent(prev, r):
			res.Unchanged++
			continue
		default:
			res.Updated++
			if _, err := tx.exec(ctx, "DELETE FROM survey_respondents WHERE wave_id = ? AND respondent_id = ?", w.ID, r.ID); err != nil {
				return res, err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO survey_respondents (wave_id, respondent_id, district, area, gender, age_group, weight, answers)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.ID, r.ID, r.District, r.Area, r.Gender, r.AgeGroup, r.Weight, string(b)); err != nil {
			return res, fmt.Errorf("sqlstore: respondent %s: %w", r.ID, err)
		}
	}
	for id := range before {
		if !seen[id] {
			res.Removed++
			if _, err := tx.exec(ctx, "DELETE FROM survey_respondents WHERE wave_id = ? AND respondent_id = ?", w.ID, id); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

func sameRespondent(a, b app.SurveyRespondent) bool {
	return a.District == b.District && a.Area == b.Area && a.Gender == b.Gender && a.AgeGroup == b.AgeGroup &&
		a.Weight == b.Weight && maps.Equal(a.Answers, b.Answers)
}

// FindWaves returns the tenant's waves, oldest first.
func (s *SurveyService) FindWaves(ctx context.Context, tenantID int64) ([]*app.SurveyWave, error) {
	rows, err := s.db.query(ctx, `SELECT id, survey, name, fieldwork_from, fieldwork_to, survey_year, reference_year, sample_size,
		response_rate, synthetic FROM survey_waves WHERE tenant_id = ? ORDER BY survey_year, name`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find waves: %w", err)
	}
	defer rows.Close()
	var out []*app.SurveyWave
	for rows.Next() {
		w := &app.SurveyWave{TenantID: tenantID}
		if err := rows.Scan(&w.ID, &w.Survey, &w.Name, nullDate{&w.FieldworkFrom}, nullDate{&w.FieldworkTo}, &w.SurveyYear,
			&w.ReferenceYear, &w.SampleSize, &w.ResponseRate, &w.Synthetic); err != nil {
			return nil, fmt.Errorf("sqlstore: find waves: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// FindRespondents returns a wave's respondents in id order.
func (s *SurveyService) FindRespondents(ctx context.Context, tenantID, waveID int64) ([]app.SurveyRespondent, error) {
	var n int
	if err := s.db.queryRow(ctx, "SELECT COUNT(*) FROM survey_waves WHERE id = ? AND tenant_id = ?", waveID, tenantID).Scan(&n); err != nil || n == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "Mätningen finns inte / No such survey wave.")
	}
	return findRespondents(ctx, s.db.query, waveID)
}

func findRespondents(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), waveID int64) ([]app.SurveyRespondent, error) {
	rows, err := query(ctx, `SELECT respondent_id, district, area, gender, age_group, weight, answers FROM survey_respondents
		WHERE wave_id = ? ORDER BY respondent_id`, waveID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find respondents: %w", err)
	}
	defer rows.Close()
	var out []app.SurveyRespondent
	for rows.Next() {
		var r app.SurveyRespondent
		var answers string
		if err := rows.Scan(&r.ID, &r.District, &r.Area, &r.Gender, &r.AgeGroup, &r.Weight, &answers); err != nil {
			return nil, fmt.Errorf("sqlstore: find respondents: %w", err)
		}
		if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
			return nil, fmt.Errorf("sqlstore: respondent %s answers: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReplacePublished stores a wave's published results in place of earlier
// ones; the result counts figures added, changed, unchanged and removed.
func (s *SurveyService) ReplacePublished(ctx context.Context, w *app.SurveyWave, figs []app.SurveyPublished) (app.ImportResult, error) {
	var res app.ImportResult
	err := s.db.inTx(ctx, func(tx *Tx) error {
		if err := upsertWave(ctx, tx, w); err != nil {
			return err
		}
		old, err := findPublished(ctx, tx.query, w.ID)
		if err != nil {
			return err
		}
		before := map[[2]string]app.SurveyPublished{}
		for _, f := range old {
			before[[2]string{f.Item, f.Area}] = f
		}
		if _, err := tx.exec(ctx, "DELETE FROM survey_published WHERE wave_id = ?", w.ID); err != nil {
			return err
		}
		seen := map[[2]string]bool{}
		for _, f := range figs {
			k := [2]string{f.Item, f.Area}
			if seen[k] {
				return app.FieldErrorf("item", "rad %d: %s i %s finns två gånger / line %d: %s in %s appears twice", f.Line, f.Item, f.Area, f.Line, f.Item, f.Area)
			}
			seen[k] = true
			switch prev, ok := before[k]; {
			case !ok:
				res.Added++
			case prev.Kind == f.Kind && prev.Value == f.Value && prev.N == f.N:
				res.Unchanged++
			default:
				res.Updated++
			}
			if _, err := tx.exec(ctx, "INSERT INTO survey_published (wave_id, line, item, area, kind, value, n) VALUES (?, ?, ?, ?, ?, ?, ?)",
				w.ID, f.Line, f.Item, f.Area, f.Kind, f.Value, f.N); err != nil {
				return fmt.Errorf("sqlstore: line %d: %w", f.Line, mapErr(err))
			}
		}
		for k := range before {
			if !seen[k] {
				res.Removed++
			}
		}
		if res.Added+res.Updated+res.Removed == 0 {
			return nil
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &w.TenantID, Action: "survey.import_published", Entity: "survey_wave",
			EntityID: w.Name}, nil, res)
	})
	return res, err
}

// FindPublished returns a wave's published results in file order.
func (s *SurveyService) FindPublished(ctx context.Context, tenantID, waveID int64) ([]app.SurveyPublished, error) {
	var n int
	if err := s.db.queryRow(ctx, "SELECT COUNT(*) FROM survey_waves WHERE id = ? AND tenant_id = ?", waveID, tenantID).Scan(&n); err != nil || n == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "Mätningen finns inte / No such survey wave.")
	}
	return findPublished(ctx, s.db.query, waveID)
}

func findPublished(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), waveID int64) ([]app.SurveyPublished, error) {
	rows, err := query(ctx, "SELECT line, item, area, kind, value, n FROM survey_published WHERE wave_id = ? ORDER BY line", waveID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find published: %w", err)
	}
	defer rows.Close()
	var out []app.SurveyPublished
	for rows.Next() {
		var f app.SurveyPublished
		if err := rows.Scan(&f.Line, &f.Item, &f.Area, &f.Kind, &f.Value, &f.N); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
