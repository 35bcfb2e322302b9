package survey

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/trygg-se/trygg/internal/importer/csvin"
)

// table yields a file's records like a CSV reader, whether it is CSV or
// XLSX. The first record is the header.
type table interface {
	// next returns the next record that is not blank and the line (CSV) or
	// row (XLSX) where it starts, or io.EOF. The record is valid until the
	// next call; every record after the header is as wide as the header. A
	// *Error is about that record only and the table may be read on; a
	// stopError ends the read.
	next() (rec []string, line int, err error)
	// locate adds to e the sheet and cell of field i, for XLSX.
	locate(e *Error, i int)
	// validUTF8 reports whether s, a field, is UTF-8 if the encoding
	// leaves any doubt.
	validUTF8(s string) bool
	// serialDates reports whether numbers may be Excel serial dates, and
	// in which date system.
	serialDates() (ok, date1904 bool)
}

// stopError wraps an error after which a table cannot be read on.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }
func (e stopError) Unwrap() error { return e.err }

func stop(err error) error { return stopError{err} }

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	zipMagic   = []byte("PK\x03\x04")
	oleMagic   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openTable tells XLSX from CSV by the first bytes, whatever the format
// says, and refuses the look-alikes with advice.
func openTable(r io.Reader, name string, xlsx bool, m *Mapping) (table, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(len(oleMagic))
	if err != nil && err != io.EOF {
		return nil, &Error{File: name, Err: err}
	}
	switch {
	case bytes.HasPrefix(head, zipMagic):
		return openXLSX(br, name, m.Sheet)
	case bytes.HasPrefix(head, oleMagic):
		return nil, &Error{File: name, Err: errors.New("an Excel 97–2003 (.xls) file: save it as .xlsx or CSV UTF-8")}
	case xlsx:
		return nil, &Error{File: name, Err: errors.New("not an XLSX file (it is not a zip archive); for a CSV file give its format, e.g. --format limesurvey")}
	}
	return openCSV(br, name, m.Delimiter)
}

// sniffSize is how much of a CSV file decides its encoding and delimiter.
const sniffSize = 64 << 10

// csvTable reads CSV the way internal/importer/csvin does: UTF-8 with or
// without BOM, or Windows-1252 (Excel's plain "CSV" on Swedish Windows)
// when the first 64 KiB are not UTF-8, one decision per file; UTF-16
// refused; ";", "," or tab sniffed from the header outside quotes; Excel's
// "sep=;" line obeyed.
type csvTable struct {
	name     string
	cr       *csv.Reader
	skipped  int  // lines before the csv.Reader's line 1 (a "sep=" line)
	checkUTF bool // fields may hold invalid UTF-8
	width    int  // fields in the header; 0 before it is read
	encoding string
}

func openCSV(br *bufio.Reader, name, delimiter string) (*csvTable, error) {
	t := &csvTable{name: name, checkUTF: true, encoding: "UTF-8"}
	head, err := br.Peek(sniffSize)
	complete := err == io.EOF
	if err != nil && !complete {
		return nil, &Error{File: name, Err: err}
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		br.Discard(len(bomUTF8))
		head = head[len(bomUTF8):]
	case bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE):
		return nil, &Error{File: name, Err: errors.New("the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\"")}
	}
	var delim rune
	first := csvin.FirstLine(head)
	if d, ok := csvin.SepHint(first); ok {
		br.Discard(len(first))
		head = head[len(first):]
		first, delim, t.skipped = csvin.FirstLine(head), d, 1
	}
	var src io.Reader = br
	if !csvin.ValidUTF8(head, complete) {
		dec := charmap.Windows1252.NewDecoder()
		if first, err = dec.Bytes(first); err != nil {
			return nil, &Error{File: name, Err: err}
		}
		src = dec.Reader(br)
		t.checkUTF, t.encoding = false, "Windows-1252"
	}
	if delimiter != "" {
		delim = rune(delimiter[0])
	}
	if delim == 0 {
		delim = sniffDelimiter(string(first))
	}
	t.cr = csv.NewReader(src)
	t.cr.Comma = delim
	t.cr.FieldsPerRecord = -1 // checked in next, with a clearer message
	return t, nil
}

func (t *csvTable) next() ([]string, int, error) {
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			if t.width == 0 {
				return nil, 0, stop(&Error{File: t.name, Err: errors.New("the file is empty")})
			}
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				// The record's structure is lost: stop here.
				return nil, 0, stop(&Error{File: t.name, Line: pe.StartLine + t.skipped, Err: pe.Err})
			}
			return nil, 0, stop(&Error{File: t.name, Err: err})
		}
		if blank(rec) {
			continue
		}
		line, _ := t.cr.FieldPos(0)
		line += t.skipped
		if t.width == 0 {
			t.width = len(rec)
		} else if len(rec) != t.width {
			return nil, line, &Error{File: t.name, Line: line,
				Err: fmt.Errorf("%d fields, the header has %d (delimiter %q)", len(rec), t.width, t.cr.Comma)}
		}
		return rec, line, nil
	}
}

func (t *csvTable) locate(*Error, int) {}

func (t *csvTable) validUTF8(s string) bool { return !t.checkUTF || utf8.ValidString(s) }

func (t *csvTable) serialDates() (bool, bool) { return false, false }

func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(f string) bool { return strings.TrimSpace(f) != "" })
}

// sniffDelimiter picks the most frequent of ';', ',' and tab outside quotes
// in the header line (ties in that order: Swedish exports prefer ';'). A
// LimeSurvey heading such as "Q1. Hur trygg, på kvällen?" is quoted, so its
// comma does not count.
func sniffDelimiter(header string) rune {
	count := map[rune]int{}
	quoted := false
	for _, c := range header {
		if c == '"' {
			quoted = !quoted
		} else if !quoted {
			count[c]++
		}
	}
	best := ','
	for _, c := range []rune{'\t', ',', ';'} {
		if count[c] >= count[best] && count[c] > 0 {
			best = c
		}
	}
	return best
}
