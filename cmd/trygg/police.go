package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer"
	"github.com/trygg-se/trygg/internal/importer/polisen"
	"github.com/trygg-se/trygg/internal/kommun"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// userAgent tells the police who is calling, as their API rules ask.
const userAgent = "Trygg/1 (medborgarlöften; kommunens trygghetssamordning)"

// importPolice imports police notices from a file or the live API into a
// tenant. With --watch it polls the URL until stopped.
func importPolice(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import police")
	tenant := tenantFlag(fs)
	texts := fs.String("texts", "", "notisernas brödtext / the notices' body texts, JSON (optional)")
	watch := fs.Bool("watch", false, "hämta om och om igen / poll the URL until stopped")
	every := fs.Duration("every", 15*time.Minute, "intervall med --watch / poll interval with --watch")
	dsn := dbFlag(fs, e)
	src, err := fileArg(e, fs, args, "trygg import police FILE.json|URL --tenant SLUG [--texts FILE] [--watch]")
	if err != nil {
		return err
	}
	if err := required(fs, "tenant"); err != nil {
		return err
	}
	live := strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
	if *watch && !live {
		return app.Errorf(app.EINVALID, "--watch needs a URL")
	}
	if *every < time.Minute {
		return app.Errorf(app.EINVALID, "--every must be at least 1m: the police API allows 60 calls an hour")
	}
	var bodies map[int64][]string
	if *texts != "" {
		f, err := os.Open(*texts)
		if err != nil {
			return err
		}
		bodies, err = polisen.ParseTexts(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("import %s: %w", *texts, err)
		}
	}
	ctx, db, t, err := openTenant(ctx, e, *dsn, *tenant)
	if err != nil {
		return err
	}
	defer db.Close()
	k, ok := kommun.ByCode(t.KommunCode)
	if !ok {
		return app.Errorf(app.EINVALID, "tenant %s has kommun code %s, which is not a Swedish kommun", t.Slug, t.KommunCode)
	}
	kommunName := k.Name
	client := &polisen.Client{HTTP: &http.Client{Timeout: 30 * time.Second}, UserAgent: userAgent}
	once := func() error {
		var notices []polisen.Notice
		var perr error
		if live {
			notices, perr = client.Fetch(ctx, src)
		} else {
			f, err := os.Open(src)
			if err != nil {
				return err
			}
			notices, perr = polisen.Parse(f)
			f.Close()
		}
		// All or nothing: a notice that does not parse stops the import.
		if perr != nil {
			return fmt.Errorf("import %s: %w", src, perr)
		}
		for i := range notices {
			if b, ok := bodies[notices[i].ID]; ok {
				notices[i].AttachBody(b)
			}
		}
		en, err := tenantEnricher(ctx, db, t)
		if err != nil {
			return err
		}
		pr := importer.PoliceIncidents(notices, kommunName, en, polisen.DefaultClasses())
		res, err := sqlstore.NewIncidentService(db).UpsertIncidents(ctx, t.ID, func(yield func(*app.Incident, error) bool) {
			for _, inc := range pr.Incidents {
				if !yield(inc, nil) {
					return
				}
			}
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d notiser, %d om %s (%d punkter ur nattsammanfattningar) / %d notices, %d about %s (%d night-summary items)\n",
			src, len(notices), pr.Notices, kommunName, pr.Items, len(notices), pr.Notices, kommunName, pr.Items)
		summary(e.stdout, src, res)
		if len(pr.UnknownTypes) > 0 {
			fmt.Fprintf(e.stdout, "okända typer, sparade som other / unknown types, kept as other: %s\n", strings.Join(pr.UnknownTypes, ", "))
		}
		return nil
	}
	if !*watch {
		return once()
	}
	for {
		err := once()
		switch {
		case errors.Is(err, polisen.ErrGone):
			return err // 404 is final
		case err != nil && ctx.Err() == nil:
			fmt.Fprintf(e.stderr, "trygg import police: %s (försöker igen / will retry)\n", oneLine(err.Error()))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*every):
		}
	}
}
