package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

func TestImportIncidentsCSV(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "i.db")
	s := startServe(t, "--db", db) // the demo: Katrineholm with districts and gazetteer
	s.shutdown(t)
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapping := write("map.json", `{"time": "tid", "lat": "lat", "lon": "lon", "place": "plats", "category": "kategori", "text": "text"}`)
	good := write("est.csv", "\ufefftid;lat;lon;plats;kategori;text\r\n"+
		"2023-02-15 22:10;58,9960;16,2075;;poor_lighting;Mörk gångväg, ring 070-123 45 67\r\n"+
		"15/2/2023;;;vid Stortorget;violence;Bråk\r\n"+
		"2023-06-21 13:00;59,010;16,170;;littering;Skräp\r\n")
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(t, "", args...)
		if code != want {
			t.Fatalf("trygg %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out + errOut
	}
	if out := run(0, "import", "incidents", good, "--db", db, "--tenant", "katrineholm", "--mapping", mapping); !strings.Contains(out, "3 added") {
		t.Errorf("first import: %s", out)
	}
	if out := run(0, "import", "incidents", good, "--db", db, "--tenant", "katrineholm", "--mapping", mapping); !strings.Contains(out, "0 added, 0 updated, 3 unchanged") {
		t.Errorf("re-import: %s", out)
	}
	// Each row got its district (by point, or by the place name), its
	// darkness, a masked text and a link back to its line.
	store := sqltest.Open(t, db)
	k, _ := sqlstore.NewTenantService(store).FindTenantBySlug(context.Background(), "katrineholm")
	incs, _, err := sqlstore.NewIncidentService(store).FindIncidents(context.Background(), k.ID, app.IncidentFilter{Source: "csv"})
	if err != nil || len(incs) != 3 {
		t.Fatalf("stored %d csv incidents, %v", len(incs), err)
	}
	got := map[string]string{}
	for _, i := range incs {
		got[i.SourceRef] = fmt.Sprintf("%s %s %.2f %s", i.DistrictKey, i.Darkness, i.DarkFraction, i.Text)
	}
	for ref, want := range map[string]string{
		good + ":2": "centrum dark 1.00 Mörk gångväg, ring [telefon]",
		good + ":3": "centrum  0.", // a whole February day: partly dark
		good + ":4": "navertorp light 0.00 Skräp",
	} {
		if !strings.HasPrefix(got[ref], want) {
			t.Errorf("%s = %q, want prefix %q", ref, got[ref], want)
		}
	}
	store.Close()
	bad := write("bad.csv", "tid;lat;lon;plats;kategori;text\n2023-02-15 22:10;58.99;16.2;;x;ok\n31/2/2023;;;Norr;x;bad date\n")
	out := run(1, "import", "incidents", bad, "--db", db, "--tenant", "katrineholm", "--mapping", mapping)
	if !strings.Contains(out, "bad.csv") || !strings.Contains(out, "line 3") || !strings.Contains(out, "tid") {
		t.Errorf("bad file error does not name file, line and field: %s", out)
	}
	// All or nothing: the good first row of the bad file was not kept.
	if out := run(0, "import", "incidents", good, "--db", db, "--tenant", "katrineholm", "--mapping", mapping); !strings.Contains(out, "3 unchanged") {
		t.Errorf("after the failed import: %s", out)
	}
	badMap := write("badmap.json", `{"time": "tid", "lattitude": "lat"}`)
	if out := run(1, "import", "incidents", good, "--db", db, "--tenant", "katrineholm", "--mapping", badMap); !strings.Contains(out, "lattitude") {
		t.Errorf("bad mapping: %s", out)
	}
	run(2, "import", "incidents", good, "--db", db, "--tenant", "katrineholm")
}

func TestImportBra(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "b.db")
	file := filepath.Join(dir, "bra-2023.csv")
	os.WriteFile(file, []byte("\ufeffKommun;Antal;Per 100 000 inv.\r\nHela landet;1 480 527;14 061\r\nKatrineholm;3 512;10 258\r\nFlen;1 600;9 800\r\n"), 0o644)
	for i, want := range []string{"3 added", "3 unchanged"} {
		code, out, errOut := runIn(t, "", "import", "bra", file, "--year", "2023", "--db", db)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("run %d: exit %d %q %q, want %q", i, code, out, errOut, want)
		}
	}
	os.WriteFile(file, []byte("Kommun;Antal;Per 100 000 inv.\r\nKatrineholm;3x;10\r\n"), 0o644)
	if code, _, errOut := runIn(t, "", "import", "bra", file, "--year", "2023", "--db", db); code != 1 || !strings.Contains(errOut, "line 2") {
		t.Errorf("bad Brå file: exit %d %q", code, errOut)
	}
	if code, _, _ := runIn(t, "", "import", "bra", file, "--db", db); code != 2 {
		t.Errorf("no --year: exit %d, want 2", code)
	}
}
