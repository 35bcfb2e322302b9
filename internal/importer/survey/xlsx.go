package survey

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
)

// An XLSX file is a zip of XML parts. This reader knows just enough of
// them to yield the first sheet (or a named one) as rows of text, like a
// CSV: _rels/.rels → the workbook → its sheets and relationships → the
// sheet and the shared strings. Cells may be shared strings, inline strings
// (also rich text), numbers, booleans, formula results or errors; cell
// references may skip empty cells and rows. Styles are not read, so a date
// cell is its serial number (Read knows to expect one).
//
// Limits guard against zip bombs and absurd sheets: the file is read into
// memory up to maxXLSXSize, each part is decompressed only up to its limit
// (never trusting the sizes the zip claims), and references stay inside
// Excel's own grid.
const (
	maxXLSXSize    = 64 << 20  // the .xlsx file
	maxSheetSize   = 256 << 20 // the sheet's XML, decompressed
	maxSharedSize  = 64 << 20  // the shared strings' XML, decompressed
	maxPartSize    = 4 << 20   // rels and the workbook
	maxSharedCount = 1 << 21   // shared strings
	maxColumns     = 16384     // XFD
	maxRows        = 1048576
)

type xlsxTable struct {
	name, sheet string
	dec         *xml.Decoder
	shared      []string
	date1904    bool
	width       int // header width; 0 until the header is read
	row         int // the last row's number
	// buf is the record of every data row, reused: a sheet may be wide and
	// its rows many and short, so a row costs only the cells it has (set).
	buf []string
	set []int
}

func openXLSX(r io.Reader, name, sheet string) (*xlsxTable, error) {
	fail := func(format string, args ...any) (*xlsxTable, error) {
		return nil, stop(&Error{File: name, Err: fmt.Errorf(format, args...)})
	}
	data, err := io.ReadAll(io.LimitReader(r, maxXLSXSize+1))
	if err != nil {
		return fail("%v", err)
	}
	if len(data) > maxXLSXSize {
		return fail("an XLSX file larger than %d MiB is refused; save the sheet as CSV UTF-8", maxXLSXSize>>20)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // parts are opened by name only
		return fail("not a readable XLSX file: %v", err)
	}
	x := &zipParts{zr: zr}

	wbPath := "xl/workbook.xml"
	if rels, err := x.rels("_rels/.rels"); err != nil {
		return fail("%v", err)
	} else if rel, ok := rels.byType("/officeDocument"); ok {
		wbPath = resolvePart("", rel.Target)
	}
	var wb xWorkbook
	if err := x.unmarshal(wbPath, &wb); err != nil {
		return fail("not an XLSX workbook (an .ods or .numbers file? save it as .xlsx): %v", err)
	}
	if len(wb.Sheets) == 0 {
		return fail("the workbook has no sheets")
	}
	i := 0
	if sheet != "" {
		i = -1
		var names []string
		for j, s := range wb.Sheets {
			names = append(names, strconv.Quote(s.Name))
			if i < 0 && strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(sheet)) {
				i = j
			}
		}
		if i < 0 {
			return fail("no sheet %q (sheets: %s)", sheet, strings.Join(names, ", "))
		}
	}
	dir := path.Dir(wbPath)
	wbRels, err := x.rels(path.Join(dir, "_rels", path.Base(wbPath)+".rels"))
	if err != nil {
		return fail("%v", err)
	}
	sheetPath := ""
	if rel, ok := wbRels.byID(wb.Sheets[i].rid()); ok {
		sheetPath = resolvePart(dir, rel.Target)
	} else if i == 0 {
		sheetPath = path.Join(dir, "worksheets/sheet1.xml")
	}
	t := &xlsxTable{name: name, sheet: wb.Sheets[i].Name, date1904: wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"}
	ssPath := path.Join(dir, "sharedStrings.xml")
	if rel, ok := wbRels.byType("/sharedStrings"); ok {
		ssPath = resolvePart(dir, rel.Target)
	}
	if f := x.find(ssPath); f != nil {
		if t.shared, err = readShared(f); err != nil {
			return fail("shared strings: %v", err)
		}
	}
	f := x.find(sheetPath)
	if f == nil {
		return fail("the workbook names sheet %q, but its part %q is missing", t.sheet, sheetPath)
	}
	rc, err := f.Open()
	if err != nil {
		return fail("sheet %q: %v", t.sheet, err)
	}
	// The zip reader is in memory, so rc needs no Close to free a file.
	t.dec = xml.NewDecoder(newLimitReader(rc, maxSheetSize, "the sheet"))
	return t, nil
}

