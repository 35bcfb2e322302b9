package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env is the process environment, as a function so tests can supply theirs.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "starta webbservern / start the web server", cmdServe},
		{"migrate", "uppdatera databasens schema / migrate the database", cmdMigrate},
		{"user", "användare: add, list, disable, enable, reset / users", cmdUser},
		{"tenant", "kommuner: add, list / tenants", cmdTenant},
		{"token", "API-nycklar: create, list, revoke / API tokens", cmdToken},
		{"import", "importera / import: districts / import data", cmdImport},
		{"report", "rapporter: followup / reports: the tertial follow-up as HTML or PDF", cmdReport},
		{"districts", "lista områden / list a tenant's districts", cmdDistricts},
		{"gen", "syntetisk nationell datamängd för mätningar / synthetic national data set for benchmarks", cmdGen},
		{"place", "vilket område nämns i en text / which district a text names", cmdPlace},
		{"sun", "solens upp- och nedgång, skymning / sunrise, sunset, twilight", cmdSun},
		{"version", "visa version / print the version", cmdVersion},
	}
}

// errUsage marks an error whose message is a usage text already printed.
var errUsage = errors.New("usage")

// run runs the subcommand named in args and returns the exit code: 0 on
// success, 2 for bad usage, 1 for any other failure. Errors are one line
// on stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(stderr, "trygg %s: %s\n", c.name, oneLine(err.Error()))
			return 1
		}
	}
	fmt.Fprintf(stderr, "trygg: okänt kommando %q / unknown command; se `trygg help`\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Användning / usage: trygg COMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "`trygg COMMAND -h` visar flaggorna / shows the flags.")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func newFlagSet(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("trygg "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses args and rejects stray positional arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: oväntat argument / unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

// dbFlag adds --db, defaulting to TRYGG_DB, then sqlite:trygg.db.
func dbFlag(fs *flag.FlagSet, e env) *string {
	def := e.getenv("TRYGG_DB")
	if def == "" {
		def = "sqlite:trygg.db"
	}
	return fs.String("db", def, "databas / database: sqlite:PATH or postgres://… (env TRYGG_DB)")
}

func cmdVersion(ctx context.Context, e env, args []string) error {
	if err := parse(newFlagSet(e, "version"), args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "trygg", version)
	return nil
}
