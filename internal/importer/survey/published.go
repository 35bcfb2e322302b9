package survey

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trygg-se/trygg/internal/stats"
)

// PublishedFigure is a survey result imported as published, for when only
// the police's report is at hand: a share or a 0–6 problem index for one
// item in one area, with its n. Its formula is the publisher's, so it is
// never recomputed.
type PublishedFigure struct {
	Line  int        // CSV line or XLSX row
	Item  string     // the indicator or question, as the report names it
	Area  string     // the district, kommun or police area
	Kind  stats.Kind // stats.KindShare or stats.KindProblemIndex
	Value float64    // a share in 0..1, or an index in 0..6
	N     int        // respondents behind the figure, > 0
}

// publishedColumns are the header names accepted (compared by nameKey),
// in English and Swedish.
var publishedColumns = []struct {
	what  string
	names []string
}{
	{"item", []string{"item", "question", "fråga", "fraga", "indicator", "indikator"}},
	{"area", []string{"area", "område", "omrade", "district", "stadsdel", "kommun", "lpo", "lokalpolisområde"}},
	{"kind", []string{"kind", "type", "typ", "mått", "matt"}},
	{"value", []string{"value", "värde", "varde"}},
	{"n", []string{"n", "antal", "svar", "antalsvar"}},
}

// ReadPublished reads published figures, all or nothing, from a CSV (any of
// the encodings and delimiters Read accepts) or XLSX file with the columns
// item, area, kind, value and n (or fråga, område, typ, värde, antal).
// Kind is share (andel) or index (problemindex). A share is a fraction
// ("0,235") or a percentage with its sign ("23,5 %"); a bare number above 1
// is refused as ambiguous. An index is 0–6. A figure the report suppressed
// is left out of the file, not written as "-". Each item, area and kind may
// appear once.
func ReadPublished(r io.Reader, name string) ([]PublishedFigure, error) {
	t, err := openTable(r, name, false, &Mapping{})
	if err != nil {
		return nil, unstop(err)
	}
	header, hline, err := t.next()
	if err != nil {
		return nil, unstop(err)
	}
	var cols [5]int
	var errs []error
	for j, pc := range publishedColumns {
		cols[j] = -1
		for i, h := range header {
			for _, n := range pc.names {
				if nameKey(h) == nameKey(n) {
					if cols[j] >= 0 {
						errs = append(errs, &Error{File: name, Line: hline, Column: strings.TrimSpace(h),
							Err: fmt.Errorf("a second column for %s", pc.what)})
					}
					cols[j] = i
				}
			}
		}
		if cols[j] < 0 {
			errs = append(errs, &Error{File: name, Line: hline, Err: fmt.Errorf("no column for %s (%s); columns: %s",
				pc.what, strings.Join(pc.names, ", "), columnList(header))})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	list := errorList{file: name}
	fail := func(line, col int, format string, args ...any) {
		e := &Error{File: name, Line: line, Err: fmt.Errorf(format, args...)}
		if col >= 0 {
			e.Column = strings.TrimSpace(header[col])
		}
		t.locate(e, col)
		list.add(e)
	}
	var out []PublishedFigure
	seen := map[[3]string]int{}
	for !list.full() {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		var se stopError
		if errors.As(err, &se) {
			list.add(se.err)
			break
		}
		if err != nil {
			list.add(err)
			continue
		}
		get := func(j int) string {
			s := strings.TrimSpace(rec[cols[j]])
			if !t.validUTF8(s) {
				fail(line, cols[j], "not UTF-8 (the file's first 64 KiB were, so it is read as UTF-8)")
				return ""
			}
			return s
		}
		f := PublishedFigure{Line: line, Item: get(0), Area: get(1)}
		ok := true
		for j, v := range []string{f.Item, f.Area} {
			if v == "" {
				fail(line, cols[j], "empty %s", publishedColumns[j].what)
				ok = false
			}
		}
		kind, value, n := get(2), get(3), get(4)
		switch nameKey(kind) {
		case "share", "andel", "proportion", "procent", "percent":
			f.Kind = stats.KindShare
		case "index", "problemindex":
			f.Kind = stats.KindProblemIndex
		default:
			fail(line, cols[2], "kind %q: use share (andel) or index (problemindex)", clip(kind))
			ok = false
		}
		if f.Kind != "" {
			if f.Value, err = publishedValue(value, f.Kind); err != nil {
				fail(line, cols[3], "%v", err)
				ok = false
			}
		}
		if count, isCount := parseCount(n); isCount && count > 0 {
			f.N = count
		} else {
			fail(line, cols[4], "n %q: want a whole number above 0", clip(n))
			ok = false
		}
		if !ok {
			continue
		}
		key := [3]string{labelKey(f.Item), labelKey(f.Area), string(f.Kind)}
		if prev, dup := seen[key]; dup {
			fail(line, -1, "%s %q for %q is given twice (also on line %d)", f.Kind, f.Item, f.Area, prev)
			continue
		}
		seen[key] = line
		out = append(out, f)
	}
	if err := list.err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &Error{File: name, Err: errors.New("no figures")}
	}
	return out, nil
}

func publishedValue(s string, kind stats.Kind) (float64, error) {
	num, percent := strings.CutSuffix(strings.TrimSpace(s), "%")
	x, ok := parseDecimal(num)
	if !ok {
		if s == "" || s == "-" || s == ".." || s == "–" {
			return 0, fmt.Errorf("value %q: leave suppressed figures out of the file", s)
		}
		return 0, fmt.Errorf("value %q is not a number", clip(s))
	}
	if kind == stats.KindProblemIndex {
		switch {
		case percent:
			return 0, fmt.Errorf("value %q: an index is 0–6, not a percentage", s)
		case x < 0 || x > 6:
			return 0, fmt.Errorf("index %s is outside 0–6", s)
		}
		return x, nil
	}
	switch {
	case percent && (x < 0 || x > 100):
		return 0, fmt.Errorf("share %s is outside 0–100 %%", s)
	case percent:
		return x / 100, nil
	case x < 0 || x > 1:
		return 0, fmt.Errorf("share %s: a fraction is 0–1; write a percentage with its sign, e.g. %s %%", s, s)
	}
	return x, nil
}