func (t *xlsxTable) next() ([]string, int, error) {
	for {
		tok, err := t.dec.Token()
		if err == io.EOF {
			if t.width == 0 {
				return nil, 0, stop(&Error{File: t.name, Sheet: t.sheet, Err: errors.New("the sheet is empty")})
			}
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, t.broken(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "row" {
			continue
		}
		n := t.row + 1
		if s, ok := attr(se, "r"); ok {
			if n, err = strconv.Atoi(s); err != nil || n < 1 || n > maxRows {
				return nil, 0, t.broken(fmt.Errorf("bad row number %q", s))
			}
		}
		if n > maxRows {
			return nil, 0, t.broken(fmt.Errorf("more than %d rows", maxRows))
		}
		if n <= t.row { // Excel writes rows in order; a line number must not repeat
			return nil, 0, t.broken(fmt.Errorf("row %d after row %d", n, t.row))
		}
		t.row = n
		rec, filled, rowErr, err := t.readRow()
		switch {
		case err != nil:
			return nil, 0, t.broken(err)
		case rowErr != nil:
			return nil, n, rowErr
		case !filled:
			continue
		}
		if t.width == 0 {
			for len(rec) > 0 && strings.TrimSpace(rec[len(rec)-1]) == "" {
				rec = rec[:len(rec)-1]
			}
			t.width = len(rec)
			t.buf = make([]string, t.width)
		}
		return rec, n, nil
	}
}

func (t *xlsxTable) broken(err error) error {
	return stop(&Error{File: t.name, Sheet: t.sheet, Line: t.row, Err: fmt.Errorf("the sheet's XML is broken: %v", err)})
}

// readRow reads the cells of the row whose start tag was just read, and
// reports whether any is not blank. Until the header is known a row may be
// as wide as Excel allows; after, it is the header's width (the record is
// then t.buf, valid until the next row), and a value beyond is the row's
// error.
func (t *xlsxTable) readRow() (rec []string, filled bool, rowErr *Error, err error) {
	limit := maxColumns
	if t.width > 0 {
		limit, rec = t.width, t.buf
		for _, i := range t.set {
			rec[i] = ""
		}
		t.set = t.set[:0]
	}
	col := -1
	for {
		tok, err := t.dec.Token()
		if err != nil {
			return nil, false, nil, err
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			if tok.Name.Local == "row" {
				return rec, filled, rowErr, nil
			}
		case xml.StartElement:
			if tok.Name.Local != "c" {
				if err := t.dec.Skip(); err != nil {
					return nil, false, nil, err
				}
				continue
			}
			var c xCell
			if err := t.dec.DecodeElement(&c, &tok); err != nil {
				return nil, false, nil, err
			}
			col++
			if c.R != "" {
				if col, err = cellColumn(c.R); err != nil {
					return nil, false, nil, err
				}
			}
			v, err := t.value(c)
			if err != nil {
				return nil, false, nil, err
			}
			blankCell := strings.TrimSpace(v) == ""
			switch {
			case col < limit && t.width > 0:
				rec[col] = v
				t.set = append(t.set, col)
				filled = filled || !blankCell
			case col < limit:
				for len(rec) <= col {
					rec = append(rec, "")
				}
				rec[col] = v
				filled = filled || !blankCell
			case t.width == 0:
				return nil, false, nil, fmt.Errorf("more than %d columns", maxColumns)
			case !blankCell && rowErr == nil:
				rowErr = &Error{File: t.name, Sheet: t.sheet, Line: t.row, Cell: columnName(col) + strconv.Itoa(t.row),
					Err: fmt.Errorf("a value (%q) in a column with no header", clip(v))}
			}
		}
	}
}

// value is a cell's text as a CSV export would have it.
func (t *xlsxTable) value(c xCell) (string, error) {
	switch c.T {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(c.V))
		if err != nil || i < 0 || i >= len(t.shared) {
			return "", fmt.Errorf("cell %s: no shared string %q", c.R, c.V)
		}
		return t.shared[i], nil
	case "inlineStr":
		return c.IS.text(), nil
	case "b":
		if strings.TrimSpace(c.V) == "1" {
			return "TRUE", nil
		}
		return "FALSE", nil
	case "", "n":
		return formatNumber(c.V), nil
	}
	return c.V, nil // "str" (a formula's text), "e" (#N/A), "d" (ISO 8601)
}

func (t *xlsxTable) locate(e *Error, i int) {
	e.Sheet = t.sheet
	if e.Line > 0 && i >= 0 {
		e.Cell = columnName(i) + strconv.Itoa(e.Line)
	}
}

func (t *xlsxTable) validUTF8(string) bool { return true } // encoding/xml checks

func (t *xlsxTable) serialDates() (bool, bool) { return true, t.date1904 }

// formatNumber writes a stored number as Excel shows it in General format:
// 15 significant digits, so that 0.30000000000000004 is "0.3" and
// 4.4999999999999996E-2 is "0.045". Text that is no number stays as it is.
func formatNumber(v string) string {
	v = strings.TrimSpace(v)
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return v
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if x == 0 {
		return "0" // also -0
	}
	if math.Abs(x) >= 1e21 {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// cellColumn returns the 0-based column of a reference such as "C7".
func cellColumn(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == 0 || col > maxColumns {
		return 0, fmt.Errorf("bad cell reference %q", ref)
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad cell reference %q", ref)
		}
	}
	return col - 1, nil
}

// columnName returns the letters of a 0-based column: 0 → A, 26 → AA.
func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// xCell is a <c> element. Namespaces are ignored: transitional and strict
// OOXML use the same local names.
type xCell struct {
	R  string `xml:"r,attr"`
	T  string `xml:"t,attr"`
	V  string `xml:"v"`
	IS xRich  `xml:"is"`
}

// xRich is a string: plain <t>, or rich-text runs <r><t>. Phonetic
// guides (<rPh>) are not part of the text.
type xRich struct {
	T    string `xml:"t"`
	Runs []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (x xRich) text() string {
	if len(x.Runs) == 0 {
		return x.T
	}
	var b strings.Builder
	b.WriteString(x.T)
	for _, r := range x.Runs {
		b.WriteString(r.T)
	}
	return b.String()
}

func readShared(f *zip.File) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(newLimitReader(rc, maxSharedSize, "the shared strings"))
	var out []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "si" {
			continue
		}
		if len(out) == maxSharedCount {
			return nil, fmt.Errorf("more than %d shared strings", maxSharedCount)
		}
		var si xRich
		if err := dec.DecodeElement(&si, &se); err != nil {
			return nil, err
		}
		out = append(out, si.text())
	}
}

type xWorkbook struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []xSheet `xml:"sheets>sheet"`
}

