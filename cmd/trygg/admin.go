package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// subcommands dispatches "trygg NAME SUB …" to the named function.
func subcommands(name string, subs map[string]func(ctx context.Context, e env, args []string) error) func(context.Context, env, []string) error {
	return func(ctx context.Context, e env, args []string) error {
		if len(args) > 0 {
			if fn, ok := subs[args[0]]; ok {
				return fn(ctx, e, args[1:])
			}
		}
		fmt.Fprintf(e.stderr, "användning / usage: trygg %s {%s} [flags]\n", name, strings.Join(slices.Sorted(maps.Keys(subs)), "|"))
		return errUsage
	}
}

// withDB parses fs, opens the migrated database and runs fn with a context
// naming the CLI as the actor, so that the audit log says who changed what.
func withDB(ctx context.Context, e env, fs *flag.FlagSet, args []string, fn func(ctx context.Context, db *sqlstore.DB) error) error {
	dsn := dbFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(cliActor(ctx, e), db)
}

// openTenant opens the migrated database and finds the tenant, for the
// commands that work in one; the caller closes the database.
func openTenant(ctx context.Context, e env, dsn, slug string) (context.Context, *sqlstore.DB, *app.Tenant, error) {
	db, err := openMigrated(ctx, dsn)
	if err != nil {
		return ctx, nil, nil, err
	}
	ctx = cliActor(ctx, e)
	t, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, slug)
	if err != nil {
		db.Close()
		return ctx, nil, nil, err
	}
	return ctx, db, t, nil
}

// cliActor names the command line as the actor of changes, for the audit
// log.
func cliActor(ctx context.Context, e env) context.Context {
	label := "cli"
	if u := e.getenv("USER"); u != "" {
		label = "cli:" + u
	}
	return app.WithActor(ctx, &app.Actor{Label: label})
}

func required(fs *flag.FlagSet, names ...string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, n := range names {
		if !set[n] {
			fmt.Fprintf(fs.Output(), "%s: --%s krävs / is required\n", fs.Name(), n)
			return errUsage
		}
	}
	return nil
}

var cmdUser = subcommands("user", map[string]func(context.Context, env, []string) error{
	"add": userAdd, "list": userList, "disable": userDisable, "enable": userEnable, "reset": userReset,
})

// userAdd creates a user (or gives an existing one a role) with the
// password read from stdin or, on a terminal, a prompt without echo.
func userAdd(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "user add")
	email := fs.String("email", "", "e-postadress / e-mail (required)")
	name := fs.String("name", "", "namn / display name (required for a new user)")
	tenant := fs.String("tenant", "", "kommunens kortnamn / tenant slug")
	role := fs.String("role", "", "roll / role: admin|coordinator|police|reporter|council|superadmin")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		if err := required(fs, "email", "role"); err != nil {
			return err
		}
		superadmin := *role == "superadmin"
		if !superadmin && (*tenant == "" || !app.Role(*role).Valid()) {
			return app.Errorf(app.EINVALID, "--role must be one of admin, coordinator, police, reporter, council (with --tenant) or superadmin")
		}
		users := sqlstore.NewUserService(db)
		var t *app.Tenant
		if !superadmin {
			var err error
			if t, err = sqlstore.NewTenantService(db).FindTenantBySlug(ctx, *tenant); err != nil {
				return err
			}
		}
		u, err := users.FindUserByEmail(ctx, *email)
		if app.ErrorCode(err) == app.ENOTFOUND {
			pw, err := readPassword(e)
			if err != nil {
				return err
			}
			h, err := auth.HashPassword(pw, auth.DefaultParams)
			if err != nil {
				return err
			}
			u = &app.User{Email: *email, Name: *name, PasswordHash: h, Superadmin: superadmin}
			if err := users.CreateUser(ctx, u); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Användare skapad / user created: %s\n", u.Email)
		} else if err != nil {
			return err
		} else if superadmin {
			return app.Errorf(app.ECONFLICT, "the user exists; superadmin is given only when a user is created")
		}
		if !superadmin {
			if err := users.GrantRole(ctx, u.ID, t.ID, app.Role(*role)); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Roll / role %s i %s: %s\n", *role, t.Slug, u.Email)
		}
		return nil
	})
}

// readPassword reads one line from stdin; on a terminal it prompts twice
// without echo.
func readPassword(e env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Lösenord / password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Igen / again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), auth.ValidatePassword(string(a))
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	pw := strings.TrimRight(line, "\r\n")
	return pw, auth.ValidatePassword(pw)
}

func userList(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "user list")
	tenant := fs.String("tenant", "", "bara denna kommun / only this tenant")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		var tid int64
		if *tenant != "" {
			t, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, *tenant)
			if err != nil {
				return err
			}
			tid = t.ID
		}
		us, err := sqlstore.NewUserService(db).FindUsers(ctx, tid)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tNAME\tSTATUS\tROLES")
		for _, u := range us {
			var roles []string
			if u.Superadmin {
				roles = append(roles, "superadmin")
			}
			for _, m := range u.Memberships {
				roles = append(roles, m.TenantSlug+":"+string(m.Role))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Status, strings.Join(roles, ","))
		}
		return tw.Flush()
	})
}

func userDisable(ctx context.Context, e env, args []string) error {
	return setStatus(ctx, e, args, app.UserDisabled)
}
func userEnable(ctx context.Context, e env, args []string) error {
	return setStatus(ctx, e, args, app.UserActive)
}

