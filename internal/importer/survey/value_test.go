package survey

import (
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo
)

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]float64{"1,25": 1.25, "1.25": 1.25, " 2 ": 2, "-0,5": -0.5, "+3": 3, "0,0001": 0.0001} {
		if got, ok := parseDecimal(in); !ok || got != want {
			t.Errorf("parseDecimal(%q)=%v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "1,2,3", "1.", ",5", "1e3", "NaN", "Inf", "0x10", "1 000", "--1", "1-"} {
		if got, ok := parseDecimal(in); ok {
			t.Errorf("parseDecimal(%q)=%v, want refusal", in, got)
		}
	}
}

func TestParseTime(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2025, 3, 14, 17, 22, 5, 0, time.UTC)
	for _, in := range []string{"2025-03-14 18:22:05", "2025-03-14T18:22:05", "2025-03-14T17:22:05Z", "2025-03-14T18:22:05+01:00",
		"2025-03-14 18:22:05+01:00", "2025-03-14T18:22:05+0100", "2025-03-14 18:22:05 +01:00", "2025-03-14T17:22:05.000Z"} {
		if got, ok := parseTime(in, loc); !ok || !got.Equal(want) {
			t.Errorf("parseTime(%q)=%v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"14/3/2025 18:22", "0001-01-01 00:00:00", "1899-12-30", "2025-02-30 10:00", "igår"} {
		if got, ok := parseTime(in, loc); ok {
			t.Errorf("parseTime(%q)=%v, want refusal", in, got)
		}
	}
	if got, ok := excelTime("45730.765335648", false, loc); !ok || got.Sub(want).Abs() > time.Second {
		t.Errorf("excelTime=%v, %v; want %v", got, ok, want)
	}
	for _, in := range []string{"60", "-1", "3e6", "x", "NaN"} {
		if _, ok := excelTime(in, false, loc); ok {
			t.Errorf("excelTime(%q) accepted", in)
		}
	}
}

func TestLabelKey(t *testing.T) {
	for in, want := range map[string]string{
		"  Mycket   OTRYGG ": "mycket otrygg",
		"16–29 år":           "16-29 år",
		"16\u221229\tår":     "16-29 år",
		"Na\u0308vertorp":    "nävertorp",
	} {
		if got := labelKey(in); got != want {
			t.Errorf("labelKey(%q)=%q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"unsafe_evening": "unsafeevening", "Q1[SQ001]": "q1sq001", "Kön": "kön", "grp-a.b": "grpab"} {
		if got := nameKey(in); got != want {
			t.Errorf("nameKey(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestCells(t *testing.T) {
	for in, want := range map[string]int{"A1": 0, "Z9": 25, "AA10": 26, "XFD1048576": 16383, "b2": 1} {
		if got, err := cellColumn(in); err != nil || got != want {
			t.Errorf("cellColumn(%q)=%d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1A", "XFE1", "AAAA1", "A1B", "A-1"} {
		if _, err := cellColumn(in); err == nil {
			t.Errorf("cellColumn(%q) accepted", in)
		}
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d)=%q, want %q", i, got, want)
		}
	}
	for in, want := range map[string]string{"1": "1", "1.25": "1.25", "0.30000000000000004": "0.3", "4.4999999999999996E-2": "0.045",
		"45730.765335648": "45730.765335648", "x": "x", "": "", "1E+300": "1e+300", "-0": "0"} {
		if got := formatNumber(in); got != want {
			t.Errorf("formatNumber(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestAreaError(t *testing.T) {
	for _, ok := range []string{"0483C1010", "0483A0010", "0114R001", "2584B2000"} {
		if msg := areaError(ok); msg != "" {
			t.Errorf("areaError(%q)=%q", ok, msg)
		}
	}
	for _, bad := range []string{"0483D1010", "483C1010", "0483C101", "0483", "Norr", "0483R0001"} {
		if areaError(bad) == "" {
			t.Errorf("areaError(%q) accepted", bad)
		}
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"Mycket trygg", "Ganska trygg", "Ganska otrygg", "Vet ej"}
	for in, want := range map[string]string{"Ganska tryg": "Ganska trygg", "ganska otryg": "Ganska otrygg", "Vetej": "Vet ej"} {
		if got, ok := suggest(in, cands); !ok || got != want {
			t.Errorf("suggest(%q)=%q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Jättetrygg", "Nej", "x"} {
		if got, ok := suggest(in, cands); ok {
			t.Errorf("suggest(%q)=%q, want none", in, got)
		}
	}
}
