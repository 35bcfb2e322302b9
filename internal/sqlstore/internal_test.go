package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/demo"
)

func TestMigrationVersionsMatch(t *testing.T) {
	list := func(dir string) []string {
		names, err := fs.Glob(migrationsFS, "migrations/"+dir+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		return names
	}
	if s, p := list("sqlite"), list("postgres"); !slices.Equal(s, p) || len(s) == 0 {
		t.Fatalf("migrations differ:\nsqlite   %v\npostgres %v", s, p)
	}
}

func TestRebindDollar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
		{`"we?ird" = ? OR z = 'it''s ?'`, `"we?ird" = $1 OR z = 'it''s ?'`},
	}
	for _, tt := range tests {
		if got := rebindDollar(tt.in); got != tt.want {
			t.Errorf("rebindDollar(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzRebindDollar(f *testing.F) {
	f.Add("a = ? AND b = '?'")
	f.Fuzz(func(t *testing.T, q string) {
		out := rebindDollar(q)
		if len(out) < len(q) {
			t.Fatalf("rebind shortened %q to %q", q, out)
		}
	})
}

// TestDemoKilledMidway kills a process with SIGKILL while its demo
// transaction is open, then checks the database holds no half demo and that
// the next start loads it whole.
func TestDemoKilledMidway(t *testing.T) {
	if path := os.Getenv("TRYGG_DEMO_KILL_DB"); path != "" {
		// The child: start loading, say so, and hang until killed.
		db, err := Open(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := demo.Katrineholm()
		db.loadDemo(context.Background(), d, plainHash, func() {
			os.Stdout.WriteString("midway\n")
			select {}
		})
		t.Fatal("loadDemo returned")
	}
	path := filepath.Join(t.TempDir(), "trygg.db")
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestDemoKilledMidway$")
	cmd.Env = append(os.Environ(), "TRYGG_DEMO_KILL_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil || string(buf) != "midway\n" {
		t.Fatalf("child said %q, %v", buf, err)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()

	db, err = Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM tenants").Scan(&n); err != nil || n != 0 {
		t.Fatalf("tenants after kill = %d, %v; want 0", n, err)
	}
	d, _ := demo.Katrineholm()
	if loaded, err := db.LoadDemo(ctx, d, plainHash); err != nil || !loaded {
		t.Fatalf("LoadDemo after kill = %v, %v", loaded, err)
	}
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM districts").Scan(&n); err != nil || n != len(d.Districts) {
		t.Fatalf("districts = %d, %v; want %d", n, err, len(d.Districts))
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	tx, _ := db.beginTx(ctx)
	if err := appendAudit(ctx, tx, &app.AuditEntry{Action: "x", Entity: "y"}, nil, map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	for _, q := range []string{"UPDATE audit_log SET action = 'z'", "DELETE FROM audit_log"} {
		if _, err := db.write.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded; the audit log must be append-only", q)
		}
	}
}

// plainHash stands in for argon2id where the hash's strength is not what
// is tested.
func plainHash(pw string) (string, error) { return "plain:" + pw, nil }

func TestReadAhead(t *testing.T) {
	incs := func(n int, panicAt int) iter.Seq2[*app.Incident, error] {
		return func(yield func(*app.Incident, error) bool) {
			for i := range n {
				if i == panicAt {
					panic("parser bug")
				}
				if !yield(&app.Incident{ExternalID: fmt.Sprint(i)}, nil) {
					return
				}
			}
		}
	}
	check := func(inc *app.Incident) (string, error) {
		if inc.ExternalID == "bad" {
			return "", errors.New("bad row")
		}
		return "h" + inc.ExternalID, nil
	}

	t.Run("order and hashes", func(t *testing.T) {
		i := 0
		for h, err := range readAhead(incs(1000, -1), check) {
			if err != nil || h.inc.ExternalID != fmt.Sprint(i) || h.hash != "h"+fmt.Sprint(i) {
				t.Fatalf("item %d: %+v %v", i, h, err)
			}
			i++
		}
		if i != 1000 {
			t.Fatalf("got %d items", i)
		}
	})
	t.Run("stopping early stops the reader", func(t *testing.T) {
		read := 0
		counting := func(yield func(*app.Incident, error) bool) {
			for i := range 1_000_000 {
				read++
				if !yield(&app.Incident{ExternalID: fmt.Sprint(i)}, nil) {
					return
				}
			}
		}
		for range readAhead(counting, check) {
			break
		}
		// readAhead has returned, so the reader goroutine has too.
		if read >= 1_000_000 {
			t.Fatalf("reader went on to the end (%d rows)", read)
		}
	})
	t.Run("a panic is an error", func(t *testing.T) {
		var got error
		n := 0
		for _, err := range readAhead(incs(600, 300), check) {
			if err != nil {
				got = err
				break
			}
			n++
		}
		if got == nil || !strings.Contains(got.Error(), "parser bug") || n != 300 {
			t.Fatalf("after %d items: %v", n, got)
		}
	})
	t.Run("a check error ends the stream", func(t *testing.T) {
		bad := func(yield func(*app.Incident, error) bool) {
			_ = yield(&app.Incident{ExternalID: "1"}, nil) && yield(&app.Incident{ExternalID: "bad"}, nil) &&
				yield(&app.Incident{ExternalID: "3"}, nil)
		}
		var ids []string
		var got error
		for h, err := range readAhead(bad, check) {
			if err != nil {
				got = err
				break
			}
			ids = append(ids, h.inc.ExternalID)
		}
		if got == nil || len(ids) != 1 {
			t.Fatalf("ids %v, err %v", ids, got)
		}
	})
}

// TestFactCacheEvicts: the cache holds at most its size in facts, least
// recently used tenant out first, and a tenant bigger than the cache is
// answered from the database.
func TestFactCacheEvicts(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	s := NewIncidentService(db)
	var ids []int64
	for _, code := range []string{"0482", "0483"} {
		tn := &app.Tenant{Slug: "k" + code, Name: "K " + code, KommunCode: code}
		if err := NewTenantService(db).CreateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tn.ID)
		at := time.Date(2023, 1, 12, 20, 0, 0, 0, time.UTC)
		if _, err := s.UpsertIncidents(ctx, tn.ID, func(yield func(*app.Incident, error) bool) {
			for n := range 30 {
				t := at.Add(time.Duration(n) * time.Hour)
				if !yield(&app.Incident{Source: "csv", ExternalID: fmt.Sprint(n), Category: "vandalism", OccurredFrom: t, OccurredTo: t,
					SourceRef: fmt.Sprint("f.csv:", n+2)}, nil) {
					return
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	ask := func(tenantID int64) {
		t.Helper()
		got, err := s.FindIncidentFacts(ctx, tenantID, app.IncidentFilter{}, false)
		if err != nil || len(got) != 30 {
			t.Fatalf("tenant %d: %d facts, %v", tenantID, len(got), err)
		}
		own, _, _ := s.FindIncidents(ctx, tenantID, app.IncidentFilter{Limit: 100})
		mine := map[int64]bool{}
		for _, i := range own {
			mine[i.ID] = true
		}
		for _, x := range got {
			if !mine[x.ID] {
				t.Fatalf("tenant %d was answered with incident %d of another tenant", tenantID, x.ID)
			}
		}
		db.WaitForFacts()
	}
	held := func() (int, []int64) {
		db.facts.mu.Lock()
		defer db.facts.mu.Unlock()
		var in []int64
		for id, e := range db.facts.tenants {
			if e.held > 0 {
				in = append(in, id)
			}
		}
		return db.facts.held, in
	}
	db.SetFactCacheSize(50)
	ask(ids[0])
	ask(ids[0]) // from memory
	if n, in := held(); n != 30 || !slices.Equal(in, ids[:1]) {
		t.Fatalf("after the first tenant: %d facts of %v held", n, in)
	}
	ask(ids[1])
	ask(ids[1])
	if n, in := held(); n != 30 || !slices.Equal(in, ids[1:]) {
		t.Fatalf("after the second tenant: %d facts of %v held, want only the second's", n, in)
	}
	db.SetFactCacheSize(20)
	if n, _ := held(); n != 0 {
		t.Fatalf("a smaller cache still holds %d facts", n)
	}
	ask(ids[0]) // too big for the cache: read directly, still whole
	ask(ids[0])
	if n, _ := held(); n != 0 {
		t.Fatalf("a tenant bigger than the cache: %d facts held", n)
	}
}

// TestFactCacheRetriesFailedLoad: a tenant whose facts cannot be read is
// answered from the database (with the error) and loaded again later.
func TestFactCacheRetriesFailedLoad(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	tn := &app.Tenant{Slug: "flen", Name: "Flen", KommunCode: "0482"}
	if err := NewTenantService(db).CreateTenant(ctx, tn); err != nil {
		t.Fatal(err)
	}
	s := NewIncidentService(db)
	at := time.Date(2023, 1, 12, 20, 0, 0, 0, time.UTC)
	if _, err := s.UpsertIncidents(ctx, tn.ID, func(yield func(*app.Incident, error) bool) {
		yield(&app.Incident{Source: "csv", ExternalID: "1", Category: "vandalism", OccurredFrom: at, OccurredTo: at, SourceRef: "f.csv:2"}, nil)
	}); err != nil {
		t.Fatal(err)
	}
	// A time no reader understands, written behind Trygg's back.
	if _, err := db.write.ExecContext(ctx, "UPDATE incidents SET occurred_to = 'soon'"); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { retryLoadAfter = d }(retryLoadAfter)
	retryLoadAfter = 0
	if _, err := s.FindIncidentFacts(ctx, tn.ID, app.IncidentFilter{}, false); err == nil {
		t.Fatal("a broken time read without an error")
	}
	db.WaitForFacts()
	if _, err := db.write.ExecContext(ctx, "UPDATE incidents SET occurred_to = occurred_from"); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the first is read directly and loads again
		if got, err := s.FindIncidentFacts(ctx, tn.ID, app.IncidentFilter{}, false); err != nil || len(got) != 1 {
			t.Fatalf("after the repair: %d facts, %v", len(got), err)
		}
		db.WaitForFacts()
	}
	if db.facts.held != 1 {
		t.Errorf("after the repair the cache holds %d facts, want 1", db.facts.held)
	}
}

// openTestDB opens a migrated SQLite file in a temporary folder.
func openTestDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
