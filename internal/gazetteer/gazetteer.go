// Package gazetteer finds a tenant's place names in free text and maps them
// to district keys. Police notices carry only the kommun's centre as a
// position, so the district of an event has to come from the names in its
// text: "Nävertorp", "Stortorget", "området Norr", "resecentrum".
//
// Matching is case-insensitive, on whole words and longest first, and
// exclusions ("söder om", "Logistik Centrum") keep direction words and
// look-alike phrases from counting. The text is scanned once by an
// Aho–Corasick automaton, so the cost grows with the text, not with the
// number of names.
package gazetteer

import (
	"cmp"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Entry is one place name of a tenant and the district it lies in.
type Entry struct {
	Name     string   // canonical name, e.g. "Nävertorp"
	District string   // district key, e.g. "navertorp"
	Variants []string // other forms that mean the same place, e.g. "Nävertorps"
}

// Match is one place name found in a text.
type Match struct {
	Name     string // canonical name of the entry
	District string // district key of the entry
	Start    int    // byte offset of the first byte in the text
	End      int    // byte offset just after the last byte
	Text     string // the match as written in the text, text[Start:End]
}

// Gazetteer matches a fixed set of names and exclusions. It is safe for
// concurrent use.
type Gazetteer struct {
	entries []Entry
	pats    []int32 // entry index of each automaton pattern, or -1 for an exclusion
	m       *machine
}

// maxRunes bounds the length of a name, variant or exclusion. Place names
// are short, and the automaton's table grows with the total length of all
// phrases times the number of distinct letters in them (about 160 bytes a
// letter for Swedish text; the Katrineholm demo takes 0.7 MB).
const maxRunes = 100

// New builds a gazetteer. Names, variants and exclusions are compared after
// lower-casing, folding é/è to e and collapsing runs of white space, so
// "Linnévägen" also finds "linnevägen" and "söder  om" equals "söder om". It
// fails on an empty name, variant, district or exclusion, on a name that
// maps to two districts, on a phrase that is both a name and an exclusion,
// and on a phrase longer than 100 characters.
func New(entries []Entry, exclusions []string) (*Gazetteer, error) {
	g := &Gazetteer{entries: slices.Clone(entries)}
	var words [][]rune
	seen := map[string]int32{} // normalised phrase → index into g.pats
	add := func(phrase string, entry int32) error {
		w := normalise(phrase)
		if len(w) == 0 {
			if entry < 0 {
				return fmt.Errorf("gazetteer: empty exclusion")
			}
			return fmt.Errorf("gazetteer: entry %q: empty name or variant", entries[entry].Name)
		}
		if len(w) > maxRunes {
			return fmt.Errorf("gazetteer: %q is longer than %d characters", phrase, maxRunes)
		}
		p, ok := seen[string(w)]
		if !ok {
			seen[string(w)] = int32(len(g.pats))
			g.pats = append(g.pats, entry)
			words = append(words, w)
			return nil
		}
		switch prev := g.pats[p]; {
		case (prev < 0) != (entry < 0):
			return fmt.Errorf("gazetteer: %q is both a name and an exclusion", phrase)
		case entry >= 0 && entries[prev].District != entries[entry].District:
			return fmt.Errorf("gazetteer: %q maps to both %q and %q",
				phrase, entries[prev].District, entries[entry].District)
		}
		return nil // the same phrase twice for the same district: harmless
	}
	for i, e := range entries {
		if e.District == "" {
			return nil, fmt.Errorf("gazetteer: entry %q: empty district", e.Name)
		}
		for _, name := range append([]string{e.Name}, e.Variants...) {
			if err := add(name, int32(i)); err != nil {
				return nil, err
			}
		}
	}
	for _, x := range exclusions {
		if err := add(x, -1); err != nil {
			return nil, err
		}
	}
	g.m = build(words)
	return g, nil
}

// Find returns the names found in text, in order of appearance and without
// overlaps. A name counts only on word boundaries: a letter or digit right
// before or after it means it is part of another word ("Söder" is not in
// "Södermanland"). Where names overlap, the longest wins ("Nävertorpsskolan"
// over "Nävertorp"), and a name that overlaps an exclusion does not count
// ("Söder" in "söder om Katrineholm").
func (g *Gazetteer) Find(text string) []Match {
	var names, blocks []span
	for _, s := range g.m.scan(text) {
		if !wholeWord(text, s.start, s.end) {
			continue
		}
		if g.pats[s.pat] < 0 {
			blocks = append(blocks, s)
		} else {
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		return nil
	}
	// Bytes taken by exclusions, then by names longest first. A phrase is at
	// most maxRunes long, so marking and checking its bytes is cheap.
	taken := make([]bool, len(text))
	take := func(s span) {
		for i := s.start; i < s.end; i++ {
			taken[i] = true
		}
	}
	for _, b := range blocks {
		take(b)
	}
	slices.SortFunc(names, func(a, b span) int {
		return cmp.Or(cmp.Compare(b.end-b.start, a.end-a.start), cmp.Compare(a.start, b.start))
	})
	kept := names[:0]
	for _, s := range names {
		if !slices.Contains(taken[s.start:s.end], true) {
			take(s)
			kept = append(kept, s)
		}
	}
	slices.SortFunc(kept, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	out := make([]Match, len(kept))
	for i, s := range kept {
		e := g.pats[s.pat]
		out[i] = Match{
			Name:     g.entries[e].Name,
			District: g.entries[e].District,
			Start:    s.start,
			End:      s.end,
			Text:     text[s.start:s.end],
		}
	}
	return out
}

// District returns the district named most often in text, ties going to the
// one named first; ok is false when text names no place, which callers
// treat as kommun-wide. Most often rather than first, because a notice
// tends to repeat the scene ("på Stortorget … vid torget på Stortorget")
// while a passing mention ("från resecentrum") is usually made once.
func (g *Gazetteer) District(text string) (district string, ok bool) {
	matches := g.Find(text)
	count := map[string]int{}
	for _, m := range matches {
		count[m.District]++
	}
	best := 0
	for _, m := range matches {
		if n := count[m.District]; n > best {
			district, best = m.District, n
		}
	}
	return district, best > 0
}

// wholeWord reports whether text[start:end] has no letter or digit right
// next to it. Marks count as letters so that a decomposed "a\u0308" does not
// make a boundary.
func wholeWord(text string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:start])
	after, _ := utf8.DecodeRuneInString(text[end:])
	return !isWord(before) && !isWord(after)
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
