// Package csvin reads incident CSV exports from other tools (EST systems,
// GIS, spreadsheets) through a column Mapping, one row at a time, so a file
// of millions of rows is read in constant memory.
//
// It copes with the habits of Swedish spreadsheets:
//
//   - Encoding: UTF-8 with or without BOM. If the first 64 KiB are not valid
//     UTF-8 the whole file is read as Windows-1252, which is what Excel's
//     plain "CSV" saves on Swedish Windows. One decision per file: a file
//     that turns invalid only after 64 KiB gets a per-field error instead of
//     a silent mix. UTF-16 (Excel's "Unicode text") is refused with advice.
//   - Delimiter: ";" (Swedish Excel), "," or tab, sniffed from the header
//     line outside quotes, preferring the candidate under which all mapped
//     columns exist; an Excel "sep=;" first line is honoured.
//   - Quoted fields as in RFC 4180 (a stray quote in an unquoted field is
//     an error), CRLF; blank rows and rows of empty fields are skipped.
//   - Decimal comma and space-grouped digits in coordinates ("58,9958",
//     "6 543 210").
//   - Dates: 2023-02-15, 15/2/2023 and 15.2.2023 (day first, never US
//     order), optionally with a time (" 22:10", " 22.10", "T22:10:00",
//     seconds, fractions) and an offset ("Z", "+01:00", "+0100"). Years
//     outside 1900..2100 are refused: they are nulls written as dates.
//   - A date alone is a window covering that local day. Times without an
//     offset are local in Mapping.TimeZone, DST-correct. A time that does
//     not exist (02:30 on the spring-forward night) is read as the clock
//     shows after the change (03:30 CEST, the same instant as 02:30 CET); a
//     time that occurs twice (02:30 on the autumn night) is taken as the
//     first (CEST). time.Date would pick the second.
//
// Every error names the line and the column as "line N field COLUMN: …";
// the caller adds the file name. The caller also masks personal data in
// Text (see internal/privacy) and de-duplicates by ID.
//
// Time zones are loaded with time.LoadLocation; binaries embed time/tzdata.
package csvin

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trygg-se/trygg/internal/geo/sweref"
	"golang.org/x/text/encoding/charmap"
)

// Row is one incident. From and To are UTC; To == From for an instant,
// otherwise the window is [From, To) (a date alone ends at the next local
// midnight; a To column is taken as written, a date there meaning the end
// of that day).
type Row struct {
	Line     int // line where the row starts, 1-based
	ID       string
	From, To time.Time
	Lat, Lon float64 // WGS84 degrees, when HasPoint
	HasPoint bool
	District string
	Place    string
	Category string
	Text     string
}

// Reader streams Rows from a CSV file.
type Reader struct {
	cr       *csv.Reader
	m        Mapping
	col      [nFields]int // column index per field, -1 when not mapped
	nCols    int
	zone     *zone
	proj     sweref.Projection
	encoding string
	checkUTF bool // fields may hold invalid UTF-8 (UTF-8 mode only)
	skipped  int  // lines before the csv.Reader's line 1 (a "sep=" line)
}

// field enumerates the mapped columns.
type field int

const (
	fID field = iota
	fTime
	fFrom
	fTo
	fLat
	fLon
	fEast
	fNorth
	fDistrict
	fPlace
	fCategory
	fText
	nFields
)

func (m Mapping) columns() [nFields]string {
	return [nFields]string{m.ID, m.Time, m.From, m.To, m.Lat, m.Lon, m.East, m.North, m.District, m.Place, m.Category, m.Text}
}

// sniffSize is how much of the file decides the encoding and delimiter.
const sniffSize = 64 << 10

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// NewReader validates m, detects the encoding and delimiter, reads the
// header and checks that every mapped column is in it.
func NewReader(r io.Reader, m Mapping) (*Reader, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	m = m.withDefaults()
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return nil, err // Validate loaded it already
	}
	proj, err := sweref.ByEPSG(m.CRS)
	if err != nil {
		return nil, err
	}
	rd := &Reader{m: m, zone: newZone(loc), proj: proj, encoding: "UTF-8", checkUTF: true}

	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	complete := err == io.EOF // head is the whole file
	if err != nil && !complete {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		br.Discard(len(bomUTF8))
		head = head[len(bomUTF8):]
	case bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE):
		return nil, errors.New("the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\"")
	}
	utf := ValidUTF8(head, complete)

	var delim rune
	first := FirstLine(head)
	if d, ok := SepHint(first); ok { // Excel's "sep=;" line: obey and drop it
		br.Discard(len(first))
		head = head[len(first):]
		first, delim, rd.skipped = FirstLine(head), d, 1
	}
	var src io.Reader = br
	if !utf {
		dec := charmap.Windows1252.NewDecoder()
		if first, err = dec.Bytes(first); err != nil {
			return nil, err
		}
		src = dec.Reader(br)
		rd.encoding, rd.checkUTF = "Windows-1252", false
	}
	if m.Delimiter != "" {
		delim = rune(m.Delimiter[0])
	}
	if delim == 0 {
		delim = sniffDelimiter(string(first), m)
	}

	rd.cr = csv.NewReader(src)
	rd.cr.Comma = delim
	rd.cr.ReuseRecord = true // the one allocation per row is the line's string
	header, err := rd.cr.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty")
	}
	if err != nil {
		return nil, rd.rowError(err, nil)
	}
	rd.nCols = len(header)
	line := rd.line()
	for f, name := range m.columns() {
		rd.col[f] = -1
		if name == "" {
			continue
		}
		for i, h := range header {
			if !strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
				continue
			}
			if rd.col[f] >= 0 {
				return nil, fmt.Errorf("line %d: column %q appears twice in the header", line, name)
			}
			rd.col[f] = i
		}
		if rd.col[f] < 0 {
			return nil, fmt.Errorf("line %d: no column %q in the header (delimiter %q; columns: %s)",
				line, name, delim, strings.Join(header, ", "))
		}
	}
	return rd, nil
}

