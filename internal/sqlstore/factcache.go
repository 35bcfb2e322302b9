package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// The lägesbild asks the same tenant's incidents many questions (this
// period, a year earlier, a baseline, per district), and each used to be
// a read of the period's rows: on the national set that was 12 ms at the
// median on SQLite and 5 on PostgreSQL, where DuckDB, holding its columns
// in memory, answers in 3. So a DB keeps each tenant's incident facts in
// memory, compactly, and answers from there while they are current.
//
// Current means: the tenant's incidents_version, a number every
// transaction that writes the tenant's incidents sets to a new random
// value (bumpIncidents), is the one the facts were read under. Checking
// it is one read by primary key per question, so several processes on one
// PostgreSQL, and a CLI import into the server's SQLite file, stay
// correct. Random rather than counted: a restored backup cannot count its
// way up to the number a running process holds.
//
// Every write of incidents must call bumpIncidents in its transaction;
// TestFactCacheFollowsWrites covers each write path.

// DefaultFactCacheSize is how many incident facts a DB holds at most, over
// all tenants (about 64 bytes each: 256 MB). A kommun has tens of
// thousands; a tenant with more than the whole cache is read directly.
const DefaultFactCacheSize = 4_000_000

// SetFactCacheSize bounds the facts held in memory; 0 turns the cache off
// (every question reads the database).
func (db *DB) SetFactCacheSize(facts int) {
	c := &db.facts
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limit = facts
	if facts <= 0 {
		for id := range c.tenants {
			c.drop(id)
		}
	}
	c.evict(nil)
}

// WaitForFacts returns once the facts being loaded are in: for tests and
// benchmarks, which want to know which path answers.
func (db *DB) WaitForFacts() { db.facts.loading.Wait() }

// bumpIncidents marks the tenant's incidents as changed. Call it in every
// transaction that inserts, updates or deletes incidents, as late as
// possible: on PostgreSQL it locks the tenant's row until commit.
func bumpIncidents(ctx context.Context, tx *Tx, tenantID int64) error {
	if _, err := tx.exec(ctx, "UPDATE tenants SET incidents_version = ? WHERE id = ?", rand.Int64(), tenantID); err != nil {
		return fmt.Errorf("sqlstore: incidents version: %w", err)
	}
	return nil
}

// retryLoadAfter is how long a tenant whose facts failed to load is read
// from the database before its facts are loaded again.
var retryLoadAfter = time.Minute

// factCache holds tenants' facts, least recently used out first.
type factCache struct {
	mu      sync.Mutex
	limit   int
	held    int // facts in loaded entries of tenants
	clock   uint64
	tenants map[int64]*tenantFacts
	closed  bool
	loading sync.WaitGroup
	// loads lets one load read at a time: loads are background work, and
	// after a restart many tenants' would otherwise take every reader
	// connection from the questions being answered.
	loads chan struct{}
	stop  context.CancelFunc // ends loads when the DB closes
	ctx   context.Context
}

// tenantFacts is one tenant's incidents under one version: sorted by
// occurred_from, names as indexes into names, so that the slice has no
// pointers for the garbage collector to follow. Until loaded is set (under
// factCache.mu) only the loading goroutine touches it.
type tenantFacts struct {
	version int64
	loaded  bool
	direct  bool      // read the database instead: too big, or could not load
	retry   time.Time // after a failed load: when to try again
	facts   []cachedFact
	names   []string
	used    uint64
	held    int // what this entry adds to factCache.held
}

type cachedFact struct {
	id                                              int64
	from, to                                        int64 // Unix nanoseconds
	darkFraction                                    float64
	lat, lon                                        float64 // NaN: no point
	source, category, focus, district, dark, review uint16
}

// evict drops the least recently used loaded tenants until the held
// facts fit, never keep. Call with mu held.
func (c *factCache) evict(keep *tenantFacts) {
	for c.held > c.limit {
		var old *tenantFacts
		var oldID int64
		for id, e := range c.tenants {
			if e != keep && e.held > 0 && (old == nil || e.used < old.used) {
				old, oldID = e, id
			}
		}
		if old == nil {
			return
		}
		c.drop(oldID)
	}
}

