package gazetteer

import (
	"unicode"
	"unicode/utf8"
)

// lowRunes is the size of the direct class table: ASCII, Latin-1 and Latin
// Extended-A/B, which hold every letter of Swedish and its neighbours, so
// the common case needs no map look-up.
const lowRunes = 0x250

// blank is the class of white space: a run of it reads as one space, so
// "norr\n om" and "norr om" are the same phrase.
const blank = -1

// machine is an Aho–Corasick automaton compiled to a DFA over rune classes.
// Each folded rune that occurs in some pattern has its own class and all
// other runes share class 0, so the transition table stays small and a step
// is one look-up.
type machine struct {
	low   [lowRunes]int32 // class of each rune below lowRunes, already folded
	high  map[rune]int32  // class of each folded pattern rune
	space int32           // class of ' ', 0 if no pattern has a space
	width int             // number of classes: the row length of next
	next  []int32         // next[state*width+class]: the following state, ^state if patterns end there
	out   [][]int32       // patterns that end in each state, own and suffixes
	size  []int           // length of each pattern in runes
	mask  int             // length-1 of scan's ring of start offsets, a power of two ≥ the longest pattern
}

// span is a candidate match of pattern pat at text[start:end].
type span struct {
	start, end int
	pat        int32
}

// fold lower-cases r and drops the acute and grave from e: Swedish writers
// use both "Linnévägen" and "Linnevägen" (both are in the police notices).
// å, ä and ö are letters of their own and stay.
func fold(r rune) rune {
	switch r {
	case 'é', 'É', 'è', 'È':
		return 'e'
	}
	return unicode.ToLower(r)
}

// normalise folds s, collapses white space to single spaces and trims it.
func normalise(s string) []rune {
	var w []rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			if len(w) > 0 && w[len(w)-1] != ' ' {
				w = append(w, ' ')
			}
			continue
		}
		w = append(w, fold(r))
	}
	if len(w) > 0 && w[len(w)-1] == ' ' {
		w = w[:len(w)-1]
	}
	return w
}

// build compiles the normalised patterns; pattern i is words[i].
func build(words [][]rune) *machine {
	m := &machine{high: map[rune]int32{}}
	for _, w := range words {
		for _, r := range w {
			if _, ok := m.high[r]; !ok {
				m.high[r] = int32(len(m.high) + 1)
			}
		}
	}
	m.width = len(m.high) + 1
	m.space = m.high[' ']
	for r := range rune(lowRunes) {
		m.low[r] = m.class(r)
	}

	// The trie: -1 marks a missing edge until the DFA is completed below.
	row := func() {
		for range m.width {
			m.next = append(m.next, -1)
		}
	}
	row()
	own := [][]int32{nil} // patterns ending exactly in each state
	longest := 0
	for p, w := range words {
		s := int32(0)
		for _, r := range w {
			i := int(s)*m.width + int(m.high[r])
			if m.next[i] < 0 {
				m.next[i] = int32(len(own))
				own = append(own, nil)
				row()
			}
			s = m.next[i]
		}
		own[s] = append(own[s], int32(p))
		m.size = append(m.size, len(w))
		longest = max(longest, len(w))
	}
	ring := 1
	for ring < longest {
		ring *= 2
	}
	m.mask = ring - 1

	// Breadth first, so that a state's failure state (always shallower) is
	// complete before the state itself: missing edges take the failure
	// state's edge, and outputs include those of the failure state.
	fail := make([]int32, len(own))
	m.out = make([][]int32, len(own))
	for queue := []int32{0}; len(queue) > 0; queue = queue[1:] {
		s := queue[0]
		for c := range m.width {
			via := int32(0) // where c leads from the failure state
			if s != 0 {
				via = m.next[int(fail[s])*m.width+c]
			}
			t := &m.next[int(s)*m.width+c]
			if *t < 0 {
				*t = via
				continue
			}
			fail[*t] = via
			m.out[*t] = append(own[*t], m.out[via]...)
			queue = append(queue, *t)
		}
	}
	// ^t marks a step into a state t where patterns end, so that scan
	// reads out only there and not on every rune.
	for i, t := range m.next {
		if len(m.out[t]) > 0 {
			m.next[i] = ^t
		}
	}
	return m
}

// class returns the class of rune r, or blank for white space. scan reads
// runes below lowRunes from the table instead.
func (m *machine) class(r rune) int32 {
	if unicode.IsSpace(r) {
		return blank
	}
	return m.high[fold(r)]
}

// scan returns every occurrence of every pattern, whole word or not, in
// order of end.
func (m *machine) scan(text string) []span {
	var found []span
	starts := make([]int, m.mask+1) // byte offsets of the last runes read
	state, n, inBlank := int32(0), 0, false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		var c int32
		if r < lowRunes {
			c = m.low[r]
		} else {
			c = m.class(r)
		}
		if c == blank {
			if inBlank {
				i += size
				continue
			}
			inBlank, c = true, m.space
		} else {
			inBlank = false
		}
		starts[n&m.mask] = i
		i += size
		state = m.next[int(state)*m.width+int(c)]
		if state < 0 {
			state = ^state
			for _, p := range m.out[state] {
				found = append(found, span{starts[(n+1-m.size[p])&m.mask], i, p})
			}
		}
		n++
	}
	return found
}
