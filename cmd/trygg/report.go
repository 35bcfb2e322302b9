package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/report"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

var cmdReport = subcommands("report", map[string]func(context.Context, env, []string) error{
	"followup": reportFollowUp,
})

func followUpServices(db *sqlstore.DB) followup.Services {
	return followup.Services{Promises: sqlstore.NewPromiseService(db), Districts: sqlstore.NewDistrictService(db),
		Measures: sqlstore.NewMeasureService(db), Patrols: sqlstore.NewPatrolService(db),
		Incidents: sqlstore.NewIncidentService(db), Surveys: sqlstore.NewSurveyService(db), Dialogues: sqlstore.NewDialogueService(db)}
}

// reportFollowUp writes a tertial follow-up as HTML (standalone, the
// stylesheet inlined) or PDF: the adopted snapshot if there is one, else
// the draft made now.
func reportFollowUp(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "report followup")
	slug := fs.String("tenant", "", "kommunens kortnamn / tenant slug (required)")
	period := fs.String("period", "", "tertial, t.ex. 2023-T2 / tertial (required)")
	format := fs.String("format", "html", "html|pdf")
	lang := fs.String("lang", "sv", "sv|en")
	out := fs.String("o", "", "fil att skriva / output file (required)")
	dsn := dbFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "tenant", "period", "o"); err != nil {
		return err
	}
	if (*format != "html" && *format != "pdf") || (*lang != "sv" && *lang != "en") {
		return fmt.Errorf("--format is html or pdf and --lang sv or en")
	}
	tt, err := app.ParseTertial(*period)
	if err != nil {
		return err
	}
	ctx, db, t, err := openTenant(ctx, e, *dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	f, err := sqlstore.NewFollowUpService(db).FindFollowUp(ctx, t.ID, tt)
	if err != nil {
		return err
	}
	rep, err := followup.Report(ctx, followUpServices(db), t, f, *lang, time.Now())
	if err != nil {
		return err
	}
	var html bytes.Buffer
	if err := report.Standalone(&html, rep); err != nil {
		return err
	}
	b := html.Bytes()
	if *format == "pdf" {
		if b, err = report.PDF(ctx, b, ""); errors.Is(err, report.ErrNoChromium) {
			return fmt.Errorf("no Chromium on this machine for a PDF; write --format html and print it from a browser")
		} else if err != nil {
			return err
		}
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s %s (%s), %d bytes\n", *out, t.Slug, tt, f.Status, len(b))
	return nil
}

// adoptDemoFollowUps adopts the demo's follow-ups for every tertial of
// its promise but the last, which stays a draft to work on. Their
// commentary says it is made up.
func adoptDemoFollowUps(ctx context.Context, db *sqlstore.DB, slug string) error {
	t, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, slug)
	if err != nil {
		return err
	}
	fus := sqlstore.NewFollowUpService(db)
	for y := 2022; y <= 2023; y++ {
		for n := 1; n <= 3; n++ {
			tt := app.Tertial{Year: y, N: n}
			if y == 2023 && n == 3 {
				return nil
			}
			c := map[string]string{report.SectionSummary: fmt.Sprintf("Demo: påhittad kommentar till tertial %s. Arbetet i Centrum, Norr och Nävertorp fortsätter enligt plan.", tt)}
			if err := fus.SaveCommentary(ctx, t.ID, tt, c); err != nil {
				return err
			}
			snap, err := followup.Adopt(ctx, followUpServices(db), t, tt, c, time.Now())
			if err != nil {
				return fmt.Errorf("demo follow-up %s: %w", tt, err)
			}
			if err := fus.AdoptFollowUp(ctx, t.ID, tt, snap); err != nil {
				return err
			}
		}
	}
	return nil
}
