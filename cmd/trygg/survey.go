package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	importsurvey "github.com/trygg-se/trygg/internal/importer/survey"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/survey"
)

// importSurvey reads one wave of a safety survey and replaces the wave's
// respondents with the file's, in one transaction.
func importSurvey(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import survey")
	slug := fs.String("tenant", "", "kommunens kortnamn / tenant slug (required)")
	code := fs.String("survey", "", "enkätens kod / questionnaire code (required)")
	wave := fs.String("wave", "", "mätningens namn, t.ex. katrineholm-2025 / wave name (required)")
	format := fs.String("format", "auto", "limesurvey|kobo|odk|xlsx|mapped|auto, or published (printed results: item, area, value, n)")
	mapping := fs.String("mapping", "", "kolumnmappning (JSON) / column mapping file")
	year := fs.Int("year", 0, "år för fältarbetet / survey year (required)")
	refYear := fs.Int("reference-year", 0, "året svaren gäller / reference year (default: --year)")
	from := fs.String("fieldwork-from", "", "fältarbetet började / fieldwork start, YYYY-MM-DD")
	to := fs.String("fieldwork-to", "", "fältarbetet slutade / fieldwork end, YYYY-MM-DD")
	sample := fs.Int("sample-size", 0, "antal tillfrågade / people invited")
	rate := fs.Float64("response-rate", 0, "svarsfrekvens 0–1 / response rate")
	dsn := dbFlag(fs, e)
	file, err := fileArg(e, fs, args, "trygg import survey FILE --tenant S --survey CODE --wave NAME --year YYYY [--format F] [--mapping MAP.json]")
	if err != nil {
		return err
	}
	if err := required(fs, "tenant", "survey", "wave", "year"); err != nil {
		return err
	}
	if *slug == "" || *code == "" || *wave == "" || *year < 1900 || *year > 2100 {
		return fmt.Errorf("--tenant, --survey and --wave need values and --year a year")
	}
	var f importsurvey.Format
	if *format != "published" {
		if f, err = importsurvey.ParseFormat(*format); err != nil {
			return err
		}
	}
	w := app.SurveyWave{Survey: *code, Name: *wave, SurveyYear: *year, ReferenceYear: *refYear, SampleSize: *sample, ResponseRate: *rate}
	if w.ReferenceYear == 0 {
		w.ReferenceYear = w.SurveyYear
	}
	for _, d := range []struct {
		s   string
		dst **app.Date
	}{{*from, &w.FieldworkFrom}, {*to, &w.FieldworkTo}} {
		if d.s != "" {
			v, err := app.ParseDate(d.s)
			if err != nil {
				return fmt.Errorf("fieldwork date %q: %w", d.s, err)
			}
			*d.dst = &v
		}
	}
	if w.ResponseRate < 0 || w.ResponseRate > 1 {
		return fmt.Errorf("--response-rate is a share from 0 to 1, not %v", w.ResponseRate)
	}
	var m *importsurvey.Mapping
	if *mapping != "" {
		mf, err := os.Open(*mapping)
		if err != nil {
			return err
		}
		mm, err := importsurvey.LoadMapping(mf)
		mf.Close()
		if err != nil {
			return fmt.Errorf("mapping %s: %w", *mapping, err)
		}
		m = &mm
	}
	ctx, db, t, err := openTenant(ctx, e, *dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	w.TenantID = t.ID
	surveys := sqlstore.NewSurveyService(db)
	def, err := surveys.FindQuestionnaire(ctx, t.ID, *code)
	if err != nil {
		return err
	}
	var q survey.Questionnaire
	if err := json.Unmarshal(def, &q); err != nil {
		return fmt.Errorf("questionnaire %s: %w", *code, err)
	}
	ds, err := sqlstore.NewDistrictService(db).FindDistricts(ctx, t.ID)
	if err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return err
	}
	defer in.Close()
	start := time.Now()
	if *format == "published" {
		return importPublished(ctx, e, surveys, &w, in, file)
	}
	res, err := importsurvey.Read(in, file, f, importQuestionnaire(q, ds), m)
	if err != nil {
		return err
	}
	rs := make([]survey.Respondent, len(res.Respondents))
	for i, r := range res.Respondents {
		rs[i] = r.Stats()
	}
	stored, err := surveys.ReplaceWave(ctx, &w, survey.StoredRespondents(rs))
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	fmt.Fprintf(e.stdout, "%s (%s): %d svarande, %d överhoppade / %d respondents, %d skipped; %d nya, %d ändrade, %d oförändrade, %d borttagna / %d added, %d updated, %d unchanged, %d removed (%s)\n",
		file, res.Format, len(rs), res.Skipped, len(rs), res.Skipped, stored.Added, stored.Updated, stored.Unchanged, stored.Removed,
		stored.Added, stored.Updated, stored.Unchanged, stored.Removed, time.Since(start).Round(time.Millisecond))
	for reason, n := range res.SkippedReasons {
		fmt.Fprintf(e.stdout, "  överhoppade / skipped: %d %s\n", n, reason)
	}
	for _, q := range res.Missing {
		fmt.Fprintf(e.stdout, "  saknas i filen / not in the file: %s\n", q)
	}
	return nil
}

// importQuestionnaire is the questionnaire as the file reader needs it:
// Swedish labels first, English as alternatives, the tenant's districts by
// key and name.
func importQuestionnaire(q survey.Questionnaire, ds []*app.District) importsurvey.Questionnaire {
	out := importsurvey.Questionnaire{}
	for _, qq := range q.Questions {
		iq := importsurvey.Question{Code: qq.Code}
		for _, c := range qq.Scale {
			iq.Scale = append(iq.Scale, importsurvey.Choice{Code: c.Code, Label: c.LabelSv, Alt: []string{c.LabelEn}})
		}
		out.Questions = append(out.Questions, iq)
	}
	for _, d := range ds {
		out.Districts = append(out.Districts, importsurvey.Choice{Code: d.Key, Label: d.Name})
	}
	return out
}

// importPublished stores printed results (a share or index per item and
// area, with n) as the wave's published figures.
func importPublished(ctx context.Context, e env, surveys *sqlstore.SurveyService, w *app.SurveyWave, in *os.File, file string) error {
	figs, err := importsurvey.ReadPublished(in, file)
	if err != nil {
		return err
	}
	out := make([]app.SurveyPublished, len(figs))
	for i, f := range figs {
		out[i] = app.SurveyPublished{Line: f.Line, Item: f.Item, Area: f.Area, Kind: string(f.Kind), Value: f.Value, N: f.N}
	}
	res, err := surveys.ReplacePublished(ctx, w, out)
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	fmt.Fprintf(e.stdout, "%s: %d publicerade resultat; %d nya, %d ändrade, %d oförändrade, %d borttagna / %d published results; %d added, %d updated, %d unchanged, %d removed\n",
		file, len(out), res.Added, res.Updated, res.Unchanged, res.Removed, len(out), res.Added, res.Updated, res.Unchanged, res.Removed)
	return nil
}