// drop forgets a tenant's entry. Call with mu held.
func (c *factCache) drop(tenantID int64) {
	if e := c.tenants[tenantID]; e != nil {
		c.held -= e.held
		e.held = 0
		delete(c.tenants, tenantID)
	}
}

// cachedFacts answers FindIncidentFacts from memory; ok is false when the
// database must be read instead: the cache is off, the tenant too big or
// unknown, or its facts are not (yet) in memory under the current version.
// Then this question is read from the database as it would be without a
// cache, and the caller starts load once it has: the facts are loaded in
// the background, so that after a write the next question is no slower
// than it was without a cache, and never stale.
func (s *IncidentService) cachedFacts(ctx context.Context, tenantID int64, f app.IncidentFilter, points bool) (_ []app.IncidentFact, ok bool, load func(), err error) {
	c := &s.db.facts
	c.mu.Lock()
	off := c.limit <= 0 || c.closed
	c.mu.Unlock()
	if off || f.ReporterID != nil {
		return nil, false, nil, nil
	}
	// The version is read before the facts are loaded: facts newer than
	// their version only cost a reload, never a stale answer.
	var version int64
	err = s.db.queryRow(ctx, "SELECT incidents_version FROM tenants WHERE id = ?", tenantID).Scan(&version)
	if err == sql.ErrNoRows {
		return nil, false, nil, nil
	} else if err != nil {
		return nil, false, nil, fmt.Errorf("sqlstore: incidents version: %w", err)
	}

	c.mu.Lock()
	e := c.tenants[tenantID]
	switch {
	case c.closed:
		c.mu.Unlock()
		return nil, false, nil, nil
	case e == nil || e.version != version || e.loaded && !e.retry.IsZero() && time.Now().After(e.retry):
		c.drop(tenantID)
		e = &tenantFacts{version: version}
		if c.tenants == nil {
			c.tenants = map[int64]*tenantFacts{}
		}
		c.tenants[tenantID] = e
		c.loading.Add(1)
		limit := c.limit
		c.mu.Unlock()
		return nil, false, func() { go s.load(tenantID, e, limit) }, nil
	case !e.loaded || e.direct:
		c.mu.Unlock()
		return nil, false, nil, nil
	}
	c.clock++
	e.used = c.clock
	c.mu.Unlock()
	// Loaded facts never change: they are read without the lock.
	return e.find(f, points), true, nil, nil
}

// load reads the tenant's facts into e and, unless a newer version took
// its place meanwhile, makes them the cache's.
func (s *IncidentService) load(tenantID int64, e *tenantFacts, limit int) {
	c := &s.db.facts
	defer c.loading.Done()
	var err error
	select {
	case c.loads <- struct{}{}:
		ctx, cancel := context.WithTimeout(c.ctx, time.Minute)
		err = s.loadFacts(ctx, tenantID, e, limit)
		cancel()
		<-c.loads
	case <-c.ctx.Done():
		err = c.ctx.Err()
	}
	if err != nil {
		// The questions read from the database will say what is wrong;
		// for a while they are not followed by another load, so that a
		// failing one is not repeated for every question.
		e.direct, e.facts, e.names = true, nil, nil
		e.retry = time.Now().Add(retryLoadAfter)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tenants[tenantID] != e {
		return
	}
	e.loaded = true
	if !e.direct {
		e.held = len(e.facts)
		c.held += e.held
		c.clock++
		e.used = c.clock
		c.evict(e)
	}
}

// close ends loads in progress and waits for them.
func (c *factCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.stop()
	c.loading.Wait()
}

// loadFacts reads all of the tenant's incident facts into e. More than
// limit, more names than a uint16 counts or a time outside 1677–2262
// leave e direct: the tenant is read from the database each time.
func (s *IncidentService) loadFacts(ctx context.Context, tenantID int64, e *tenantFacts, limit int) error {
	all, err := s.readAllFacts(ctx, tenantID)
	if err != nil {
		return err
	}
	if len(all) > limit {
		e.direct = true
		return nil
	}
	index := map[string]uint16{}
	code := func(name string) uint16 {
		c, ok := index[name]
		if !ok {
			if len(e.names) > math.MaxUint16 {
				e.direct = true
			}
			c = uint16(len(e.names))
			index[name] = c
			e.names = append(e.names, name)
		}
		return c
	}
	e.facts = make([]cachedFact, len(all))
	for i, x := range all {
		if !inNanoRange(x.OccurredFrom) || !inNanoRange(x.OccurredTo) {
			e.direct = true // not one Unix nanosecond count; such a tenant is read directly
		}
		cf := cachedFact{id: x.ID, from: x.OccurredFrom.UnixNano(), to: x.OccurredTo.UnixNano(), darkFraction: x.DarkFraction,
			lat: math.NaN(), lon: math.NaN(), source: code(x.Source), category: code(x.Category), focus: code(x.FocusArea),
			district: code(x.DistrictKey), dark: code(x.Darkness), review: code(x.ReviewState)}
		if x.Lat != nil && x.Lon != nil {
			cf.lat, cf.lon = *x.Lat, *x.Lon
		}
		e.facts[i] = cf
	}
	if e.direct {
		e.facts, e.names = nil, nil
		return nil
	}
	slices.SortFunc(e.facts, func(a, b cachedFact) int {
		if a.from != b.from {
			return cmp.Compare(a.from, b.from)
		}
		return cmp.Compare(a.id, b.id)
	})
	return nil
}

// The times a count of Unix nanoseconds can hold (1677–2262).
var minNanoTime, maxNanoTime = time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64)

