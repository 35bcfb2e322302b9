// Package sqlstore implements Trygg's app services on database/sql, for
// embedded SQLite (modernc.org/sqlite, the default) and PostgreSQL (pgx). SQL
// is hand-written with ? placeholders in the portable subset of both
// dialects; rebind turns ? into $n for PostgreSQL. Migrations are embedded,
// one folder per dialect with the same versions.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/trygg-se/trygg/internal/app"
)

//go:embed migrations
var migrationsFS embed.FS

// Dialect names the database engine behind a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a Trygg database. On SQLite it holds two pools: one writer
// connection, so that writers queue in Go instead of failing with
// SQLITE_BUSY mid-transaction, and several readers, which WAL lets run
// during a write. On PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB

	// facts holds tenants' incident facts for the lägesbild (factcache.go).
	facts factCache

	// Now returns the current time; tests replace it. Every transaction
	// takes one reading so that all rows it writes carry the same time.
	Now func() time.Time
}

// Open connects to the database named by dsn: "sqlite:PATH" or
// "postgres://…" (also "postgresql://…"). It checks that the database
// answers and, for SQLite, that the file is writable.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now, facts: factCache{limit: DefaultFactCacheSize, loads: make(chan struct{}, 1)}}
	db.facts.ctx, db.facts.stop = context.WithCancel(context.Background())
	var err error
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		db.dialect = SQLite
		err = db.openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db.dialect = Postgres
		err = db.openPostgres(ctx, dsn)
	default:
		return nil, fmt.Errorf("database %q: unknown kind (use sqlite:PATH or postgres://HOST/DB)", redact(dsn))
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", redact(dsn), oneLine{err})
	}
	return db, nil
}

// oneLine keeps a driver's multi-line message (pgx lists every address it
// tried) on one line, so that a start-up failure is one line on stderr.
type oneLine struct{ err error }

func (e oneLine) Error() string {
	return strings.Join(strings.Fields(strings.ReplaceAll(e.err.Error(), "\n", "; ")), " ")
}

func (e oneLine) Unwrap() error { return e.err }

func (db *DB) openSQLite(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("no file path after \"sqlite:\"")
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return fmt.Errorf("folder %s: %w", dir, err)
		}
	}
	// _txlock=immediate takes the write lock at BEGIN, so a transaction never
	// fails half-way on a lock upgrade. SQLite does not enforce foreign keys
	// unless asked. busy_timeout makes a second process wait, then fail
	// clearly. Times are written in SQLite's own text format so that they
	// sort and compare as text.
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	u := "file:" + (&url.URL{Path: path}).EscapedPath()
	var err error
	// The writer keeps temporary data, such as the statement journal
	// of a multi-row INSERT, in memory rather than in a file.
	if db.write, err = sql.Open("sqlite", u+"?_pragma=journal_mode(WAL)&_pragma=temp_store(2)&_txlock=immediate&"+pragmas); err != nil {
		return err
	}
	db.write.SetMaxOpenConns(1)
	// Setting WAL writes to the file: a read-only file or folder fails here,
	// at start, rather than at the first user's change.
	if err := db.write.PingContext(ctx); err != nil {
		return sqliteErr(err)
	}
	if _, err := db.write.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS trygg_probe (x INTEGER); DROP TABLE trygg_probe"); err != nil {
		return sqliteErr(err)
	}
	if db.read, err = sql.Open("sqlite", u+"?_pragma=query_only(1)&"+pragmas); err != nil {
		return err
	}
	db.read.SetMaxOpenConns(4)
	// Kept open: each connection has its own page cache, and a new one
	// starts cold.
	db.read.SetMaxIdleConns(4)
	return nil
}

// sqliteErr makes the driver's terse errors readable on one line.
func sqliteErr(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "readonly"), strings.Contains(msg, "read-only"):
		return fmt.Errorf("the file is read-only: %w", err)
	case strings.Contains(msg, "locked"), strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("the file is locked by another process: %w", err)
	case strings.Contains(msg, "not a database"), strings.Contains(msg, "SQLITE_NOTADB"):
		return fmt.Errorf("the file is not an SQLite database: %w", err)
	}
	return err
}

func (db *DB) openPostgres(ctx context.Context, dsn string) error {
	var err error
	if db.write, err = sql.Open("pgx", dsn); err != nil {
		return err
	}
	db.read = db.write
	db.write.SetMaxOpenConns(10)
	// Kept open: a new connection costs a round of authentication and
	// starts with no prepared statements.
	db.write.SetMaxIdleConns(4)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return db.write.PingContext(ctx)
}

// redact hides a password in a postgres URL before it reaches a message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Dialect returns the engine behind db.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes both pools. SQLite checkpoints its WAL on the last close.
func (db *DB) Close() error {
	db.facts.close()
	var errs []error
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Ping reports whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies every embedded migration not yet applied.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationStatus returns the applied and the latest embedded version.
func (db *DB) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := db.migrator()
	if err != nil {
		return 0, 0, err
	}
	if current, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, fmt.Errorf("migration status: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

func (db *DB) migrator() (*goose.Provider, error) {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if db.dialect == Postgres {
		dir, gd = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrationsFS, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(gd, db.write, sub)
}

// Tx is a transaction that carries the time it started, so that every row
// it stamps agrees.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
}

// beginTx starts a write transaction.
func (db *DB) beginTx(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: db.Now().UTC().Truncate(time.Microsecond)}, nil
}

// exec and queryRow rebind ? placeholders for the dialect.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.QueryRowContext(ctx, tx.db.rebind(q), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, mapErr(err)
}

// query and queryRow on the reader pool, outside a transaction.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(q), args...)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(q), args...)
}

// mapErr turns driver errors with a domain meaning into *app.Error.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return app.Errorf(app.ENOTFOUND, "Hittades inte.")
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") {
		return app.Errorf(app.ECONFLICT, "Finns redan.")
	}
	return err
}
