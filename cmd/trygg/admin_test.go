package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs trygg with stdin and returns exit code, stdout, stderr.
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUserTenantTokenCommands(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "cli.db")
	steps := []struct {
		stdin string
		args  []string
		code  int
		out   string // in stdout (code 0) or stderr
	}{
		{"", []string{"tenant", "add", "--db", db, "--slug", "flen", "--name", "Flens kommun", "--kommun-code", "0482"}, 0, "flen"},
		{"", []string{"tenant", "add", "--db", db, "--slug", "flen", "--name", "X", "--kommun-code", "0480"}, 1, "redan"},
		{"", []string{"tenant", "add", "--db", db, "--slug", "Bad Slug", "--name", "X", "--kommun-code", "0480"}, 1, "Kortnamnet"},
		{"", []string{"tenant", "add", "--db", db, "--name", "X"}, 2, "--slug"},
		{"", []string{"tenant", "list", "--db", db}, 0, "0482"},
		{"a long enough password\n", []string{"user", "add", "--db", db, "--email", "Anna@Flen.se", "--name", "Anna", "--tenant", "flen", "--role", "admin"}, 0, "anna@flen.se"},
		{"short\n", []string{"user", "add", "--db", db, "--email", "b@flen.se", "--name", "B", "--tenant", "flen", "--role", "admin"}, 1, "at least 10"},
		{"", []string{"user", "add", "--db", db, "--email", "c@flen.se", "--name", "C", "--tenant", "flen", "--role", "admin"}, 1, "no password"},
		{"", []string{"user", "add", "--db", db, "--email", "anna@flen.se", "--tenant", "flen", "--role", "king"}, 1, "--role"},
		{"", []string{"user", "add", "--db", db, "--email", "anna@flen.se", "--tenant", "nowhere", "--role", "council"}, 1, "finns inte"},
		{"", []string{"user", "add", "--db", db, "--email", "anna@flen.se", "--tenant", "flen", "--role", "council"}, 0, "council"},
		{"", []string{"user", "list", "--db", db, "--tenant", "flen"}, 0, "flen:admin,flen:council"},
		{"", []string{"user", "reset", "--db", db, "--email", "anna@flen.se"}, 0, "/konto/aterstall/"},
		{"", []string{"user", "disable", "--db", db, "--email", "anna@flen.se"}, 0, "disabled"},
		{"", []string{"user", "list", "--db", db}, 0, "disabled"},
		{"", []string{"user", "disable", "--db", db, "--email", "nobody@flen.se"}, 1, "finns inte"},
		{"", []string{"user", "fly"}, 2, "usage"},
		{"", []string{"token", "create", "--db", db, "--tenant", "flen", "--role", "council", "--name", "GIS"}, 0, "tr_"},
		{"", []string{"token", "create", "--db", db, "--tenant", "flen", "--role", "king", "--name", "GIS"}, 1, "roll"},
		{"", []string{"token", "list", "--db", db, "--tenant", "flen"}, 0, "GIS"},
		{"", []string{"token", "revoke", "--db", db, "--tenant", "flen", "--id", "1"}, 0, "1"},
		{"", []string{"token", "revoke", "--db", db, "--tenant", "flen", "--id", "1"}, 1, "No such token"},
		{"", []string{"token", "list", "--db", db, "--tenant", "flen"}, 0, "revoked"},
	}
	for _, s := range steps {
		code, out, errOut := runIn(t, s.stdin, s.args...)
		where := out
		if s.code != 0 {
			where = errOut
		}
		if code != s.code || !strings.Contains(where, s.out) {
			t.Errorf("trygg %s: exit %d\nstdout %q\nstderr %q\nwant exit %d with %q", strings.Join(s.args, " "), code, out, errOut, s.code, s.out)
		}
	}
}
