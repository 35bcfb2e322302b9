package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"sync"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// IncidentService implements app.IncidentService.
type IncidentService struct{ db *DB }

// NewIncidentService returns an IncidentService on db.
func NewIncidentService(db *DB) *IncidentService { return &IncidentService{db: db} }

var _ app.IncidentService = (*IncidentService)(nil)

// contentHash is what makes a re-import a no-op: two rows with the same
// external id and hash are the same incident.
func contentHash(i *app.Incident) string {
	b, _ := json.Marshal([]any{i.Category, i.FocusArea, i.OccurredFrom.UTC(), i.OccurredTo.UTC(), i.PublishedAt, i.Lat, i.Lon,
		i.DistrictID, i.Place, i.Text, i.Darkness, i.DarkFraction, i.SourceRef, i.ParentExternalID, i.Synthetic})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// UpsertIncidents stores a stream of imported incidents in one transaction.
func (s *IncidentService) UpsertIncidents(ctx context.Context, tenantID int64, incs iter.Seq2[*app.Incident, error]) (app.ImportResult, error) {
	var res app.ImportResult
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var err error
		res, err = upsertIncidents(ctx, tx, tenantID, incs)
		if err != nil || res.Added+res.Updated == 0 {
			return err
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "incidents.import", Entity: "incident"}, nil, res)
	})
	if err != nil {
		return app.ImportResult{}, err
	}
	return res, nil
}

// upsertBatch is how many incidents are looked up and inserted per
// statement: per-statement overhead, not the rows, dominated imports when
// done one by one (15k rows/s on SQLite).
const upsertBatch = 200

const incidentInsertColumns = `INSERT INTO incidents (tenant_id, source, external_id, parent_id, category, focus_area,
	occurred_from, occurred_to, published_at, lat, lon, district_id, place, text, review_state, synthetic, created_at,
	darkness, dark_fraction, source_ref, unsafety, reporter_id, content_hash, updated_at) VALUES `

const incidentInsertRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

// upsertIncidents is UpsertIncidents inside tx. An incident with only a
// DistrictKey gets the id of the tenant's district with that key.
func upsertIncidents(ctx context.Context, tx *Tx, tenantID int64, incs iter.Seq2[*app.Incident, error]) (app.ImportResult, error) {
	u := &upserter{tx: tx, tenantID: tenantID, districts: map[string]int64{}}
	rows, err := tx.QueryContext(ctx, tx.db.rebind("SELECT key, id FROM districts WHERE tenant_id = ?"), tenantID)
	if err != nil {
		return u.res, fmt.Errorf("sqlstore: districts: %w", err)
	}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			rows.Close()
			return u.res, err
		}
		u.districts[k] = id
	}
	rows.Close()
	if u.upd, err = tx.prepare(ctx, `UPDATE incidents SET parent_id = ?, category = ?, focus_area = ?, occurred_from = ?, occurred_to = ?,
		published_at = ?, lat = ?, lon = ?, district_id = ?, place = ?, text = ?, darkness = ?, dark_fraction = ?, source_ref = ?,
		content_hash = ?, updated_at = ? WHERE id = ? AND tenant_id = ?`); err != nil {
		return u.res, err
	}
	defer u.upd.Close()
	defer u.closeBatchStmts()
	if tx.db.dialect == Postgres {
		// The lookup statement is prepared once per import; PostgreSQL's
		// generic plan for it is fixed while the table is still small
		// (and unanalysed inside this transaction) and became a
		// sequential scan: 70 ms a batch at 100,000 rows. A custom plan
		// per execution sees the table as it grows.
		if _, err := tx.ExecContext(ctx, "SET LOCAL plan_cache_mode = force_custom_plan"); err != nil {
			return u.res, err
		}
	}
	if tx.db.dialect == SQLite {
		// A million-row import walks indexes far bigger than SQLite's
		// default 2 MB page cache; with it, a third of the time went to
		// re-reading pages. The cache is bounded, so memory stays flat.
		if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -65536"); err != nil {
			return u.res, err
		}
		defer tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
	}
	for h, err := range readAhead(incs, u.check) {
		if err != nil {
			return u.res, err
		}
		if err := u.add(ctx, h.inc, h.hash); err != nil {
			return u.res, err
		}
	}
	if err := u.flush(ctx); err != nil {
		return u.res, err
	}
	if u.res.Added+u.res.Updated > 0 {
		return u.res, bumpIncidents(ctx, tx, tenantID)
	}
	return u.res, nil
}