type xSheet struct {
	Name  string     `xml:"name,attr"`
	Attrs []xml.Attr `xml:",any,attr"`
}

// rid is the sheet's r:id, whichever namespace (transitional or strict)
// "r" stands for.
func (s xSheet) rid() string {
	for _, a := range s.Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}

type xRels struct {
	Rels []xRel `xml:"Relationship"`
}

type xRel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

func (r xRels) byType(suffix string) (xRel, bool) {
	for _, rel := range r.Rels {
		if strings.HasSuffix(rel.Type, suffix) {
			return rel, true
		}
	}
	return xRel{}, false
}

func (r xRels) byID(id string) (xRel, bool) {
	for _, rel := range r.Rels {
		if id != "" && rel.ID == id {
			return rel, true
		}
	}
	return xRel{}, false
}

// resolvePart turns a relationship target into a part name: absolute
// ("/xl/worksheets/sheet1.xml") or relative to dir.
func resolvePart(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(dir, target))
}

type zipParts struct{ zr *zip.Reader }

// find returns the part called name, matched exactly, else ignoring case
// and slash direction (some writers differ in both); nil if none.
func (x *zipParts) find(name string) *zip.File {
	if x.zr == nil {
		return nil
	}
	for _, f := range x.zr.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range x.zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			return f
		}
	}
	return nil
}

// rels reads a relationships part; a missing one has no relationships.
func (x *zipParts) rels(name string) (xRels, error) {
	var r xRels
	if x.find(name) == nil {
		return r, nil
	}
	err := x.unmarshal(name, &r)
	return r, err
}

func (x *zipParts) unmarshal(name string, v any) error {
	f := x.find(name)
	if f == nil {
		return fmt.Errorf("no part %q", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(newLimitReader(rc, maxPartSize, name)).Decode(v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// limitReader reads at most n bytes and fails, rather than ending quietly,
// if there is more: a truncated part must not pass for a whole one.
type limitReader struct {
	r    io.Reader
	n    int64 // bytes left
	what string
	size int64 // the limit
}

func newLimitReader(r io.Reader, size int64, what string) *limitReader {
	return &limitReader{r: r, n: size, what: what, size: size}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var b [1]byte
		if k, err := l.r.Read(b[:]); k == 0 {
			return 0, err
		}
		return 0, fmt.Errorf("%s is larger than %d MiB uncompressed: refused", l.what, l.size>>20)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

// XLSXRows reads the first sheet of an XLSX file as rows of text, cells as
// Excel shows them, with the same limits as a survey file; any spreadsheet
// import can use it.
func XLSXRows(r io.Reader, name string) ([][]string, error) {
	t, err := openXLSX(r, name, "")
	if err != nil {
		return nil, unstop(err)
	}
	var out [][]string
	for {
		rec, _, err := t.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, unstop(err)
		}
		out = append(out, slices.Clone(rec)) // the reader reuses rec
	}
}
