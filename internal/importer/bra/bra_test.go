package bra

import (
	"os"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/kommun"
)

// The fixtures are shaped like Brå's exports (BOM, CRLF, grouped digits with
// plain and no-break spaces, a national row, a missing value); the figures
// are of realistic size but invented.

func TestEveryKommunIsFound(t *testing.T) {
	for _, k := range kommun.All() {
		if got, ok := lookupKommun(k.Name + "s kommun"); !ok || got.Code != k.Code {
			t.Errorf("lookupKommun(%q) = %v, %v; want code %s", k.Name+"s kommun", got, ok, k.Code)
		}
		if got, ok := lookupKommun(k.Name); !ok || got.Code != k.Code {
			t.Errorf("lookupKommun(%q) = %v, %v; want code %s", k.Name, got, ok, k.Code)
		}
	}
	if n := len(KommunNames()); n != 290 {
		t.Errorf("%d names", n)
	}
}

func TestLookupKommun(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Katrineholm", "Katrineholm"},
		{"Katrineholms kommun", "Katrineholm"},
		{"KATRINEHOLMS KOMMUN", "Katrineholm"},
		{"  Katrineholms\u00a0 kommun ", "Katrineholm"},
		{"Stockholms kommun", "Stockholm"},
		{"Stockholms stad", "Stockholm"},
		{"Göteborgs Stad", "Göteborg"},
		{"Borås kommun", "Borås"}, // ends in s: not a genitive
		{"Borås Stad", "Borås"},
		{"Hofors kommun", "Hofors"},
		{"Västerås stad", "Västerås"},
		{"Region Gotland", "Gotland"},
		{"Gotlands kommun", "Gotland"},
		{"Falu kommun", "Falun"},
		{"Upplands-Bro kommun", "Upplands-Bro"},
		{"Upplands Väsby kommun", "Upplands Väsby"},
		{"Dals-Eds kommun", "Dals-Ed"},
		{"Malung-Sälens kommun", "Malung-Sälen"},
		{"Malmo\u0308", "Malmö"}, // decomposed ö
		{"Katrineholmss", ""},
		{"Borå", ""},
		{"Borå kommun", ""},
		{"Södermanlands län", ""},
		{"Hela landet", ""},
		{"kommun", ""},
		{"", ""},
	} {
		k, ok := lookupKommun(tt.in)
		if got := k.Name; got != tt.want || ok != (tt.want != "") {
			t.Errorf("lookupKommun(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func parseFile(t *testing.T, name string, year int) []Row {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := Parse(f, year)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return rows
}

// want is a row in a compact form; count -1 and per100k -1 mean missing.
type want struct {
	line    int
	kommun  string
	code    string
	count   int
	per100k float64
}

func check(t *testing.T, rows []Row, wants []want) {
	t.Helper()
	by := map[string]Row{}
	for _, r := range rows {
		by[r.Kommun] = r
	}
	for _, w := range wants {
		r, ok := by[w.kommun]
		if !ok {
			t.Errorf("no row for %s", w.kommun)
			continue
		}
		if r.Line != w.line || r.Code != w.code || r.National != (w.kommun == nationalName) {
			t.Errorf("%s: line %d code %q national %v, want line %d code %q", w.kommun, r.Line, r.Code, r.National, w.line, w.code)
		}
		if got := intOr(r.Count, -1); got != w.count {
			t.Errorf("%s: count %d, want %d", w.kommun, got, w.count)
		}
		if got := floatOr(r.Per100k, -1); got != w.per100k {
			t.Errorf("%s: per100k %v, want %v", w.kommun, got, w.per100k)
		}
	}
}

func intOr(p *int, d int) int {
	if p == nil {
		return d
	}
	return *p
}

func floatOr(p *float64, d float64) float64 {
	if p == nil {
		return d
	}
	return *p
}

func TestParse2023(t *testing.T) {
	rows := parseFile(t, "testdata/bra-2023.csv", 2023)
	if got, want := len(rows), 19; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	if !rows[0].National || rows[0].Line != 2 {
		t.Errorf("first row = %+v, want Hela landet on line 2", rows[0])
	}
	check(t, rows, []want{
		{2, "Hela landet", "", 1480527, 14061},
		{4, "Göteborg", "1480", 86016, 14599}, // no-break spaces
		{13, "Katrineholm", "0483", 2537, 7410},
		{17, "Gotland", "0980", 5981, 9963},
		{19, "Malung-Sälen", "2023", -1, -1},
		{20, "Hofors", "2104", 839, 9327},
	})
}

func TestParse2021(t *testing.T) {
	rows := parseFile(t, "testdata/bra-2021.csv", 2021)
	if got, want := len(rows), 19; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	check(t, rows, []want{
		{1, "Hela landet", "", 1507505, 14499.3},
		{2, "Stockholm", "0180", 165234, 16794.5},
		{3, "Göteborg", "1480", 89512, 15520.8}, // narrow no-break space
		{6, "Borås", "1490", 14780, 13166.2},
		{12, "Katrineholm", "0483", 2644, 7732.1},
		{16, "Gotland", "0980", 6120, 10237.3},
		{17, "Falun", "2080", 6655, 10498.2},
		{18, "Malung-Sälen", "2023", -1, -1},
	})
}

func TestParseVariants(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     want
	}{
		{"LF only, no BOM", "Kommun;Antal;Per 100 000 inv.\nKatrineholm;2 537;7 410\n", want{2, "Katrineholm", "0483", 2537, 7410}},
		{"columns reordered and extra", "Antal;Region;Förändring;per 100 000 invånare\r\n2537;Katrineholm;+3 %;7410,5\r\n", want{2, "Katrineholm", "0483", 2537, 7410.5}},
		{"quoted fields", "\"Kommun\";\"Antal\";\"Per 100 000 inv.\"\r\n\"Katrineholms kommun\";\"2 537\";\"7 410\"\r\n", want{2, "Katrineholm", "0483", 2537, 7410}},
		{"decimal point", "Katrineholm;2537;7410.25\r\n", want{1, "Katrineholm", "0483", 2537, 7410.25}},
		{"blank lines skipped", "\r\n;;\r\nKatrineholm;..;-\r\n", want{3, "Katrineholm", "0483", -1, -1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Parse(strings.NewReader(tt.in), 2023)
			if err != nil {
				t.Fatal(err)
			}
			check(t, rows, []want{tt.want})
		})
	}
}

func TestParseErrors(t *testing.T) {
	const head = "Kommun;Antal;Per 100 000 inv.\r\n"
	for _, tt := range []struct {
		name, in string
		year     int
		want     string
	}{
		{"bad count", head + "Katrineholm;12x;1\r\n", 2023, `line 2 field Antal: "12x" is not a number`},
		{"bad grouping", head + "Katrineholm;25 37;1\r\n", 2023, `line 2 field Antal: "25 37" is not a number`},
		{"decimal count", head + "Katrineholm;25,5;1\r\n", 2023, `line 2 field Antal: "25,5" is not a number`},
		{"negative", head + "Katrineholm;-5;1\r\n", 2023, `line 2 field Antal: "-5" is not a number`},
		{"empty count", head + "Katrineholm;;1\r\n", 2023, `line 2 field Antal: empty`},
		{"huge count", head + "Katrineholm;99999999999999999999;1\r\n", 2023, `line 2 field Antal: "99999999999999999999" is out of range`},
		{"bad rate", head + "Katrineholm;1;1,2,3\r\n", 2023, `line 2 field Per 100 000 inv.: "1,2,3" is not a number`},
		{"NaN rate", head + "Katrineholm;1;NaN\r\n", 2023, `line 2 field Per 100 000 inv.: "NaN" is not a number`},
		{"unknown kommun", head + "Katrineholm;1;1\r\nKatrinehom;1;1\r\n", 2023, `line 3 field Kommun: "Katrinehom" is not a kommun`},
		{"county row", "Södermanlands län;1;1\r\n", 2021, `line 1 field Kommun: "Södermanlands län" is not a kommun`},
		{"empty kommun", head + ";1;1\r\n", 2023, `line 2 field Kommun: empty`},
		{"duplicate", "Katrineholm;1;1\r\nFlen;1;1\r\nKatrineholms kommun;2;2\r\n", 2021, `line 3 field Kommun: Katrineholm appears twice (first on line 1)`},
		{"duplicate national", "Hela landet;1;1\r\nHELA LANDET;1;1\r\n", 2021, `line 2 field Kommun: Hela landet appears twice (first on line 1)`},
		{"field count", head + "Katrineholm;1\r\n", 2023, `line 2: 2 fields, want 3`},
		{"header lacks column", "Kommun;Antal\r\nKatrineholm;1\r\n", 2023, `line 1: header has no column "Per 100 000 inv."`},
		{"header twice", "Kommun;Antal;Antal;Per 100 000 inv.\r\n", 2023, `line 1: header has column "Antal" twice`},
		{"bad quote", head + "\"Katrineholm;1;1\r\n", 2023, `line 2: extraneous or missing " in quoted-field`},
		{"Windows-1252", head + "Vinga\xe5ker;1;1\r\n", 2023, `line 2: not UTF-8`},
		{"empty file", "\xef\xbb\xbf", 2023, `no rows`},
		{"header only", head, 2023, `no rows`},
		{"year too early", head + "Katrineholm;1;1\r\n", 1949, `year 1949 is outside 1950..2100`},
		{"year too late", head + "Katrineholm;1;1\r\n", 2101, `year 2101 is outside 1950..2100`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Parse(strings.NewReader(tt.in), tt.year)
			if err == nil {
				t.Fatalf("no error, rows %+v", rows)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	for _, tt := range []struct {
		in       string
		decimals bool
		want     string // "" = error, "missing" = missing
	}{
		{"0", false, "0"},
		{"2 537", false, "2537"},
		{"2\u00a0537", false, "2537"},
		{"2\u202f537", false, "2537"},
		{"1 480 527", false, "1480527"},
		{"1480527", false, "1480527"},
		{" 12 ", false, "12"},
		{"7 412,3", true, "7412.3"},
		{"7412,35", true, "7412.35"},
		{"0,5", true, "0.5"},
		{"..", false, "missing"},
		{"-", true, "missing"},
		{"–", true, "missing"},
		{"2  537", false, ""},
		{"2 5370", false, ""},
		{"25 37", false, ""},
		{"2537 ,3", true, ""},
		{"7 412,3 4", true, ""},
		{",5", true, ""},
		{"5,", true, ""},
		{"1e3", true, ""},
		{"+1", false, ""},
		{"1,5", false, ""},
		{"٣", false, ""}, // Arabic-Indic digit
	} {
		s, missing, err := number(tt.in, tt.decimals)
		got := s
		if missing {
			got = "missing"
		}
		if err != nil {
			got = ""
		}
		if got != tt.want {
			t.Errorf("number(%q) = %q, %v, %v; want %q", tt.in, s, missing, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/bra-2023.csv", "testdata/bra-2021.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Kommun;Antal;Per 100 000 inv.\r\nKatrineholm;2 537;7 410,3\r\n"))
	f.Add([]byte("Antal;Kommun;Per 100 000\nFalu kommun;..;-\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := Parse(strings.NewReader(string(b)), 2023)
		if err != nil {
			return
		}
		if len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
		codes := map[string]bool{}
		for _, r := range rows {
			if r.National != (r.Code == "") || (!r.National && len(r.Code) != 4) {
				t.Fatalf("bad code in %+v", r)
			}
			if codes[r.Code] {
				t.Fatalf("duplicate %q", r.Kommun)
			}
			codes[r.Code] = true
			if (r.Count != nil && *r.Count < 0) || (r.Per100k != nil && !(*r.Per100k >= 0)) {
				t.Fatalf("negative value in %+v", r)
			}
		}
	})
}
