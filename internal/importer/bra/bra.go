// Package bra parses Brå's (Brottsförebyggande rådet) yearly table of
// reported crime per kommun: one row per kommun with the number of reported
// offences and the number per 100 000 inhabitants, plus a national total.
//
// Two dialects exist, both UTF-8 with BOM, ';'-separated and CRLF:
//
//	Kommun;Antal;Per 100 000 inv.        (2023 on: a header, plain names)
//	Katrineholms kommun;2 537;7 412,3    (2021: no header, "X kommun" names)
//
// The dialect is told from the content, not the year. Numbers are Swedish:
// digits grouped in threes by a space (also U+00A0 or U+202F), decimal comma
// (a decimal point is accepted too). ".." (not available) and "-" are read
// as missing. Note that in SCB's sign convention "-" means zero; Brå's use
// is not documented, so missing is the cautious reading: it never invents a
// zero.
//
// The parser is strict because imports are all-or-nothing: an unknown kommun
// name, a duplicate kommun or a malformed number is an error naming the line
// and field, so a wrong or truncated file is caught before anything is stored.
package bra

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Row is one kommun (or the national total) for one year.
type Row struct {
	Line     int      // line in the file, 1-based
	Kommun   string   // official kommun name, or "Hela landet"
	Code     string   // 4-digit kommun code; "" for the national total
	National bool     // the "Hela landet" row
	Count    *int     // reported offences; nil when missing
	Per100k  *float64 // reported offences per 100 000 inhabitants; nil when missing
}

// Field names as they appear in errors, the same for both dialects.
const (
	fieldKommun  = "Kommun"
	fieldCount   = "Antal"
	fieldPer100k = "Per 100 000 inv."
)

// columns holds the index of each field and the expected field count.
type columns struct{ kommun, count, per100k, n int }

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse reads a whole Brå file for the given year (1950..2100). It returns
// the rows in file order, or the first error, as "line N field F: …".
// The year is only checked: names and codes are the current division (290
// kommuner, unchanged since 2007).
func Parse(r io.Reader, year int) ([]Row, error) {
	if year < 1950 || year > 2100 {
		return nil, fmt.Errorf("year %d is outside 1950..2100", year)
	}
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.ReuseRecord = true

	cols := columns{0, 1, 2, 3} // the headerless 2021 layout
	var rows []Row
	seen := map[string]int{} // kommun code ("" = national) → line
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: %w", pe.StartLine, pe.Err)
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if first {
			first = false
			if isHeader(rec) {
				if cols, err = headerColumns(rec, line); err != nil {
					return nil, err
				}
				continue
			}
		}
		if len(rec) != cols.n {
			return nil, fmt.Errorf("line %d: %d fields, want %d", line, len(rec), cols.n)
		}
		row, err := parseRow(rec, cols, line)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[row.Code]; dup {
			return nil, fmt.Errorf("line %d field %s: %s appears twice (first on line %d)", line, fieldKommun, row.Kommun, prev)
		}
		seen[row.Code] = line
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, errors.New("no rows: the file is empty or has only a header")
	}
	return rows, nil
}

func parseRow(rec []string, cols columns, line int) (Row, error) {
	row := Row{Line: line}
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return row, fmt.Errorf("line %d: not UTF-8 (Brå files are UTF-8; was it saved as Windows-1252?)", line)
		}
	}
	name := strings.TrimSpace(rec[cols.kommun])
	switch k, ok := lookupKommun(name); {
	case name == "":
		return row, fmt.Errorf("line %d field %s: empty", line, fieldKommun)
	case isNational(name):
		row.Kommun, row.National = nationalName, true
	case ok:
		row.Kommun, row.Code = k.Name, k.Code
	default:
		return row, fmt.Errorf("line %d field %s: %q is not a kommun", line, fieldKommun, name)
	}

	s, missing, err := number(rec[cols.count], false)
	if err != nil {
		return row, fmt.Errorf("line %d field %s: %w", line, fieldCount, err)
	}
	if !missing {
		n, err := strconv.Atoi(s)
		if err != nil {
			return row, fmt.Errorf("line %d field %s: %q is out of range", line, fieldCount, rec[cols.count])
		}
		row.Count = &n
	}

	s, missing, err = number(rec[cols.per100k], true)
	if err != nil {
		return row, fmt.Errorf("line %d field %s: %w", line, fieldPer100k, err)
	}
	if !missing {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return row, fmt.Errorf("line %d field %s: %q is out of range", line, fieldPer100k, rec[cols.per100k])
		}
		row.Per100k = &x
	}
	return row, nil
}

// number checks a Swedish non-negative number ("2 537", "7 412,3") and
// returns it in Go syntax ("2537", "7412.3"). Thousands groups must be
// exactly three digits, so a shifted or merged field ("25 37") is caught
// rather than read as 2537. missing is true for ".." and "-".
func number(field string, decimals bool) (s string, missing bool, err error) {
	t := strings.TrimSpace(field)
	switch t {
	case "..", "-", "–":
		return "", true, nil
	case "":
		return "", false, errors.New("empty (use \"..\" for a missing value)")
	}
	bad := fmt.Errorf("%q is not a number", field)
	var b strings.Builder
	group := 0        // digits in the current group
	grouped := false  // a thousands separator has been seen
	fraction := false // past the decimal separator
	for _, c := range t {
		switch {
		case c >= '0' && c <= '9':
			group++
			if grouped && !fraction && group > 3 {
				return "", false, bad
			}
			b.WriteRune(c)
		case c == ' ' || c == '\u00a0' || c == '\u202f':
			if fraction || group == 0 || group > 3 || (grouped && group != 3) {
				return "", false, bad
			}
			grouped, group = true, 0
		case (c == ',' || c == '.') && decimals && !fraction:
			if group == 0 || (grouped && group != 3) {
				return "", false, bad
			}
			fraction, group = true, 0
			b.WriteByte('.')
		default:
			return "", false, bad
		}
	}
	if group == 0 || (grouped && !fraction && group != 3) {
		return "", false, bad
	}
	return b.String(), false, nil
}

// isHeader reports whether the first record is a header line: no kommun is
// called "Kommun" and a data row's other fields are numbers.
func isHeader(rec []string) bool {
	for _, f := range rec {
		if h := headerKey(f); h == "kommun" || h == "region" {
			return true
		}
	}
	return false
}

// headerColumns finds the three columns by name, so added columns or a
// changed order in a future export still parse.
func headerColumns(rec []string, line int) (columns, error) {
	c := columns{-1, -1, -1, len(rec)}
	for i, f := range rec {
		var p *int
		switch h := headerKey(f); {
		case h == "kommun" || h == "region":
			p = &c.kommun
		case h == "antal":
			p = &c.count
		case strings.HasPrefix(strings.ReplaceAll(h, " ", ""), "per100000"):
			p = &c.per100k
		default:
			continue
		}
		if *p >= 0 {
			return c, fmt.Errorf("line %d: header has column %q twice", line, strings.TrimSpace(f))
		}
		*p = i
	}
	for _, m := range []struct {
		i    int
		name string
	}{{c.kommun, fieldKommun}, {c.count, fieldCount}, {c.per100k, fieldPer100k}} {
		if m.i < 0 {
			return c, fmt.Errorf("line %d: header has no column %q", line, m.name)
		}
	}
	return c, nil
}

// headerKey normalises a header cell: case, runs of (no-break) spaces and a
// trailing full stop do not matter.
func headerKey(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".")
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
