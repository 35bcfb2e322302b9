package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/sqlstore"
)

// writeLimeSurvey writes a LimeSurvey-style export (BOM, ";", all quoted,
// CRLF) of n respondents, the last one incomplete, with answers as labels.
func writeLimeSurvey(t *testing.T, path string, n int, bad string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("\ufeff\"id\";\"submitdate\";\"district\";\"gender\";\"age_group\";\"unsafe_evening\"\r\n")
	labels := []string{"Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg", "Går aldrig ut ensam", "Vet ej"}
	districts := []string{"centrum", "Nävertorp", "norr", "Öster"}
	for i := range n {
		submit := "2025-10-01 12:00:00"
		if i == n-1 {
			submit = "" // incomplete: skipped and counted
		}
		answer := labels[i%len(labels)]
		if i == 3 && bad != "" {
			answer = bad
		}
		fmt.Fprintf(&b, "\"%d\";\"%s\";\"%s\";\"female\";\"30-49\";\"%s\"\r\n", i+1, submit, districts[i%len(districts)], answer)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportSurvey(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "s.db")
	startServe(t, "--db", db).shutdown(t) // the demo holds the questionnaire
	file := filepath.Join(dir, "lime.csv")
	writeLimeSurvey(t, file, 31, "")
	args := []string{"import", "survey", file, "--tenant", "katrineholm", "--survey", "katrineholm-trygghet", "--wave", "katrineholm-2025",
		"--year", "2025", "--format", "limesurvey", "--db", db}
	code, out, errOut := runIn(t, "", args...)
	if code != 0 || !strings.Contains(out, "30 respondents, 1 skipped") || !strings.Contains(out, "30 added") {
		t.Fatalf("import = %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := runIn(t, "", args...); code != 0 || !strings.Contains(out, "0 added, 0 updated, 30 unchanged, 0 removed") {
		t.Errorf("re-import = %d %s", code, out)
	}
	// A misspelt answer: file, line and column, and nothing changes.
	bad := filepath.Join(dir, "bad.csv")
	writeLimeSurvey(t, bad, 10, "Ganska tryg")
	badArgs := append([]string{"import", "survey", bad}, args[3:]...)
	code, _, errOut = runIn(t, "", badArgs...)
	if code != 1 || !strings.Contains(errOut, "bad.csv line 5") || !strings.Contains(errOut, "unsafe_evening") {
		t.Errorf("bad file = %d %s", code, errOut)
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	kat, _ := sqlstore.NewTenantService(store).FindTenantBySlug(ctx, "katrineholm")
	waves, _ := sqlstore.NewSurveyService(store).FindWaves(ctx, kat.ID)
	var rs int
	for _, w := range waves {
		if w.Name == "katrineholm-2025" {
			got, _ := sqlstore.NewSurveyService(store).FindRespondents(ctx, kat.ID, w.ID)
			rs = len(got)
			if got[1].District != "navertorp" {
				t.Errorf("district by name: %+v", got[1])
			}
		}
	}
	if len(waves) != 3 || rs != 30 {
		t.Errorf("after the bad file: %d waves, %d respondents in the new one", len(waves), rs)
	}
	for _, missing := range [][]string{{"--wave", ""}, {"--survey", "nothing"}} {
		a := append([]string{}, args...)
		for i := range a {
			if a[i] == missing[0] {
				a[i+1] = missing[1]
			}
		}
		if code, _, _ := runIn(t, "", a...); code == 0 {
			t.Errorf("%v: exit 0", missing)
		}
	}
}

func TestImportPublishedSurvey(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "p.db")
	startServe(t, "--db", db).shutdown(t)
	file := filepath.Join(dir, "polisen.csv")
	os.WriteFile(file, []byte("\uFEFFFråga;Område;Typ;Värde;Antal\r\nOtrygg ute sent en kväll;LPO Katrineholm;andel;23,5 %;1 204\r\n"+
		"Dålig belysning;Nävertorp;problemindex;3,1;185\r\n"), 0o644)
	args := []string{"import", "survey", file, "--tenant", "katrineholm", "--survey", "katrineholm-trygghet", "--wave", "polisen-2024",
		"--year", "2024", "--format", "published", "--db", db}
	if code, out, errOut := runIn(t, "", args...); code != 0 || !strings.Contains(out, "2 added") {
		t.Fatalf("published = %d %s%s", code, out, errOut)
	}
	if code, out, _ := runIn(t, "", args...); code != 0 || !strings.Contains(out, "0 added, 0 updated, 2 unchanged") {
		t.Errorf("re-import = %d %s", code, out)
	}
	os.WriteFile(file, []byte("Fråga;Område;Typ;Värde;Antal\nDålig belysning;Nävertorp;problemindex;9;185\n"), 0o644)
	if code, _, errOut := runIn(t, "", args...); code != 1 || !strings.Contains(errOut, "line 2") {
		t.Errorf("an index of 9 = %d %s", code, errOut)
	}
	// The demo's respondent waves are untouched.
	ctx := context.Background()
	store, _ := sqlstore.Open(ctx, db)
	defer store.Close()
	kat, _ := sqlstore.NewTenantService(store).FindTenantBySlug(ctx, "katrineholm")
	waves, _ := sqlstore.NewSurveyService(store).FindWaves(ctx, kat.ID)
	for _, w := range waves {
		pub, _ := sqlstore.NewSurveyService(store).FindPublished(ctx, kat.ID, w.ID)
		rs, _ := sqlstore.NewSurveyService(store).FindRespondents(ctx, kat.ID, w.ID)
		switch w.Name {
		case "polisen-2024":
			if len(pub) != 2 || pub[0].Value != 0.235 || len(rs) != 0 {
				t.Errorf("published wave: %+v, %d respondents", pub, len(rs))
			}
		default:
			if len(rs) == 0 {
				t.Errorf("wave %s lost its respondents", w.Name)
			}
		}
	}
}