// hashed is an incident checked and hashed, ready to be written.
type hashed struct {
	inc  *app.Incident
	hash string
}

// readAhead runs incs and check in a goroutine, a few batches ahead of the
// caller, so that parsing, enrichment and hashing use the second core
// while SQLite writes on the first. Stopping early stops the goroutine; a
// panic in it becomes an error, so the transaction rolls back.
func readAhead(incs iter.Seq2[*app.Incident, error], check func(*app.Incident) (string, error)) iter.Seq2[hashed, error] {
	type item struct {
		h   hashed
		err error
	}
	const chunkSize = 256
	return func(yield func(hashed, error) bool) {
		ch := make(chan []item, 4)
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(ch)
			chunk := make([]item, 0, chunkSize)
			send := func() bool {
				select {
				case ch <- chunk:
					chunk = make([]item, 0, chunkSize)
					return true
				case <-done:
					return false
				}
			}
			defer func() {
				if p := recover(); p != nil {
					chunk = append(chunk, item{err: fmt.Errorf("sqlstore: reading incidents: %v", p)})
					send()
				}
			}()
			for inc, err := range incs {
				it := item{err: err}
				if err == nil {
					it.h.inc = inc
					it.h.hash, it.err = check(inc)
				}
				chunk = append(chunk, it)
				if it.err != nil {
					send()
					return
				}
				if len(chunk) == chunkSize && !send() {
					return
				}
			}
			if len(chunk) > 0 {
				send()
			}
		})
		defer wg.Wait()
		defer close(done)
		for chunk := range ch {
			for _, it := range chunk {
				if !yield(it.h, it.err) {
					return
				}
			}
		}
	}
}

// upserter collects incidents of one source into batches.
type upserter struct {
	tx        *Tx
	tenantID  int64
	districts map[string]int64
	upd       *sql.Stmt
	find, ins *sql.Stmt // for full batches, prepared once: parsing a 200-row INSERT each time cost a tenth of an import
	source    string
	batch     []*app.Incident
	hashes    map[string]string // external id → hash, for the batch
	res       app.ImportResult
}

// check completes and validates inc and returns its content hash. It
// touches nothing but inc, so it can run ahead of the writer.
func (u *upserter) check(inc *app.Incident) (string, error) {
	inc.TenantID = u.tenantID
	if inc.ReviewState == "" {
		inc.ReviewState = app.ReviewAccepted
	}
	if inc.DistrictID == nil && inc.DistrictKey != "" {
		id, ok := u.districts[inc.DistrictKey]
		if !ok {
			return "", app.Errorf(app.EINVALID, "%s: unknown district %q", inc.SourceRef, inc.DistrictKey)
		}
		inc.DistrictID = &id
	}
	if err := inc.Validate(); err != nil {
		return "", fmt.Errorf("%s: %w", inc.SourceRef, err)
	}
	if inc.ExternalID == "" {
		return "", app.Errorf(app.EINVALID, "%s: an imported incident needs an external id", inc.SourceRef)
	}
	return contentHash(inc), nil
}

// add puts inc in the batch, writing the batch first when it must.
func (u *upserter) add(ctx context.Context, inc *app.Incident, hash string) error {
	// A child needs its parent's row, and a repeated id its first row:
	// both are stored before going on.
	if old, dup := u.hashes[inc.ExternalID]; inc.Source != u.source || inc.ParentExternalID != "" || (dup && old != hash) {
		if err := u.flush(ctx); err != nil {
			return err
		}
		u.source = inc.Source
	} else if dup {
		u.res.Unchanged++
		return nil
	}
	if inc.ParentExternalID != "" {
		var pid int64
		err := u.tx.queryRow(ctx, "SELECT id FROM incidents WHERE tenant_id = ? AND source = ? AND external_id = ? AND external_id <> ''",
			u.tenantID, inc.Source, inc.ParentExternalID).Scan(&pid)
		if err != nil {
			return fmt.Errorf("%s: parent %s: %w", inc.SourceRef, inc.ParentExternalID, mapErr(err))
		}
		inc.ParentID = &pid
	}
	if u.hashes == nil {
		u.hashes = map[string]string{}
	}
	u.hashes[inc.ExternalID] = hash
	u.batch = append(u.batch, inc)
	if len(u.batch) >= upsertBatch {
		return u.flush(ctx)
	}
	return nil
}

