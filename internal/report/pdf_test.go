package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/report"
)

const chromium = "/usr/bin/chromium"

// needChromium skips without Debian's Chromium, unless TRYGG_E2E_REQUIRED
// is set (CI sets it), so that a missing browser never passes for green.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("TRYGG_E2E_REQUIRED") != "" {
			t.Fatalf("no %s and TRYGG_E2E_REQUIRED is set", chromium)
		}
		t.Skipf("no %s; install Debian's chromium to test the PDF", chromium)
	}
}

var pageRE = regexp.MustCompile(`/Type\s*/Page\b`)

func TestPDF(t *testing.T) {
	needChromium(t)
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			var html bytes.Buffer
			if err := report.Standalone(&html, katrineholm(lang)); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			pdf, err := report.PDF(t.Context(), html.Bytes(), chromium)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d bytes of PDF in %v", lang, len(pdf), time.Since(start).Round(time.Millisecond))
			if dir := os.Getenv("TRYGG_REPORT_OUT"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "report-"+lang+".pdf"), pdf, 0o644); err != nil {
					t.Log(err)
				}
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("output starts with %q, not %%PDF-", pdf[:min(len(pdf), 8)])
			}
			if n := len(pageRE.FindAll(pdf, -1)); n < 2 {
				t.Errorf("%d pages, want more than one", n)
			}
			for _, want := range []string{"/StructTreeRoot", "/Outlines"} {
				if !bytes.Contains(pdf, []byte(want)) {
					t.Errorf("PDF lacks %s", want)
				}
			}
			// Each chart is a figure with its title as alternative text.
			figures, alts := len(regexp.MustCompile(`/S\s*/Figure\b`).FindAll(pdf, -1)), bytes.Count(pdf, []byte("/Alt"))
			if figures < 6 || alts < figures {
				t.Errorf("%d figures with %d alternative texts, want 6 charts with one each", figures, alts)
			}
			// A tagged PDF says so in its catalogue.
			if !regexp.MustCompile(`/MarkInfo\s*<<[^>]*/Marked\s+true`).Match(pdf) {
				t.Error("PDF is not marked as tagged")
			}
		})
	}
}

func TestPDFWithoutChromium(t *testing.T) {
	_, err := report.PDF(t.Context(), []byte("<!DOCTYPE html><title>x</title>"), filepath.Join(t.TempDir(), "no-chromium"))
	if !errors.Is(err, report.ErrNoChromium) {
		t.Fatalf("err = %v, want ErrNoChromium", err)
	}
}

func TestPDFCancelled(t *testing.T) {
	needChromium(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := report.PDF(ctx, []byte("<!DOCTYPE html><title>x</title><p>x"), chromium); err == nil {
		t.Error("PDF with a cancelled context: no error")
	}
}
