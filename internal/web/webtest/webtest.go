// Package webtest runs the real Trygg web server for tests: a real SQLite
// database with the Katrineholm demo, served over real HTTP on loopback.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
	"github.com/trygg-se/trygg/internal/web"
	"github.com/trygg-se/trygg/internal/wiring"
)

// Params make argon2id cheap in tests; the parameters are stored in each
// hash, so verification is exercised the same way.
var Params = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Hash hashes pw with Params.
func Hash(pw string) (string, error) { return auth.HashPassword(pw, Params) }

// Env is a running server.
type Env struct {
	URL    string
	DB     *sqlstore.DB
	Server *web.Server
	Demo   *app.Demo
}

// New starts a server over a fresh SQLite file holding the demo; it stops
// when tb ends.
func New(tb testing.TB) *Env {
	tb.Helper()
	db := sqltest.Open(tb, sqltest.SQLiteDSN(tb))
	d, err := demo.Katrineholm()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.LoadDemo(context.Background(), d, Hash); err != nil {
		tb.Fatal(err)
	}
	s, err := web.New(wiring.Services(db), slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{PasswordParams: Params})
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return &Env{URL: ts.URL, DB: db, Server: s, Demo: d}
}
