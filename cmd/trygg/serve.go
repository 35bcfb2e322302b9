package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web"
	"github.com/trygg-se/trygg/internal/wiring"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve")
	dsn := dbFlag(fs, e)
	defAddr := e.getenv("TRYGG_ADDR")
	if defAddr == "" {
		defAddr = "127.0.0.1:8080"
	}
	addr := fs.String("addr", defAddr, "adress att lyssna på / listen address (env TRYGG_ADDR)")
	baseURL := fs.String("base-url", e.getenv("TRYGG_BASE_URL"), "webbplatsens publika adress, för Open311 / the site's public URL, for Open311 (env TRYGG_BASE_URL; default http://ADDR)")
	noDemo := fs.Bool("no-demo", false, "ladda inte Katrineholmsdemon / do not load the Katrineholm demo")
	proxyList := fs.String("trusted-proxy", e.getenv("TRYGG_TRUSTED_PROXIES"), "omvända proxyer vars X-Forwarded-For litas på, t.ex. 10.0.0.5,10.1.0.0/16 / reverse proxies whose X-Forwarded-For is trusted (env TRYGG_TRUSTED_PROXIES)")
	factCache := fs.String("fact-cache", e.getenv("TRYGG_FACT_CACHE"), fmt.Sprintf("hur många händelsefakta lägesbilden håller i minnet (0: inga) / incident facts the lägesbild holds in memory, 0 for none (env TRYGG_FACT_CACHE; default %d, about 64 bytes each)", sqlstore.DefaultFactCacheSize))
	if err := parse(fs, args); err != nil {
		return err
	}
	facts := sqlstore.DefaultFactCacheSize
	if *factCache != "" {
		var err error
		if facts, err = strconv.Atoi(*factCache); err != nil || facts < 0 {
			return fmt.Errorf("--fact-cache %q: ange ett antal, 0 eller fler / give a number, 0 or more", *factCache)
		}
	}
	proxies, err := parseProxies(*proxyList)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	if *baseURL == "" {
		*baseURL = "http://" + *addr
	}

	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetFactCacheSize(facts)
	empty, err := db.Empty(ctx)
	if err != nil {
		return err
	}
	// The demo (notices to parse, reports to place) is built only for an
	// empty database, not on every start.
	if !*noDemo && empty {
		d, err := demo.Katrineholm()
		if err != nil {
			return err
		}
		loaded, err := db.LoadDemo(ctx, d, func(pw string) (string, error) { return auth.HashPassword(pw, auth.DefaultParams) })
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		if loaded {
			if err := adoptDemoFollowUps(ctx, db, d.Tenant.Slug); err != nil {
				return fmt.Errorf("demo follow-ups: %w", err)
			}
			printDemoUsers(e.stdout, *dsn, d)
		}
	}

	srv, err := web.New(wiring.Services(db), log, web.Config{BaseURL: *baseURL, TrustedProxies: proxies})
	if err != nil {
		return err
	}
	// Start-up work (migrations, the demo, password hashing) leaves garbage
	// the runtime would return to the OS only slowly; give it back now so
	// that a server at rest is small.
	debug.FreeOSMemory()
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

// printDemoUsers shows the demo's sign-ins. They are printed this once:
// only hashes are stored.
func printDemoUsers(w io.Writer, dsn string, d *app.Demo) {
	fmt.Fprintf(w, "Katrineholmsdemon laddad / Katrineholm demo loaded into %s\n", dsn)
	fmt.Fprintln(w, "Demoanvändare (lösenorden visas bara nu) / demo users (passwords shown only now):")
	for _, u := range d.Users {
		role := string(u.Role)
		if u.Superadmin {
			role = "superadmin"
		}
		fmt.Fprintf(w, "  %-12s %-32s %s\n", role, u.Email, u.Password)
	}
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

// parseProxies reads "10.0.0.5,10.1.0.0/16": addresses and networks.
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxy: %q är varken adress eller nät / is neither an address nor a network (10.0.0.5, 10.1.0.0/16)", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
