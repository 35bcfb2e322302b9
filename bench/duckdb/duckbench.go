// Package duckbench asks one kommun's tertial lägesbild (accepted incidents
// by district × focus area × darkness) of DuckDB, over the same rows as
// Trygg's own path, for the comparison in bench_test.go. It is a separate
// module so that DuckDB's cgo library never reaches the trygg binary.
package duckbench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/trygg-se/trygg/internal/situation"
)

// Row is one incident as DuckDB holds it: the columns a lägesbild needs.
type Row struct {
	ID, TenantID                  int64
	District, FocusArea, Darkness string // District "" is kommun-wide
	DarkFraction                  float64
	From, To                      time.Time
	Source, Category              string
}

const schema = `CREATE TABLE incidents (
	id            BIGINT NOT NULL,
	tenant_id     BIGINT NOT NULL,
	district      VARCHAR NOT NULL,
	focus_area    VARCHAR NOT NULL,
	darkness      VARCHAR NOT NULL,
	dark_fraction DOUBLE NOT NULL,
	occurred_from TIMESTAMPTZ NOT NULL,
	occurred_to   TIMESTAMPTZ NOT NULL,
	source        VARCHAR NOT NULL,
	category      VARCHAR NOT NULL)`

// SituationSQL is the lägesbild as one GROUP BY, with the weighting of
// situation.Aggregate: an incident counts when to ≥ from; an instant
// (from = to) whose darkness is dark, twilight or light weighs 1 there;
// anything else (a window, or an instant without a class) weighs its dark
// fraction f in "dark" (clamped to 1; NaN and f ≤ 0 are 0) and 1 − f in
// "twilight_or_light". Each incident gives two (class, weight) pairs, and
// a cell holds the positive weights: its n counts those incidents. DuckDB
// orders NaN above every number, hence the isnan.
const SituationSQL = `SELECT district, focus_area, class, sum(w) AS count, count(*) AS n
FROM (
	SELECT id, district, focus_area, unnest(['dark', other]) AS class, unnest([d, 1 - d]) AS w
	FROM (
		SELECT id, district, focus_area,
			CASE WHEN occurred_from = occurred_to AND darkness IN ('twilight', 'light') THEN darkness
				ELSE 'twilight_or_light' END AS other,
			CASE WHEN occurred_from = occurred_to AND darkness = 'dark' THEN 1
				WHEN occurred_from = occurred_to AND darkness IN ('twilight', 'light') THEN 0
				WHEN dark_fraction > 0 AND NOT isnan(dark_fraction) THEN least(dark_fraction, 1)
				ELSE 0 END AS d
		FROM incidents
		WHERE tenant_id = $1 AND occurred_from >= $2 AND occurred_from < $3
			AND occurred_to >= occurred_from AND occurred_to < TIMESTAMPTZ '10000-01-01 00:00:00+00'))
WHERE w > 0
GROUP BY district, focus_area, class
ORDER BY district, focus_area, class`

// SituationIDsSQL is SituationSQL that also lists each cell's incidents,
// as Trygg's answer does (every figure can be traced to its rows): the
// same work on both sides.
var SituationIDsSQL = strings.Replace(SituationSQL, "count(*) AS n", "count(*) AS n, list(id ORDER BY id) AS ids", 1)

// Cell is one row of the answer.
type Cell struct {
	District, FocusArea, Darkness string
	Count                         float64
	N                             int
	IDs                           []int64 // with SituationIDsSQL
}

// Store is an in-memory DuckDB database with the incidents table.
type Store struct {
	connector *duckdb.Connector
	db        *sql.DB
	stmt, ids *sql.Stmt
}

// Open makes an empty in-memory DuckDB database with the table.
func Open(ctx context.Context) (*Store, error) {
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, err
	}
	s := &Store{connector: c, db: sql.OpenDB(c)}
	if _, err := s.db.ExecContext(ctx, schema); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.stmt != nil {
		s.stmt.Close()
	}
	return errors.Join(s.db.Close(), s.connector.Close())
}