func inNanoRange(t time.Time) bool { return !t.Before(minNanoTime) && !t.After(maxNanoTime) }

// find filters the held facts as incidentWhere does.
func (e *tenantFacts) find(f app.IncidentFilter, points bool) []app.IncidentFact {
	// The first fact at or after t; times beyond what a fact can hold
	// fall before or after all of them.
	search := func(t time.Time) int {
		switch {
		case t.Before(minNanoTime):
			return 0
		case t.After(maxNanoTime):
			return len(e.facts)
		}
		i, _ := slices.BinarySearchFunc(e.facts, t.UnixNano(), func(x cachedFact, n int64) int { return cmp.Compare(x.from, n) })
		return i
	}
	lo, hi := 0, len(e.facts)
	if !f.From.IsZero() {
		lo = search(f.From)
	}
	if !f.To.IsZero() {
		hi = search(f.To)
	}
	if lo >= hi {
		return nil
	}
	district, dark := f.District, f.Darkness
	if district == "-" {
		district = ""
	}
	if dark == "window" {
		dark = ""
	}
	var want [6]int // per filter, the code to match or -1 for any
	for i, fl := range [6]struct {
		name string
		set  bool
	}{{f.Source, f.Source != ""}, {district, f.District != ""}, {f.FocusArea, f.FocusArea != ""},
		{f.Category, f.Category != ""}, {dark, f.Darkness != ""}, {f.ReviewState, f.ReviewState != ""}} {
		want[i] = -1
		if fl.set {
			if want[i] = slices.Index(e.names, fl.name); want[i] < 0 {
				return nil // a name the tenant has never used matches nothing
			}
		}
	}
	match := func(c uint16, w int) bool { return w < 0 || int(c) == w }
	var out []app.IncidentFact
	var coords []float64 // one allocation for every point's two numbers
	for _, x := range e.facts[lo:hi] {
		if !match(x.source, want[0]) || !match(x.district, want[1]) || !match(x.focus, want[2]) ||
			!match(x.category, want[3]) || !match(x.dark, want[4]) || !match(x.review, want[5]) {
			continue
		}
		if out == nil {
			out = make([]app.IncidentFact, 0, min(hi-lo, max(f.Limit, 64)))
		}
		y := app.IncidentFact{ID: x.id, Source: e.names[x.source], Category: e.names[x.category], FocusArea: e.names[x.focus],
			DistrictKey: e.names[x.district], OccurredFrom: time.Unix(0, x.from).UTC(), OccurredTo: time.Unix(0, x.to).UTC(),
			Darkness: e.names[x.dark], DarkFraction: x.darkFraction, ReviewState: e.names[x.review]}
		if points && !math.IsNaN(x.lat) {
			if len(coords) == cap(coords) {
				coords = make([]float64, 0, 2*min(hi-lo, 4096))
			}
			coords = append(coords, x.lat, x.lon)
			y.Lat, y.Lon = &coords[len(coords)-2], &coords[len(coords)-1]
		}
		out = append(out, y)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out
}
