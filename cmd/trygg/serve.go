package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve")
	dsn := dbFlag(fs, e)
	defAddr := e.getenv("TRYGG_ADDR")
	if defAddr == "" {
		defAddr = "127.0.0.1:8080"
	}
	addr := fs.String("addr", defAddr, "adress att lyssna på / listen address (env TRYGG_ADDR)")
	noDemo := fs.Bool("no-demo", false, "ladda inte Katrineholmsdemon / do not load the Katrineholm demo")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))

	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if !*noDemo {
		d, err := demo.Katrineholm()
		if err != nil {
			return err
		}
		loaded, err := db.LoadDemo(ctx, d)
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		if loaded {
			fmt.Fprintf(e.stdout, "Katrineholmsdemon laddad / Katrineholm demo loaded into %s\n", *dsn)
		}
	}

	srv, err := web.New(web.Services{
		Tenants:   sqlstore.NewTenantService(db),
		Districts: sqlstore.NewDistrictService(db),
		Promises:  sqlstore.NewPromiseService(db),
		Ping:      db.Ping,
	}, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stdout, "Trygg lyssnar på / listening on http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// In-flight requests get time to finish; the deferred Close then
	// checkpoints and closes the database cleanly.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openMigrated opens dsn and applies pending migrations.
func openMigrated(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func cmdMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "migrate")
	dsn := dbFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	cur, _, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Databasen är på version %d / database at version %d\n", cur, cur)
	return nil
}
