// Package sqltest opens real, empty, migrated Trygg databases for tests:
// a SQLite file in a temporary folder always, and a fresh PostgreSQL schema
// when TRYGG_TEST_POSTGRES names a server (e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable).
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/sqlstore"
)

// Engine is one database engine a test runs on.
type Engine struct {
	Name string
	// DSN returns the DSN of a new, empty database (file or schema) that
	// is removed when tb ends.
	DSN func(tb testing.TB) string
}

// Engines returns SQLite, and PostgreSQL when TRYGG_TEST_POSTGRES is set.
func Engines() []Engine {
	es := []Engine{{Name: "sqlite", DSN: SQLiteDSN}}
	if os.Getenv("TRYGG_TEST_POSTGRES") != "" {
		es = append(es, Engine{Name: "postgres", DSN: PostgresDSN})
	}
	return es
}

// Run runs fn as a subtest on every engine, each with a fresh migrated DB.
func Run(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, Open(t, e.DSN(t))) })
	}
}

// Open opens and migrates dsn, closing it when tb ends.
func Open(tb testing.TB, dsn string) *sqlstore.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// SQLiteDSN returns the DSN of a new SQLite file in a temporary folder.
func SQLiteDSN(tb testing.TB) string {
	return "sqlite:" + filepath.Join(tb.TempDir(), "trygg.db")
}

// PostgresDSN creates a fresh schema on the TRYGG_TEST_POSTGRES server and
// returns a DSN whose search_path is that schema; the schema is dropped
// when tb ends.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("TRYGG_TEST_POSTGRES")
	if base == "" {
		tb.Skip("TRYGG_TEST_POSTGRES not set")
	}
	schema := "t_" + strings.ToLower(rand.Text()[:12])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create schema on %s: %v", base, err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return fmt.Sprint(u)
}