// Append adds rows with DuckDB's Appender, in the order given.
func (s *Store) Append(ctx context.Context, rows func(yield func(Row) bool) error) (n int, err error) {
	conn, err := s.connector.Connect(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	a, err := duckdb.NewAppenderFromConn(conn, "", "incidents")
	if err != nil {
		return 0, err
	}
	var appendErr error
	err = rows(func(r Row) bool {
		appendErr = a.AppendRow(r.ID, r.TenantID, r.District, r.FocusArea, r.Darkness, r.DarkFraction,
			r.From, r.To, r.Source, r.Category)
		n++
		return appendErr == nil
	})
	return n, errors.Join(err, appendErr, a.Close())
}

// Prepare prepares SituationSQL; call it after loading.
func (s *Store) Prepare(ctx context.Context) error {
	var err error
	if s.stmt, err = s.db.PrepareContext(ctx, SituationSQL); err != nil {
		return err
	}
	s.ids, err = s.db.PrepareContext(ctx, SituationIDsSQL)
	return err
}

// Situation answers the lägesbild for tenantID and occurred_from in
// [from, to), ordered by district, focus area and darkness.
// With ids, each cell lists its incidents too.
func (s *Store) Situation(ctx context.Context, tenantID int64, from, to time.Time, ids bool) ([]Cell, error) {
	stmt := s.stmt
	if ids {
		stmt = s.ids
	}
	rows, err := stmt.QueryContext(ctx, tenantID, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cell
	var list []any
	for rows.Next() {
		var c Cell
		dest := []any{&c.District, &c.FocusArea, &c.Darkness, &c.Count, &c.N}
		if ids {
			dest = append(dest, &list)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for _, v := range list {
			id, ok := v.(int64)
			if !ok {
				return nil, fmt.Errorf("id %v is a %T", v, v)
			}
			c.IDs = append(c.IDs, id)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ReadTrygg reads every accepted incident's columns from the Trygg
// database at dsn ("sqlite:PATH" or "postgres://…"), ordered by tenant and
// time, so that DuckDB's per-row-group min/max lets a tenant's tertial
// skip the rest of the table (DuckDB's ART index serves point lookups, not
// ranges). It opens its own read-only connection.
func ReadTrygg(ctx context.Context, dsn string) func(yield func(Row) bool) error {
	return func(yield func(Row) bool) error {
		var db *sql.DB
		var err error
		switch {
		case strings.HasPrefix(dsn, "sqlite:"):
			// As sqlstore opens it: times are in SQLite's text format.
			u := "file:" + (&url.URL{Path: strings.TrimPrefix(dsn, "sqlite:")}).EscapedPath()
			db, err = sql.Open("sqlite", u+"?_pragma=query_only(1)&_pragma=busy_timeout(5000)&_time_format=sqlite")
		case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
			db, err = sql.Open("pgx", dsn)
		default:
			return fmt.Errorf("database: unknown kind (use sqlite:PATH or postgres://HOST/DB)")
		}
		if err != nil {
			return err
		}
		defer db.Close()
		rows, err := db.QueryContext(ctx, `SELECT i.id, i.tenant_id, COALESCE(d.key, ''), i.focus_area, i.darkness,
			i.dark_fraction, i.occurred_from, i.occurred_to, i.source, i.category
			FROM incidents i LEFT JOIN districts d ON d.id = i.district_id
			WHERE i.review_state = 'accepted' ORDER BY i.tenant_id, i.occurred_from, i.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Row
			if err := rows.Scan(&r.ID, &r.TenantID, &r.District, &r.FocusArea, &r.Darkness, &r.DarkFraction,
				&r.From, &r.To, &r.Source, &r.Category); err != nil {
				return err
			}
			r.From, r.To = r.From.UTC(), r.To.UTC()
			if !yield(r) {
				return nil
			}
		}
		return rows.Err()
	}
}

// Compare reports the first difference between Trygg's result and DuckDB's
// cells: the same keys in the same order, n equal and count within 1e-9
// (relative to the count when it is above 1, since the two sum in
// different orders).
func Compare(want situation.Result, got []Cell) error {
	if len(want.GroupBy) != 3 || want.GroupBy[0] != situation.ByDistrict || want.GroupBy[1] != situation.ByFocusArea ||
		want.GroupBy[2] != situation.ByDarkness {
		return fmt.Errorf("want grouped by district, focus area, darkness, not %v", want.GroupBy)
	}
	for i := range max(len(want.Cells), len(got)) {
		if i >= len(want.Cells) {
			return fmt.Errorf("cell %d: DuckDB has %+v, Trygg has no more (%d cells)", i, got[i], len(want.Cells))
		}
		w := want.Cells[i]
		if i >= len(got) {
			return fmt.Errorf("cell %d: Trygg has %v count %g n %d, DuckDB has no more (%d cells)", i, w.Key, w.Count, w.N, len(got))
		}
		g := got[i]
		if !slices.Equal(w.Key, []string{g.District, g.FocusArea, g.Darkness}) || g.N != w.N ||
			(g.IDs != nil && !slices.Equal(g.IDs, w.IDs)) ||
			math.Abs(g.Count-w.Count) > 1e-9*max(1, math.Abs(w.Count)) {
			return fmt.Errorf("cell %d: Trygg has %v count %.12g n %d, DuckDB has %+v", i, w.Key, w.Count, w.N, g)
		}
	}
	return nil
}

// Total is the number of incidents behind cells: their counts sum to it.
func Total(cells []Cell) int {
	var sum float64
	for _, c := range cells {
		sum += c.Count
	}
	return int(math.Round(sum))
}
