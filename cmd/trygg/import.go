package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"

	"golang.org/x/term"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer"
	"github.com/trygg-se/trygg/internal/importer/bra"
	"github.com/trygg-se/trygg/internal/importer/csvin"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// fileArg takes the import's FILE from before or after the flags:
// "import X FILE --tenant S" and "import X --tenant S FILE" both work.
func fileArg(e env, fs *flag.FlagSet, args []string, usage string) (string, error) {
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", errUsage
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 || file == "" {
		fmt.Fprintln(e.stderr, "användning / usage: "+usage)
		return "", errUsage
	}
	return file, nil
}

// summary prints what an import did.
func summary(w io.Writer, file string, res app.ImportResult) {
	fmt.Fprintf(w, "%s: %d nya, %d ändrade, %d oförändrade / %d added, %d updated, %d unchanged\n",
		file, res.Added, res.Updated, res.Unchanged, res.Added, res.Updated, res.Unchanged)
}

// tenantEnricher builds the enricher for a stored tenant.
func tenantEnricher(ctx context.Context, db *sqlstore.DB, t *app.Tenant) (*importer.Enricher, error) {
	districts := sqlstore.NewDistrictService(db)
	ds, err := districts.FindDistricts(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	g, err := districts.FindGazetteer(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	return importer.NewEnricher(ds, g, importer.PlaceOf(ds))
}

// progress counts rows on a terminal, so that a long import shows it is
// alive; elsewhere (CI, pipes) it stays quiet.
func progress(e env, seq iter.Seq2[*app.Incident, error]) iter.Seq2[*app.Incident, error] {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return seq
	}
	return func(yield func(*app.Incident, error) bool) {
		n := 0
		for inc, err := range seq {
			if n++; n%50000 == 0 {
				fmt.Fprintf(f, "\r%d rader / rows …", n)
			}
			if !yield(inc, err) {
				break
			}
		}
		fmt.Fprint(f, "\r")
	}
}

// importIncidents imports a mapped incident CSV into a tenant.
func importIncidents(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import incidents")
	tenant := tenantFlag(fs)
	mapping := fs.String("mapping", "", "kolumnmappning / column mapping, JSON (required)")
	dsn := dbFlag(fs, e)
	file, err := fileArg(e, fs, args, "trygg import incidents FILE.csv --tenant SLUG --mapping MAP.json")
	if err != nil {
		return err
	}
	if err := required(fs, "tenant", "mapping"); err != nil {
		return err
	}
	mf, err := os.Open(*mapping)
	if err != nil {
		return err
	}
	m, err := csvin.LoadMapping(mf)
	mf.Close()
	if err != nil {
		return fmt.Errorf("mapping %s: %w", *mapping, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := csvin.NewReader(f, m)
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	ctx, db, t, err := openTenant(ctx, e, *dsn, *tenant)
	if err != nil {
		return err
	}
	defer db.Close()
	en, err := tenantEnricher(ctx, db, t)
	if err != nil {
		return err
	}
	res, err := sqlstore.NewIncidentService(db).UpsertIncidents(ctx, t.ID, progress(e, importer.CSVIncidents(file, rd, en)))
	if err != nil {
		return err
	}
	summary(e.stdout, file, res)
	return nil
}

// importBra imports Brå's reported-crime CSV for a year. The figures are
// national open data, shared by every tenant.
func importBra(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import bra")
	year := fs.Int("year", 0, "år / year of the statistics (required)")
	dsn := dbFlag(fs, e)
	file, err := fileArg(e, fs, args, "trygg import bra FILE.csv --year YYYY")
	if err != nil {
		return err
	}
	if err := required(fs, "year"); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := bra.Parse(f, *year)
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var out []app.BraFigure
	for _, r := range rows {
		out = append(out, app.BraFigure{Year: *year, KommunCode: r.Code, KommunName: r.Kommun, Count: r.Count, Per100k: r.Per100k})
	}
	if len(out) == 0 {
		return errors.New("the file has no rows")
	}
	res, err := db.UpsertBra(cliActor(ctx, e), out)
	if err != nil {
		return err
	}
	summary(e.stdout, file, res)
	return nil
}
