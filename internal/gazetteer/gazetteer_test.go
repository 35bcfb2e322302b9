package gazetteer_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/trygg-se/trygg/internal/gazetteer"
)

// testEntries is a small list that exercises each rule once.
var testEntries = []gazetteer.Entry{
	{Name: "Nävertorp", District: "navertorp", Variants: []string{"Nävertorps"}},
	{Name: "Nävertorpsskolan", District: "navertorp"},
	{Name: "Norr", District: "norr", Variants: []string{"norra Katrineholm"}},
	{Name: "Söder", District: "soder"},
	{Name: "Öster", District: "oster"},
	{Name: "Stortorget", District: "centrum"},
	{Name: "Drottninggatan", District: "centrum"},
	{Name: "Resecentrum", District: "centrum"},
	{Name: "Linnévägen", District: "ovriga"},
	{Name: "Katrineholms centrum", District: "centrum"},
	{Name: "Centrum", District: "centrum"},
}

var testExclusions = []string{"norr om", "söder om", "Södermanlands län", "Öster i Eskilstuna", "Eskilstuna centrum"}

func mustNew(tb testing.TB, entries []gazetteer.Entry, exclusions []string) *gazetteer.Gazetteer {
	tb.Helper()
	g, err := gazetteer.New(entries, exclusions)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func TestFind(t *testing.T) {
	g := mustNew(t, testEntries, testExclusions)
	tests := []struct {
		name string
		text string
		want []string // "Text=Name" of each match, in order
	}{
		{"plain", "Bråk på Stortorget i natt.", []string{"Stortorget=Stortorget"}},
		{"case", "NÄVERTORP och nävertorp", []string{"NÄVERTORP=Nävertorp", "nävertorp=Nävertorp"}},
		{"variant", "i Nävertorps centrum", []string{"Nävertorps=Nävertorp", "centrum=Centrum"}},
		{"longest wins", "vid Nävertorpsskolan", []string{"Nävertorpsskolan=Nävertorpsskolan"}},
		{"longest phrase wins", "i Katrineholms centrum", []string{"Katrineholms centrum=Katrineholms centrum"}},
		{"letter after", "Södermanland, Norrköping, Österåker", nil},
		{"swedish letter after", "Nävertorpå Norrä", nil},
		{"letter before", "ånorr xNorr", nil},
		{"digit", "Norr2 2Norr", nil},
		{"mark after", "Norr\u0308", nil},
		{"punctuation", "(Stortorget)/Drottninggatan-Norr.", []string{"Stortorget=Stortorget", "Drottninggatan=Drottninggatan", "Norr=Norr"}},
		{"hyphenated compound", "Nävertorp-området", []string{"Nävertorp=Nävertorp"}},
		{"whitespace in variant", "norra\u00a0 \nKatrineholm", []string{"norra\u00a0 \nKatrineholm=Norr"}},
		{"acute folded", "Linnevägen, LINNÉVÄGEN", []string{"Linnevägen=Linnévägen", "LINNÉVÄGEN=Linnévägen"}},
		{"direction excluded", "riksväg 55 norr om Katrineholm, söder\nom stan", nil},
		{"direction across lines", "Söder\n\tOM Flen", nil},
		{"county excluded", "ärenden som rör Södermanlands län", nil},
		{"exclusion covers part", "området Öster i Eskilstuna och Öster i Katrineholm", []string{"Öster=Öster"}},
		{"other town's centrum", "Eskilstuna centrum, resecentrum", []string{"resecentrum=Resecentrum"}},
		{"invalid utf-8 is no letter", "\xffNorr\xff", []string{"Norr=Norr"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range g.Find(tt.text) {
				if m.Text != tt.text[m.Start:m.End] {
					t.Errorf("Text=%q, want text[%d:%d]=%q", m.Text, m.Start, m.End, tt.text[m.Start:m.End])
				}
				got = append(got, m.Text+"="+m.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q)=%q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	g := mustNew(t, testEntries, testExclusions)
	text := "Öster, Norr"
	want := []gazetteer.Match{
		{Name: "Öster", District: "oster", Start: 0, End: 6, Text: "Öster"},
		{Name: "Norr", District: "norr", Start: 8, End: 12, Text: "Norr"},
	}
	if got := g.Find(text); !reflect.DeepEqual(got, want) {
		t.Fatalf("Find(%q)=%+v, want %+v", text, got, want)
	}
}

func TestDistrict(t *testing.T) {
	g := mustNew(t, testEntries, testExclusions)
	tests := []struct {
		text   string
		want   string
		wantOK bool
	}{
		{"Bråk på Stortorget.", "centrum", true},
		{"Från Norr till Stortorget, sedan Drottninggatan.", "centrum", true}, // most frequent
		{"Från Norr till Stortorget.", "norr", true},                          // tie: first named
		{"Trafikolycka norr om Katrineholm.", "", false},                      // kommun-wide
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := g.District(tt.text)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("District(%q)=%q, %v, want %q, %v", tt.text, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestNew(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// The same phrase twice for the same district is harmless.
		entries := []gazetteer.Entry{
			{Name: "Norr", District: "norr", Variants: []string{"NORR"}},
			{Name: "norr", District: "norr"},
		}
		if _, err := gazetteer.New(entries, []string{"norr om", "Norr  om"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("NoEntries", func(t *testing.T) {
		g := mustNew(t, nil, nil)
		if got := g.Find("Norr"); got != nil {
			t.Fatalf("Find=%v, want none", got)
		}
	})
	bad := []struct {
		name       string
		entries    []gazetteer.Entry
		exclusions []string
	}{
		{"ErrEmptyName", []gazetteer.Entry{{Name: "", District: "norr"}}, nil},
		{"ErrBlankName", []gazetteer.Entry{{Name: " \n", District: "norr"}}, nil},
		{"ErrEmptyVariant", []gazetteer.Entry{{Name: "Norr", District: "norr", Variants: []string{""}}}, nil},
		{"ErrEmptyDistrict", []gazetteer.Entry{{Name: "Norr"}}, nil},
		{"ErrTwoDistricts", []gazetteer.Entry{{Name: "Norr", District: "norr"}, {Name: "NORR", District: "centrum"}}, nil},
		{"ErrVariantTwoDistricts", []gazetteer.Entry{{Name: "Norr", District: "norr"}, {Name: "Norra", District: "x", Variants: []string{"norr"}}}, nil},
		{"ErrNameExcluded", []gazetteer.Entry{{Name: "Norr", District: "norr"}}, []string{"norr"}},
		{"ErrEmptyExclusion", nil, []string{" "}},
		{"ErrTooLong", []gazetteer.Entry{{Name: strings.Repeat("Norr ", 21), District: "norr"}}, nil},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := gazetteer.New(tt.entries, tt.exclusions); err == nil {
				t.Fatal("New succeeded, want an error")
			}
		})
	}
}

func TestKatrineholmDefault(t *testing.T) {
	entries, exclusions := gazetteer.KatrineholmDefault()
	known := map[string]bool{"centrum": true, "norr": true, "navertorp": true, "oster": true,
		"vaster": true, "soder": true, "sandbacken": true, "ovriga": true}
	for _, e := range entries {
		if !known[e.District] {
			t.Errorf("%s: district %q is not a demo district", e.Name, e.District)
		}
	}
	mustNew(t, entries, exclusions)
}

// key is an independent statement of what New compares: lower case, é/è as
// e, white space collapsed.
func key(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r = unicode.ToLower(r); r {
		case 'é', 'è':
			return 'e'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// checkMatches fails unless matches are sorted, disjoint, in bounds, whole
// words, and each is a form of its entry.
func checkMatches(t *testing.T, text string, matches []gazetteer.Match, forms map[string]map[string]bool) {
	t.Helper()
	end := 0
	for _, m := range matches {
		if m.Start < end || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("match %+v out of order or bounds (previous end %d, len %d)", m, end, len(text))
		}
		end = m.End
		if m.Text != text[m.Start:m.End] {
			t.Fatalf("Text=%q, want %q", m.Text, text[m.Start:m.End])
		}
		if !forms[m.Name][key(m.Text)] {
			t.Fatalf("%q is not a form of %q", m.Text, m.Name)
		}
	}
}

func formsOf(entries []gazetteer.Entry) map[string]map[string]bool {
	forms := map[string]map[string]bool{}
	for _, e := range entries {
		forms[e.Name] = map[string]bool{key(e.Name): true}
		for _, v := range e.Variants {
			forms[e.Name][key(v)] = true
		}
	}
	return forms
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Bråk på Stortorget", "NÄVERTORPSSKOLAN", "söder om Södermanlands län", "norra\u00a0Katrineholm",
		"Öster i Eskilstuna, Öster", "\xffNorr\u0308", "Linnévägen/Linnevägen", "",
	} {
		f.Add(s)
	}
	for _, r := range loadNotices(f) {
		f.Add(r.text())
	}
	entries, exclusions := gazetteer.KatrineholmDefault()
	g := mustNew(f, entries, exclusions)
	forms := formsOf(entries)
	f.Fuzz(func(t *testing.T, text string) {
		checkMatches(t, text, g.Find(text), forms)
		if d, ok := g.District(text); ok != (d != "") {
			t.Fatalf("District=%q, %v", d, ok)
		}
	})
}

// FuzzNew checks that any name that New accepts is found in a text that
// holds only that name.
func FuzzNew(f *testing.F) {
	for _, s := range []string{"Nävertorp", "norra  Katrineholm", "É", "\xff", "a\u0301", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		entries := []gazetteer.Entry{{Name: name, District: "d"}}
		g, err := gazetteer.New(entries, nil)
		if err != nil {
			if n := utf8.RuneCountInString(key(name)); n > 0 && n <= 100 {
				t.Fatalf("New(%q): %v", name, err)
			}
			return
		}
		text := " " + name + " "
		got := g.Find(text)
		checkMatches(t, text, got, formsOf(entries))
		if len(got) != 1 {
			t.Fatalf("Find(%q)=%+v, want one match", text, got)
		}
	})
}
