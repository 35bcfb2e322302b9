// Package disclosure decides what a public figure may show. A count
// behind which fewer than the threshold of incidents (or respondents) lie
// is hidden ("<5"): on a small street one report can point at a person.
//
// Hiding a cell is worthless if a total next to it lets a reader subtract
// it back. So every public figure is derived from one base table of cells,
// and a sum over cells some of which are hidden is never exact: it is shown
// as a lower bound ("≥ 12"), or, when every part is hidden, as an upper
// bound ("<10"). No published number, alone or with others, pins down a
// hidden one.
package disclosure

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DefaultThreshold is the smallest n shown (DESIGN.md §5); a tenant
// setting may raise it.
const DefaultThreshold = 5

// Value is a published figure.
type Value struct {
	count     float64 // weighted count; for a bound, the visible part
	n         int     // incidents behind it; for a bound, the visible part
	hidden    int     // cells hidden in it
	threshold int
}

// Cell is one cell of the base table: count is the (possibly weighted)
// count and n the number of incidents behind it.
func Cell(count float64, n, threshold int) Value {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	if n < threshold {
		return Value{hidden: 1, threshold: threshold}
	}
	return Value{count: count, n: n, threshold: threshold}
}

// Sum adds published values. It never sees the hidden cells' counts, so it
// cannot leak them.
func Sum(vs ...Value) Value {
	var s Value
	for _, v := range vs {
		s.count += v.count
		s.n += v.n
		s.hidden += v.hidden
		s.threshold = max(s.threshold, v.threshold)
	}
	return s
}

// Exact reports whether nothing in v is hidden.
func (v Value) Exact() bool { return v.hidden == 0 }

// Hidden reports whether v is made of hidden cells only.
func (v Value) Hidden() bool { return v.hidden > 0 && v.n == 0 }

// Count is the figure, when Exact.
func (v Value) Count() (float64, bool) { return v.count, v.Exact() }

// N is the number of incidents behind an exact figure.
func (v Value) N() (int, bool) { return v.n, v.Exact() }

// Text is the figure as pages show it: "12", "12,5" (Swedish decimal
// comma), "≥ 12" for a sum with hidden parts, "<5" for a hidden cell and
// "<10" for two hidden cells.
func (v Value) Text(lang string) string {
	switch {
	case v.Exact():
		return formatCount(v.count, lang)
	case v.Hidden():
		return "<" + strconv.Itoa(v.hidden*v.threshold)
	default:
		return "≥ " + formatCount(v.count, lang)
	}
}

// CSV is the figure in a download: the number when exact, else the same
// text as on pages, so that a spreadsheet never shows a bound as a number.
func (v Value) CSV() string {
	if v.Exact() {
		return strconv.FormatFloat(round1(v.count), 'f', -1, 64)
	}
	return v.Text("en")
}

// MarshalJSON writes {"count":12,"n":13} when exact and
// {"count":null,"suppressed":"<5"} (or "≥ 12") otherwise.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.Exact() {
		return json.Marshal(struct {
			Count float64 `json:"count"`
			N     int     `json:"n"`
		}{round1(v.count), v.n})
	}
	return json.Marshal(struct {
		Count      *float64 `json:"count"`
		Suppressed string   `json:"suppressed"`
	}{nil, v.Text("en")})
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func formatCount(f float64, lang string) string {
	f = round1(f)
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	s := fmt.Sprintf("%.1f", f)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
