package sqlstore

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

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
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
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