// flush looks the batch up with one query, inserts the new ones with one
// statement and updates the changed ones.
func (u *upserter) flush(ctx context.Context) error {
	if len(u.batch) == 0 {
		return nil
	}
	defer func() { u.batch, u.hashes = u.batch[:0], nil }()
	args := []any{u.tenantID, u.source}
	for _, inc := range u.batch {
		args = append(args, inc.ExternalID)
	}
	q := findIncidentsQuery(len(u.batch))
	find, err := u.prepared(ctx, &u.find, q, len(u.batch))
	if err != nil {
		return err
	}
	var rows *sql.Rows
	if find != nil {
		rows, err = find.QueryContext(ctx, args...)
	} else {
		rows, err = u.tx.query(ctx, q, args...)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: find incidents: %w", err)
	}
	type stored struct {
		id   int64
		hash string
	}
	existing := map[string]stored{}
	for rows.Next() {
		var ext string
		var s stored
		if err := rows.Scan(&ext, &s.id, &s.hash); err != nil {
			rows.Close()
			return err
		}
		existing[ext] = s
	}
	rows.Close()
	tx := u.tx
	var ins []any
	for _, inc := range u.batch {
		hash := u.hashes[inc.ExternalID]
		old, found := existing[inc.ExternalID]
		switch {
		case !found:
			ins = append(ins, u.tenantID, inc.Source, inc.ExternalID, inc.ParentID, inc.Category, inc.FocusArea,
				inc.OccurredFrom.UTC(), inc.OccurredTo.UTC(), inc.PublishedAt, inc.Lat, inc.Lon, inc.DistrictID, inc.Place, inc.Text,
				inc.ReviewState, inc.Synthetic, tx.now, inc.Darkness, inc.DarkFraction, inc.SourceRef, inc.Unsafety, inc.ReporterID,
				hash, tx.now)
			u.res.Added++
		case old.hash == hash:
			u.res.Unchanged++
		default:
			// An updated police notice updates its incident; its review
			// state stays as the reviewer left it.
			if _, err := u.upd.ExecContext(ctx, inc.ParentID, inc.Category, inc.FocusArea, inc.OccurredFrom.UTC(), inc.OccurredTo.UTC(),
				inc.PublishedAt, inc.Lat, inc.Lon, inc.DistrictID, inc.Place, inc.Text, inc.Darkness, inc.DarkFraction,
				inc.SourceRef, hash, tx.now, old.id, u.tenantID); err != nil {
				return fmt.Errorf("%s: %w", inc.SourceRef, mapErr(err))
			}
			u.res.Updated++
		}
	}
	if n := len(ins) / 24; n > 0 {
		q := incidentInsertColumns + incidentInsertRow + strings.Repeat(", "+incidentInsertRow, n-1)
		st, err := u.prepared(ctx, &u.ins, q, n)
		if err != nil {
			return err
		}
		if st != nil {
			_, err = st.ExecContext(ctx, ins...)
		} else {
			_, err = tx.exec(ctx, q, ins...)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: insert incidents (%s …): %w", u.batch[0].SourceRef, mapErr(err))
		}
	}
	return nil
}

func findIncidentsQuery(n int) string {
	return "SELECT external_id, id, content_hash FROM incidents WHERE tenant_id = ? AND source = ? AND external_id <> '' AND external_id IN (?" +
		strings.Repeat(", ?", n-1) + ")"
}

// prepared returns the statement kept in *keep for a full batch of q,
// preparing it on first use; nil for a partial batch, which runs once.
func (u *upserter) prepared(ctx context.Context, keep **sql.Stmt, q string, n int) (*sql.Stmt, error) {
	if n != upsertBatch {
		return nil, nil
	}
	if *keep != nil {
		return *keep, nil
	}
	st, err := u.tx.prepare(ctx, q)
	*keep = st
	return st, err
}

func (u *upserter) closeBatchStmts() {
	for _, st := range []*sql.Stmt{u.find, u.ins} {
		if st != nil {
			st.Close()
		}
	}
}