// Encoding returns how the file is decoded: "UTF-8" or "Windows-1252".
func (rd *Reader) Encoding() string { return rd.encoding }

// Delimiter returns the field delimiter in use.
func (rd *Reader) Delimiter() rune { return rd.cr.Comma }

// Next returns the next row, or io.EOF after the last. Rows that are blank
// or have only empty fields are skipped. After a row's error Next may be
// called again, so an importer can list several bad rows at once.
func (rd *Reader) Next() (Row, error) {
	for {
		rec, err := rd.cr.Read()
		if err == io.EOF {
			return Row{}, io.EOF
		}
		if err != nil {
			if errors.Is(err, csv.ErrFieldCount) && blank(rec) {
				continue
			}
			return Row{}, rd.rowError(err, rec)
		}
		if blank(rec) {
			continue
		}
		return rd.row(rec, rd.line())
	}
}

// line returns the file line where the last record read starts.
func (rd *Reader) line() int {
	n, _ := rd.cr.FieldPos(0)
	return n + rd.skipped
}

func (rd *Reader) rowError(err error, rec []string) error {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe) && pe.Err == csv.ErrFieldCount:
		return fmt.Errorf("line %d: %d fields, the header has %d", pe.StartLine+rd.skipped, len(rec), rd.nCols)
	case errors.As(err, &pe):
		return fmt.Errorf("line %d: %w", pe.StartLine+rd.skipped, pe.Err)
	}
	return err
}

func (rd *Reader) row(rec []string, line int) (Row, error) {
	r := Row{Line: line}
	var err error
	if r.ID, err = rd.text(rec, fID, line); err != nil {
		return r, err
	}
	if r.District, err = rd.text(rec, fDistrict, line); err != nil {
		return r, err
	}
	if r.Place, err = rd.text(rec, fPlace, line); err != nil {
		return r, err
	}
	if r.Category, err = rd.text(rec, fCategory, line); err != nil {
		return r, err
	}
	if r.Text, err = rd.text(rec, fText, line); err != nil {
		return r, err
	}
	if err := rd.times(&r, rec, line); err != nil {
		return r, err
	}
	if err := rd.point(&r, rec, line); err != nil {
		return r, err
	}
	if !r.HasPoint && r.District == "" && r.Place == "" {
		return r, fmt.Errorf("line %d: no place: the columns %s are all empty", line, rd.placeColumns())
	}
	return r, nil
}

