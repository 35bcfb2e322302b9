package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var numberRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// countKind says what a published [Count] reveals.
type countKind int

const (
	countNone   countKind = iota // no figure: "–"
	countExact                   // the number itself
	countLower                   // "≥ 12": at least this much
	countHidden                  // "<5": hidden; v is the bound
)

type parsedCount struct {
	kind countKind
	v    float64
}

// parse reads the forms package disclosure writes: "37", "12,5" or "12.5",
// "1 234" (any space as a thousands separator), "≥ 12" (or ">= 12") and
// "<5".
func (c Count) parse() (parsedCount, error) {
	s := strings.TrimSpace(string(c))
	if s == "" || s == "–" || s == "-" {
		return parsedCount{kind: countNone}, nil
	}
	kind := countExact
	switch {
	case strings.HasPrefix(s, "≥"):
		kind, s = countLower, s[len("≥"):]
	case strings.HasPrefix(s, ">="):
		kind, s = countLower, s[2:]
	case strings.HasPrefix(s, "<"):
		kind, s = countHidden, s[1:]
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009':
			return -1
		case ',':
			return '.'
		}
		return r
	}, s)
	if !numberRE.MatchString(clean) {
		return parsedCount{}, fmt.Errorf("%q is not a published count (like 37, 12,5, ≥ 12 or <5)", string(c))
	}
	v, _ := strconv.ParseFloat(clean, 64)
	return parsedCount{kind: kind, v: v}, nil
}

// text is the count as shown: as given, or "–" for none.
func (c Count) text() string {
	s := strings.TrimSpace(string(c))
	if s == "" {
		return "–"
	}
	return s
}