// CreateIncident stores one report, pending review unless told otherwise.
func (s *IncidentService) CreateIncident(ctx context.Context, inc *app.Incident) error {
	if inc.ReviewState == "" {
		inc.ReviewState = app.ReviewPending
	}
	if err := inc.Validate(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		inc.CreatedAt = tx.now
		var token any
		if inc.StatusTokenHash != "" {
			token = inc.StatusTokenHash
		}
		id, err := tx.insert(ctx, `INSERT INTO incidents (tenant_id, source, external_id, category, focus_area, occurred_from,
			occurred_to, lat, lon, district_id, place, text, review_state, synthetic, created_at, darkness, dark_fraction,
			source_ref, unsafety, reporter_id, content_hash, updated_at, status_token_hash, contact_email)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			inc.TenantID, inc.Source, inc.ExternalID, inc.Category, inc.FocusArea, inc.OccurredFrom.UTC(), inc.OccurredTo.UTC(),
			inc.Lat, inc.Lon, inc.DistrictID, inc.Place, inc.Text, inc.ReviewState, inc.Synthetic, tx.now, inc.Darkness,
			inc.DarkFraction, inc.SourceRef, inc.Unsafety, inc.ReporterID, contentHash(inc), tx.now, token, inc.ContactEmail)
		if err != nil {
			return fmt.Errorf("sqlstore: create incident: %w", err)
		}
		inc.ID = id
		if inc.SourceRef == "" {
			inc.SourceRef = fmt.Sprintf("report %d", id)
			if _, err := tx.exec(ctx, "UPDATE incidents SET source_ref = ? WHERE id = ?", inc.SourceRef, id); err != nil {
				return err
			}
		}
		if err := bumpIncidents(ctx, tx, inc.TenantID); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &inc.TenantID, Action: "incident.create", Entity: "incident",
			EntityID: fmt.Sprint(id)}, nil, inc)
	})
}

const incidentSelect = `SELECT i.id, i.tenant_id, i.source, i.external_id, i.parent_id, i.category, i.focus_area, i.occurred_from,
	i.occurred_to, i.published_at, i.lat, i.lon, i.district_id, COALESCE(d.key, ''), i.place, i.text, i.review_state, i.synthetic,
	i.created_at, i.darkness, i.dark_fraction, i.source_ref, i.unsafety, i.reporter_id, i.review_note, i.merged_into
	FROM incidents i LEFT JOIN districts d ON d.id = i.district_id`

func scanIncident(s interface{ Scan(...any) error }, extra ...any) (*app.Incident, error) {
	var i app.Incident
	var parent, district, reporter, merged sql.NullInt64
	var lat, lon sql.NullFloat64
	var published sql.NullTime
	var unsafety sql.NullInt64
	dest := []any{&i.ID, &i.TenantID, &i.Source, &i.ExternalID, &parent, &i.Category, &i.FocusArea, &i.OccurredFrom,
		&i.OccurredTo, &published, &lat, &lon, &district, &i.DistrictKey, &i.Place, &i.Text, &i.ReviewState, &i.Synthetic,
		&i.CreatedAt, &i.Darkness, &i.DarkFraction, &i.SourceRef, &unsafety, &reporter, &i.ReviewNote, &merged}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	i.ParentID, i.DistrictID, i.ReporterID, i.MergedInto = nullInt(parent), nullInt(district), nullInt(reporter), nullInt(merged)
	if lat.Valid && lon.Valid {
		i.Lat, i.Lon = &lat.Float64, &lon.Float64
	}
	if published.Valid {
		t := published.Time.UTC()
		i.PublishedAt = &t
	}
	if unsafety.Valid {
		u := int(unsafety.Int64)
		i.Unsafety = &u
	}
	i.OccurredFrom, i.OccurredTo, i.CreatedAt = i.OccurredFrom.UTC(), i.OccurredTo.UTC(), i.CreatedAt.UTC()
	return &i, nil
}

func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

// incidentWhere is the WHERE clause for f over incidents i, with its
// arguments. It needs no join, so that a query can stay in one index.
func incidentWhere(tenantID int64, f app.IncidentFilter) (string, []any) {
	where := []string{"i.tenant_id = ?"}
	args := []any{tenantID}
	add := func(cond string, v ...any) {
		where = append(where, cond)
		args = append(args, v...)
	}
	if !f.From.IsZero() {
		add("i.occurred_from >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("i.occurred_from < ?", f.To.UTC())
	}
	if f.Source != "" {
		add("i.source = ?", f.Source)
	}
	switch f.District {
	case "":
	case "-":
		add("i.district_id IS NULL")
	default:
		add("i.district_id = (SELECT d2.id FROM districts d2 WHERE d2.tenant_id = ? AND d2.key = ?)", tenantID, f.District)
	}
	if f.FocusArea != "" {
		add("i.focus_area = ?", f.FocusArea)
	}
	if f.Category != "" {
		add("i.category = ?", f.Category)
	}
	switch f.Darkness {
	case "":
	case "window":
		add("i.darkness = ''")
	default:
		add("i.darkness = ?", f.Darkness)
	}
	switch f.ReviewState {
	case "":
	case app.ReviewPending:
		// A literal, so that the planner can use the partial index.
		add("i.review_state = 'pending'")
	default:
		add("i.review_state = ?", f.ReviewState)
	}
	if f.ReporterID != nil {
		add("i.reporter_id = ?", *f.ReporterID)
	}
	return strings.Join(where, " AND "), args
}

// FindIncidentFacts answers from the tenant's facts in memory while they
// are current (factcache.go), and otherwise reads only the columns figures
// need, unordered and without a total: at national scale, the full rows,
// the sort and the window count made one kommun's tertial take 60 ms at
// the median and 400 at the 95th percentile. On PostgreSQL the
// incidents_situation index holds them all (unless points are wanted), so
// the rows are not read.
func (s *IncidentService) FindIncidentFacts(ctx context.Context, tenantID int64, f app.IncidentFilter, points bool) ([]app.IncidentFact, error) {
	facts, ok, load, err := s.cachedFacts(ctx, tenantID, f, points)
	if ok || err != nil {
		return facts, err
	}
	if load != nil {
		defer load()
	}
	keys, err := s.districtKeys(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	// On SQLite a long period is read as two halves at once, one per core:
	// the time goes to the driver reading and decoding rows in this
	// process (measured on the national set: p50 16 → 12 ms, p95 43 → 34).
	// PostgreSQL does that work in its own processes, and halves were no
	// faster there.
	if s.db.dialect == SQLite && !f.From.IsZero() && f.To.Sub(f.From) >= 60*24*time.Hour {
		out, err := s.readHalves(ctx, tenantID, f, f.From.Add(f.To.Sub(f.From)/2), points, keys)
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
		return out, err
	}
	return s.readFacts(ctx, tenantID, f, points, keys)
}

// readAllFacts reads every fact of the tenant, points and all review
// states included, for the cache; on SQLite in two halves at once.
func (s *IncidentService) readAllFacts(ctx context.Context, tenantID int64) ([]app.IncidentFact, error) {
	keys, err := s.districtKeys(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if s.db.dialect == SQLite {
		// Split at the middle of the tenant's times; the halves have no
		// outer bounds, so that together they are every row whatever the
		// middle is.
		var first, last sql.NullString
		if err := s.db.queryRow(ctx, `SELECT CAST(MIN(occurred_from) AS TEXT), CAST(MAX(occurred_from) AS TEXT)
			FROM incidents WHERE tenant_id = ?`, tenantID).Scan(&first, &last); err != nil {
			return nil, fmt.Errorf("sqlstore: incident facts: %w", err)
		}
		from, err1 := parseSQLiteTime([]byte(first.String))
		to, err2 := parseSQLiteTime([]byte(last.String))
		if err1 == nil && err2 == nil && to.Sub(from) >= 60*24*time.Hour {
			return s.readHalves(ctx, tenantID, app.IncidentFilter{}, from.Add(to.Sub(from)/2), true, keys)
		}
	}
	return s.readFacts(ctx, tenantID, app.IncidentFilter{}, true, keys)
}

// readHalves reads f's facts before mid and from mid at once.
func (s *IncidentService) readHalves(ctx context.Context, tenantID int64, f app.IncidentFilter, mid time.Time, points bool, keys map[int64]string) ([]app.IncidentFact, error) {
	first, second := f, f
	first.To, second.From = mid, mid
	var out2 []app.IncidentFact
	var err2 error
	var wg sync.WaitGroup
	wg.Go(func() { out2, err2 = s.readFacts(ctx, tenantID, second, points, keys) })
	out, err := s.readFacts(ctx, tenantID, first, points, keys)
	wg.Wait()
	if err == nil {
		err = err2
	}
	return append(out, out2...), err
}

// districtKeys maps the tenant's district ids to their keys.
func (s *IncidentService) districtKeys(ctx context.Context, tenantID int64) (map[int64]string, error) {
	keys := map[int64]string{}
	rows, err := s.db.query(ctx, "SELECT id, key FROM districts WHERE tenant_id = ?", tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: incident facts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return nil, fmt.Errorf("sqlstore: incident facts: %w", err)
		}
		keys[id] = k
	}
	return keys, rows.Err()
}

// readFacts is one query of FindIncidentFacts; keys names the districts.
func (s *IncidentService) readFacts(ctx context.Context, tenantID int64, f app.IncidentFilter, points bool, keys map[int64]string) ([]app.IncidentFact, error) {
	sqlite := s.db.dialect == SQLite
	times := "i.occurred_from, i.occurred_to"
	if sqlite {
		// As text, parsed below: the driver's parsing, which tries one
		// layout after another, was a seventh of the time.
		times = "CAST(i.occurred_from AS TEXT), CAST(i.occurred_to AS TEXT)"
	}
	cols := "i.id, i.source, i.category, i.focus_area, i.district_id, " + times + ", i.darkness, i.dark_fraction, i.review_state"
	if points {
		cols += ", i.lat, i.lon"
	}
	where, args := incidentWhere(tenantID, f)
	q := "SELECT " + cols + " FROM incidents i WHERE " + where
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: incident facts: %w", err)
	}
	defer rows.Close()
	var out []app.IncidentFact
	// Sources, categories, focus areas and darkness classes are few: read
	// as bytes and interned, a row allocates no strings.
	names := map[string]string{}
	intern := func(b []byte) string {
		s, ok := names[string(b)]
		if !ok {
			s = string(b)
			names[s] = s
		}
		return s
	}
	var x app.IncidentFact
	var src, cat, focus, dark, review, fromText, toText sql.RawBytes
	var district sql.NullInt64
	var lat, lon sql.NullFloat64
	dest := []any{&x.ID, &src, &cat, &focus, &district, &x.OccurredFrom, &x.OccurredTo, &dark, &x.DarkFraction, &review}
	if sqlite {
		dest[5], dest[6] = &fromText, &toText
	}
	if points {
		dest = append(dest, &lat, &lon)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("sqlstore: incident facts: %w", err)
		}
		if sqlite {
			if x.OccurredFrom, err = parseSQLiteTime(fromText); err == nil {
				x.OccurredTo, err = parseSQLiteTime(toText)
			}
			if err != nil {
				return nil, fmt.Errorf("sqlstore: incident %d: %w", x.ID, err)
			}
		}
		y := x
		y.Source, y.Category, y.FocusArea, y.Darkness = intern(src), intern(cat), intern(focus), intern(dark)
		y.ReviewState = intern(review)
		y.DistrictKey = keys[district.Int64]
		y.OccurredFrom, y.OccurredTo = y.OccurredFrom.UTC(), y.OccurredTo.UTC()
		if points && lat.Valid && lon.Valid {
			la, lo := lat.Float64, lon.Float64
			y.Lat, y.Lon = &la, &lo
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// sqliteTimeLayout is how the driver writes times (_time_format=sqlite).
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// parseSQLiteTime reads a time as written in sqliteTimeLayout. Trygg
// writes UTC to the second nearly always; that form is read digit by
// digit, anything else by time.Parse.
func parseSQLiteTime(b []byte) (time.Time, error) {
	if len(b) == 25 && b[4] == '-' && b[7] == '-' && b[10] == ' ' && b[13] == ':' && b[16] == ':' && string(b[19:]) == "+00:00" {
		num := func(i, n int) (int, bool) {
			v := 0
			for _, c := range b[i : i+n] {
				if c < '0' || c > '9' {
					return 0, false
				}
				v = v*10 + int(c-'0')
			}
			return v, true
		}
		y, ok1 := num(0, 4)
		mo, ok2 := num(5, 2)
		d, ok3 := num(8, 2)
		h, ok4 := num(11, 2)
		mi, ok5 := num(14, 2)
		sec, ok6 := num(17, 2)
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && sec < 60 {
			t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
			if t.Day() == d { // not 31 February
				return t, nil
			}
		}
	}
	return time.Parse(sqliteTimeLayout, string(b))
}

// FindIncidents lists the tenant's incidents, newest first, with the total.
func (s *IncidentService) FindIncidents(ctx context.Context, tenantID int64, f app.IncidentFilter) ([]*app.Incident, int, error) {
	where, args := incidentWhere(tenantID, f)
	if f.Limit <= 0 || f.Limit > 1_000_000 {
		f.Limit = 100
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.db.query(ctx, strings.Replace(incidentSelect, "i.merged_into", "i.merged_into, COUNT(*) OVER ()", 1)+
		" WHERE "+where+" ORDER BY i.occurred_from DESC, i.id DESC LIMIT ? OFFSET ?", args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlstore: find incidents: %w", err)
	}
	defer rows.Close()
	var out []*app.Incident
	total := 0
	for rows.Next() {
		i, err := scanIncident(rows, &total)
		if err != nil {
			return nil, 0, fmt.Errorf("sqlstore: find incidents: %w", err)
		}
		out = append(out, i)
	}
	return out, total, rows.Err()
}

// FindIncident returns ENOTFOUND unless the tenant has the incident.
func (s *IncidentService) FindIncident(ctx context.Context, tenantID, id int64) (*app.Incident, error) {
	i, err := scanIncident(s.db.queryRow(ctx, incidentSelect+" WHERE i.id = ? AND i.tenant_id = ?", id, tenantID))
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "Händelsen finns inte / No such incident.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find incident: %w", err)
	}
	return i, nil
}

// FindIncidentByStatusToken returns the incident whose status link has
// the hash, or ENOTFOUND.
func (s *IncidentService) FindIncidentByStatusToken(ctx context.Context, tenantID int64, tokenHash string) (*app.Incident, error) {
	i, err := scanIncident(s.db.queryRow(ctx, incidentSelect+" WHERE i.status_token_hash = ? AND i.tenant_id = ?", tokenHash, tenantID))
	if err == sql.ErrNoRows {
		return nil, app.Errorf(app.ENOTFOUND, "Rapporten finns inte / No such report.")
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore: find report: %w", err)
	}
	return i, nil
}

// ReviewIncident records a reviewer's decision; the incident as it was
// before goes into the audit log, so an edited report's original text is
// kept.
func (s *IncidentService) ReviewIncident(ctx context.Context, tenantID, id int64, rv app.Review) error {
	state, note, edit := rv.State, rv.Note, rv.Edit
	switch state {
	case app.ReviewAccepted, app.ReviewRejected, app.ReviewMerged, app.ReviewPending:
	default:
		return app.FieldErrorf("state", "Okänt granskningsbeslut %q.", state)
	}
	if state == app.ReviewRejected && strings.TrimSpace(note) == "" {
		return app.FieldErrorf("note", "Ange varför rapporten avvisas / Give a reason for rejecting.")
	}
	if state == app.ReviewMerged && (rv.MergedInto == 0 || rv.MergedInto == id) {
		return app.FieldErrorf("merged_into", "Välj vilken rapport detta är en dubblett av / Choose the report this one repeats.")
	}
	before, err := s.FindIncident(ctx, tenantID, id)
	if err != nil {
		return err
	}
	var mergedInto *int64
	if state == app.ReviewMerged {
		orig, err := s.FindIncident(ctx, tenantID, rv.MergedInto)
		if app.ErrorCode(err) == app.ENOTFOUND || err == nil && orig.ReviewState == app.ReviewMerged {
			return app.FieldErrorf("merged_into", "Originalet finns inte eller är självt en dubblett / The original does not exist or is itself a duplicate.")
		} else if err != nil {
			return err
		}
		mergedInto = &orig.ID
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		after := *before
		after.ReviewState, after.ReviewNote, after.MergedInto = state, note, mergedInto
		if edit != nil {
			after.Category, after.DistrictID, after.Text = edit.Category, edit.DistrictID, edit.Text
		}
		if len(after.Text) > 10000 {
			return app.FieldErrorf("text", "Texten får vara högst 10 000 tecken.")
		}
		if after.DistrictID != nil {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM districts WHERE id = ? AND tenant_id = ?", *after.DistrictID, tenantID).Scan(&n); err != nil || n == 0 {
				return app.FieldErrorf("district", "Okänt område / Unknown district.")
			}
		}
		if _, err := tx.exec(ctx, `UPDATE incidents SET review_state = ?, review_note = ?, category = ?, district_id = ?, text = ?,
			merged_into = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ? AND tenant_id = ?`,
			state, note, after.Category, after.DistrictID, after.Text, mergedInto, actorIDFrom(ctx), tx.now, tx.now, id, tenantID); err != nil {
			return fmt.Errorf("sqlstore: review incident: %w", err)
		}
		if err := bumpIncidents(ctx, tx, tenantID); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &tenantID, Action: "incident.review", Entity: "incident",
			EntityID: fmt.Sprint(id)}, before, &after)
	})
}

// query runs q inside the transaction.
func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(ctx, tx.db.rebind(q), args...)
}

// prepare prepares q for the dialect inside the transaction.
func (tx *Tx) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	st, err := tx.PrepareContext(ctx, tx.db.rebind(q))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: prepare: %w", err)
	}
	return st, nil
}

// UpsertBra stores Brå rows for a year in one transaction; identical rows
// are left alone.
func (db *DB) UpsertBra(ctx context.Context, rows []app.BraFigure) (app.ImportResult, error) {
	var res app.ImportResult
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, r := range rows {
			var count sql.NullInt64
			var per sql.NullFloat64
			err := tx.queryRow(ctx, "SELECT count, per_100k FROM bra_stats WHERE year = ? AND kommun_code = ?", r.Year, r.KommunCode).Scan(&count, &per)
			switch {
			case err == sql.ErrNoRows:
				if _, err := tx.exec(ctx, "INSERT INTO bra_stats (year, kommun_code, kommun_name, count, per_100k) VALUES (?, ?, ?, ?, ?)",
					r.Year, r.KommunCode, r.KommunName, r.Count, r.Per100k); err != nil {
					return fmt.Errorf("sqlstore: bra %d %s: %w", r.Year, r.KommunName, err)
				}
				res.Added++
			case err != nil:
				return fmt.Errorf("sqlstore: bra: %w", err)
			case sameInt(count, r.Count) && sameFloat(per, r.Per100k):
				res.Unchanged++
			default:
				if _, err := tx.exec(ctx, "UPDATE bra_stats SET kommun_name = ?, count = ?, per_100k = ? WHERE year = ? AND kommun_code = ?",
					r.KommunName, r.Count, r.Per100k, r.Year, r.KommunCode); err != nil {
					return fmt.Errorf("sqlstore: bra %d %s: %w", r.Year, r.KommunName, err)
				}
				res.Updated++
			}
		}
		if res.Added+res.Updated == 0 {
			return nil
		}
		return appendAudit(ctx, tx, &app.AuditEntry{Action: "bra.import", Entity: "bra_stats"}, nil, res)
	})
	return res, err
}

// FindBra returns the stored Brå rows for the kommun codes (and the
// national total, code ""), by year.
func (db *DB) FindBra(ctx context.Context, codes ...string) ([]app.BraFigure, error) {
	q := "SELECT year, kommun_code, kommun_name, count, per_100k FROM bra_stats WHERE kommun_code IN (?" +
		strings.Repeat(", ?", len(codes)) + ") ORDER BY year, kommun_code"
	args := []any{""}
	for _, c := range codes {
		args = append(args, c)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find bra: %w", err)
	}
	defer rows.Close()
	var out []app.BraFigure
	for rows.Next() {
		var r app.BraFigure
		var count sql.NullInt64
		var per sql.NullFloat64
		if err := rows.Scan(&r.Year, &r.KommunCode, &r.KommunName, &count, &per); err != nil {
			return nil, err
		}
		if count.Valid {
			n := int(count.Int64)
			r.Count = &n
		}
		if per.Valid {
			r.Per100k = &per.Float64
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func sameInt(a sql.NullInt64, b *int) bool {
	return a.Valid == (b != nil) && (!a.Valid || int(a.Int64) == *b)
}

func sameFloat(a sql.NullFloat64, b *float64) bool {
	return a.Valid == (b != nil) && (!a.Valid || a.Float64 == *b)
}
