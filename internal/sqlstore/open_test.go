package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte(strings.Repeat("not a database ", 100)), 0o644)
	roDir := filepath.Join(dir, "ro")
	os.Mkdir(roDir, 0o755)
	ro := filepath.Join(roDir, "ro.db")
	db, err := sqlstore.Open(context.Background(), "sqlite:"+ro)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Chmod(ro, 0o444)
	os.Chmod(roDir, 0o555)
	t.Cleanup(func() { os.Chmod(roDir, 0o755) })

	tests := []struct{ dsn, want string }{
		{"mysql://x", "unknown kind"},
		{"sqlite:", "no file path"},
		{"sqlite:" + filepath.Join(dir, "missing", "x.db"), "missing"},
		{"sqlite:" + notDB, "not an SQLite database"},
		{"postgres://nobody:secret@127.0.0.1:1/x?connect_timeout=2", "127.0.0.1:1"},
	}
	if os.Geteuid() != 0 { // root writes through file modes
		tests = append(tests, struct{ dsn, want string }{"sqlite:" + ro, "read-only"})
	}
	for _, tt := range tests {
		db, err := sqlstore.Open(context.Background(), tt.dsn)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", tt.dsn)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "secret") || strings.Contains(msg, "\n") {
			t.Errorf("Open(%q) = %q, want one line mentioning %q and no password", tt.dsn, msg, tt.want)
		}
	}
}