func setStatus(ctx context.Context, e env, args []string, status string) error {
	fs := newFlagSet(e, "user "+map[string]string{app.UserDisabled: "disable", app.UserActive: "enable"}[status])
	email := fs.String("email", "", "e-postadress / e-mail (required)")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		if err := required(fs, "email"); err != nil {
			return err
		}
		users := sqlstore.NewUserService(db)
		u, err := users.FindUserByEmail(ctx, *email)
		if err != nil {
			return err
		}
		if err := users.SetUserStatus(ctx, 0, u.ID, status); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", u.Email, status)
		return nil
	})
}

// userReset prints a one-time link for choosing a new password: Trygg
// needs no mail server.
func userReset(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "user reset")
	email := fs.String("email", "", "e-postadress / e-mail (required)")
	base := fs.String("base-url", "http://127.0.0.1:8080", "serverns adress / the server's public address")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		if err := required(fs, "email"); err != nil {
			return err
		}
		users := sqlstore.NewUserService(db)
		u, err := users.FindUserByEmail(ctx, *email)
		if err != nil {
			return err
		}
		tok := auth.NewToken()
		if err := users.CreatePasswordReset(ctx, u.ID, auth.HashToken(tok), time.Hour); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Engångslänk, giltig en timme / one-time link, valid for an hour:\n%s/konto/aterstall/%s\n", strings.TrimRight(*base, "/"), tok)
		return nil
	})
}

var cmdTenant = subcommands("tenant", map[string]func(context.Context, env, []string) error{
	"add": tenantAdd, "list": tenantList,
})

func tenantAdd(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "tenant add")
	slug := fs.String("slug", "", "kortnamn / URL name, e.g. flen (required)")
	name := fs.String("name", "", "namn / name, e.g. \"Flens kommun\" (required)")
	code := fs.String("kommun-code", "", "kommunkod / SCB code, e.g. 0482 (required)")
	area := fs.String("police-area", "", "lokalpolisområde / local police area")
	pop := fs.Int("population", 0, "folkmängd / population")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		if err := required(fs, "slug", "name", "kommun-code"); err != nil {
			return err
		}
		t := &app.Tenant{Slug: *slug, Name: *name, KommunCode: *code, PoliceArea: *area, Population: *pop}
		if err := sqlstore.NewTenantService(db).CreateTenant(ctx, t); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Kommun tillagd / tenant added: %s (%s)\n", t.Slug, t.KommunCode)
		return nil
	})
}

func tenantList(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "tenant list")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		ts, err := sqlstore.NewTenantService(db).FindTenants(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SLUG\tCODE\tNAME")
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Slug, t.KommunCode, t.Name)
		}
		return tw.Flush()
	})
}

var cmdToken = subcommands("token", map[string]func(context.Context, env, []string) error{
	"create": tokenCreate, "list": tokenList, "revoke": tokenRevoke,
})

func tenantFlag(fs *flag.FlagSet) *string {
	return fs.String("tenant", "", "kommunens kortnamn / tenant slug (required)")
}

func findTenant(ctx context.Context, db *sqlstore.DB, fs *flag.FlagSet, slug string) (*app.Tenant, error) {
	if err := required(fs, "tenant"); err != nil {
		return nil, err
	}
	return sqlstore.NewTenantService(db).FindTenantBySlug(ctx, slug)
}

func tokenCreate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "token create")
	tenant := tenantFlag(fs)
	role := fs.String("role", "", "roll / role (required)")
	name := fs.String("name", "", "namn / name, e.g. \"GIS-export\" (required)")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		t, err := findTenant(ctx, db, fs, *tenant)
		if err != nil {
			return err
		}
		if err := required(fs, "role", "name"); err != nil {
			return err
		}
		plain := auth.NewAPIToken()
		tok := &app.Token{TenantID: t.ID, Name: *name, Role: app.Role(*role)}
		if err := sqlstore.NewUserService(db).CreateToken(ctx, tok, auth.HashToken(plain)); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "Token %d skapad; den visas bara nu / created; shown only now:\n", tok.ID)
		fmt.Fprintln(e.stdout, plain)
		return nil
	})
}

func tokenList(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "token list")
	tenant := tenantFlag(fs)
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		t, err := findTenant(ctx, db, fs, *tenant)
		if err != nil {
			return err
		}
		toks, err := sqlstore.NewUserService(db).FindTokens(ctx, t.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tCREATED\tSTATUS")
		for _, k := range toks {
			status := "active"
			if k.RevokedAt != nil {
				status = "revoked " + k.RevokedAt.Format(time.DateOnly)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Role, k.CreatedAt.Format(time.DateOnly), status)
		}
		return tw.Flush()
	})
}

func tokenRevoke(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "token revoke")
	tenant := tenantFlag(fs)
	id := fs.Int64("id", 0, "tokenens id / the token's id (required)")
	return withDB(ctx, e, fs, args, func(ctx context.Context, db *sqlstore.DB) error {
		t, err := findTenant(ctx, db, fs, *tenant)
		if err != nil {
			return err
		}
		if err := required(fs, "id"); err != nil {
			return err
		}
		if err := sqlstore.NewUserService(db).RevokeToken(ctx, t.ID, *id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Token %d återkallad / revoked\n", *id)
		return nil
	})
}
