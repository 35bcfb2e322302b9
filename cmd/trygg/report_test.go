package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportFollowUp(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "r.db")
	s := startServe(t, "--db", db)
	// The demo's earlier follow-ups are adopted and public; the last is a draft.
	if code, _ := get(t, s.url+"/katrineholm/uppfoljning/2023-T2"); code != 200 {
		t.Errorf("adopted demo follow-up = %d", code)
	}
	if code, _ := get(t, s.url+"/katrineholm/uppfoljning/2023-T3"); code != 404 {
		t.Errorf("draft demo follow-up in public = %d", code)
	}
	s.shutdown(t)

	html := filepath.Join(dir, "f.html")
	code, out, errOut := runIn(t, "", "report", "followup", "--tenant", "katrineholm", "--period", "2023-T3", "--lang", "en", "-o", html, "--db", db)
	b, _ := os.ReadFile(html)
	if code != 0 || !strings.Contains(out, "(draft)") || !strings.Contains(string(b), "<style") || !strings.Contains(string(b), "2023-T3") {
		t.Fatalf("report followup html = %d %s%s", code, out, errOut)
	}
	for _, bad := range [][]string{
		{"--period", "2023-T9"}, {"--format", "docx"}, {"--tenant", "nowhere"},
	} {
		args := []string{"report", "followup", "--tenant", "katrineholm", "--period", "2023-T2", "-o", filepath.Join(dir, "x"), "--db", db}
		for i := range args {
			if args[i] == bad[0] {
				args[i+1] = bad[1]
			}
		}
		if !strings.Contains(strings.Join(args, " "), bad[1]) {
			args = append(args, bad...)
		}
		if code, _, _ := runIn(t, "", args...); code == 0 {
			t.Errorf("%v: exit 0", bad)
		}
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		return
	}
	pdf := filepath.Join(dir, "f.pdf")
	if code, out, errOut := runIn(t, "", "report", "followup", "--tenant", "katrineholm", "--period", "2023-T2", "--format", "pdf", "-o", pdf, "--db", db); code != 0 || !strings.Contains(out, "(adopted)") {
		t.Fatalf("report followup pdf = %d %s%s", code, out, errOut)
	}
	if b, _ := os.ReadFile(pdf); !strings.HasPrefix(string(b), "%PDF") || !strings.Contains(string(b), "/Outlines") {
		t.Error("the PDF lacks its header or outline")
	}
}