func (rd *Reader) get(rec []string, f field) string {
	if i := rd.col[f]; i >= 0 {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (rd *Reader) fail(line int, f field, format string, args ...any) error {
	return fmt.Errorf("line %d field %s: %s", line, rd.m.columns()[f], fmt.Sprintf(format, args...))
}

func (rd *Reader) text(rec []string, f field, line int) (string, error) {
	s := rd.get(rec, f)
	if rd.checkUTF && !utf8.ValidString(s) {
		return "", rd.fail(line, f, "not UTF-8 (the file's first 64 KiB were, so it is read as UTF-8)")
	}
	return s, nil
}

const dateHint = "use e.g. 2023-02-15 22:10, 2023-02-15, 15/2/2023 or RFC 3339"

func (rd *Reader) stamp(rec []string, f field, line int) (from, to time.Time, err error) {
	s := rd.get(rec, f)
	if s == "" {
		return from, to, rd.fail(line, f, "empty; a time is required")
	}
	st, ok := parseStamp(s)
	if !ok {
		return from, to, rd.fail(line, f, "%q is not a date (%s)", s, dateHint)
	}
	from, to = rd.zone.window(st)
	return from, to, nil
}

func (rd *Reader) times(r *Row, rec []string, line int) (err error) {
	if rd.col[fTime] >= 0 {
		r.From, r.To, err = rd.stamp(rec, fTime, line)
		return err
	}
	if r.From, r.To, err = rd.stamp(rec, fFrom, line); err != nil {
		return err
	}
	if rd.col[fTo] < 0 || rd.get(rec, fTo) == "" {
		return nil // an open end: the From value's own instant or day
	}
	_, to, err := rd.stamp(rec, fTo, line)
	if err != nil {
		return err
	}
	if to.Before(r.From) {
		return rd.fail(line, fTo, "%q is before %s", rd.get(rec, fTo), rd.m.From)
	}
	r.To = to
	return nil
}

func (rd *Reader) point(r *Row, rec []string, line int) error {
	fa, fb := fLat, fLon
	if rd.col[fEast] >= 0 {
		fa, fb = fNorth, fEast
	} else if rd.col[fLat] < 0 {
		return nil
	}
	sa, sb := rd.get(rec, fa), rd.get(rec, fb)
	switch {
	case sa == "" && sb == "":
		return nil
	case sa == "":
		return rd.fail(line, fa, "empty while %s is given", rd.m.columns()[fb])
	case sb == "":
		return rd.fail(line, fb, "empty while %s is given", rd.m.columns()[fa])
	}
	a, ok := parseNumber(sa)
	if !ok {
		return rd.fail(line, fa, "%q is not a number", sa)
	}
	b, ok := parseNumber(sb)
	if !ok {
		return rd.fail(line, fb, "%q is not a number", sb)
	}
	if fa == fNorth {
		// Bounds far wider than Sweden (north 9 000 km is 81° N) that keep
		// the projection well-defined (no wrapping past the pole) and catch
		// east and north swapped, the classic GIS mistake.
		if a < 0 || a > 9_000_000 {
			return rd.fail(line, fa, "%s is outside 0..9000000 m", sa)
		}
		if b < 0 || b > 1_000_000 {
			return rd.fail(line, fb, "%s is outside 0..1000000 m (are east and north swapped?)", sb)
		}
		r.Lat, r.Lon = rd.proj.Inverse(a, b)
		r.HasPoint = true
		return nil
	}
	if a < -90 || a > 90 {
		return rd.fail(line, fa, "%s is outside -90..90", sa)
	}
	if b < -180 || b > 180 {
		return rd.fail(line, fb, "%s is outside -180..180", sb)
	}
	r.Lat, r.Lon, r.HasPoint = a, b, true
	return nil
}

func (rd *Reader) placeColumns() string {
	var names []string
	for _, f := range []field{fLat, fLon, fEast, fNorth, fDistrict, fPlace} {
		if name := rd.m.columns()[f]; name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ValidUTF8 reports whether b is UTF-8. Unless b is the whole file it may
// end inside a multi-byte character, which is not held against it.
// Every importer of spreadsheet text uses it to tell UTF-8 from
// Windows-1252.
func ValidUTF8(b []byte, complete bool) bool {
	if !complete {
		for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
			if utf8.RuneStart(b[len(b)-i]) {
				if !utf8.FullRune(b[len(b)-i:]) {
					b = b[:len(b)-i]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}

// FirstLine returns b up to and including the first newline.
func FirstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// SepHint reads Excel's optional first line "sep=;".
func SepHint(line []byte) (rune, bool) {
	s, ok := strings.CutPrefix(strings.TrimRight(string(line), "\r\n"), "sep=")
	if ok && (s == "," || s == ";" || s == "\t") {
		return rune(s[0]), true
	}
	return 0, false
}

// sniffDelimiter picks the header line's delimiter: of ';', ',' and tab,
// those that occur outside quotes are tried, most frequent first, and the
// first under which every mapped column exists wins. So a header such as
// `tid,"plats; adress",lat,lon` is read with ','. If none fits, the most
// frequent is used and NewReader names the missing column.
func sniffDelimiter(header string, m Mapping) rune {
	cands := []rune{';', ',', '\t'}
	count := map[rune]int{}
	quoted := false
	for _, c := range header {
		if c == '"' {
			quoted = !quoted
		} else if !quoted {
			count[c]++
		}
	}
	slices.SortStableFunc(cands, func(a, b rune) int { return count[b] - count[a] })
	if count[cands[0]] == 0 {
		return ',' // a single column
	}
	for _, c := range cands {
		if count[c] > 0 && hasColumns(header, c, m) {
			return c
		}
	}
	return cands[0]
}

func hasColumns(header string, delim rune, m Mapping) bool {
	cr := csv.NewReader(strings.NewReader(header))
	cr.Comma, cr.LazyQuotes = delim, true
	names, err := cr.Read()
	if err != nil {
		return false
	}
	for _, want := range m.columns() {
		if want != "" && !slices.ContainsFunc(names, func(h string) bool {
			return strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(want))
		}) {
			return false
		}
	}
	return true
}
