package survey_test

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/importer/survey"
)

// openQ takes any value, so that answers show what the cells hold.
var openQ = survey.Questionnaire{Questions: []survey.Question{{Code: "a"}, {Code: "b"}, {Code: "c"}, {Code: "d"}, {Code: "f"}}}

const (
	wbRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	sheetNS  = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
)

// rawXLSX zips a workbook around the given sheet and shared strings XML.
func rawXLSX(sheet, shared string) []byte {
	return zipOf(map[string]string{"_rels/.rels": rootRels, "xl/workbook.xml": workbook,
		"xl/_rels/workbook.xml.rels": wbRels, "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": shared})
}

func TestXLSXCells(t *testing.T) {
	shared := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si><si><t>d</t></si><si><t>f</t></si>` +
		`<si><r><t>Nä</t></r><r><rPr><b/></rPr><t>vertorp</t></r><rPh sb="0" eb="1"><t>ナ</t></rPh></si><si><t xml:space="preserve"> pad </t></si></sst>`
	sheet := sheetNS + `<sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="str"><v>c</v></c>` +
		`<c r="D1" t="s"><v>1</v></c><c r="F1" t="s"><v>2</v></c><c r="G1"/></row>` +
		`<row r="2"/>` +
		`<row r="3"><c r="A3"><v>0.30000000000000004</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#N/A</v></c>` +
		`<c r="D3" t="s"><v>3</v></c><c r="F3"><f>1+1</f><v>2</v></c></row>` +
		`<row r="5" spans="1:6"><c r="A5" s="3"><v>4.4999999999999996E-2</v></c><c r="B5" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r></is></c>` +
		`<c r="D5" t="s"><v>4</v></c><c r="E5"></c><c r="F5" t="n"><v>1E+22</v></c></row>` +
		`</sheetData><mergeCells count="0"/></worksheet>`
	res, err := survey.Read(bytes.NewReader(rawXLSX(sheet, shared)), "t.xlsx", survey.FormatXLSX, openQ, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []survey.Respondent{
		{Line: 3, ID: "line-3", Answers: map[string]string{"a": "0.3", "b": "TRUE", "c": "#N/A", "d": "Nävertorp", "f": "2"}},
		{Line: 5, ID: "line-5", Answers: map[string]string{"a": "0.045", "b": "rich text", "d": "pad", "f": "1e+22"}},
	}
	if !reflect.DeepEqual(res.Respondents, want) {
		t.Errorf("got  %+v\nwant %+v", res.Respondents, want)
	}
}

func TestXLSXSerialDates(t *testing.T) {
	at := time.Date(2025, 3, 14, 17, 22, 5, 0, time.UTC)
	local := at.In(stockholm)
	wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
	serial := wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	for _, tt := range []struct {
		name   string
		serial float64
		o      xlsxOpts
	}{
		{"1900", serial, xlsxOpts{}},
		{"1904", serial - 1462, xlsxOpts{date1904: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := makeXLSX([][]any{{"id", "submitdate", "unsafeevening"}, {1, tt.serial, "Vet ej"}, {2, "2025-03-14 18:22:05", 9}}, tt.o)
			res := mustRead(t, data, "t.xlsx", survey.FormatXLSX, nil)
			for _, r := range res.Respondents {
				if !r.Submitted.Equal(at) || r.Answers["unsafe_evening"] != "9" {
					t.Errorf("%+v, want submitted %v and vet ej", r, at)
				}
			}
		})
	}
}

func TestXLSXErrors(t *testing.T) {
	limeRows := [][]any{{"id", "submitdate", "stadsdel", "kon", "unsafeevening"},
		{1, "2025-03-14 18:22:05", "Norr", "Kvinna", 1}, {2, "2025-03-14 18:22:05", "Norr", nil, "Ganska tryg"}}
	row := func(cells string) []byte {
		return rawXLSX(sheetNS+`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>`+cells+`</sheetData></worksheet>`, `<sst/>`)
	}
	var zeros bytes.Buffer
	zeros.WriteString("<sst>")
	for zeros.Len() < 65<<20 {
		zeros.WriteString("<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>")
	}
	bomb := rawXLSX(sheetNS+`<sheetData/></worksheet>`, zeros.String())
	for _, tt := range []struct {
		name string
		in   io.Reader
		m    *survey.Mapping
		want string
	}{
		{"cell of an unknown answer", bytes.NewReader(makeXLSX(limeRows, xlsxOpts{})), nil,
			`t.xlsx sheet "Blad1" row 3, column "unsafeevening" (cell E3): unknown answer "Ganska tryg"`},
		{"a value beyond the header", bytes.NewReader(row(`<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>x</t></is></c></row>`)), nil,
			`t.xlsx sheet "Blad1" row 2 (cell C2): a value ("x") in a column with no header`},
		{"no such sheet", bytes.NewReader(makeXLSX(limeRows, xlsxOpts{})), &survey.Mapping{Sheet: "Svar"},
			`t.xlsx: no sheet "Svar" (sheets: "Blad1")`},
		{"a broken zip", strings.NewReader("PK\x03\x04 not really"), nil, `t.xlsx: not a readable XLSX file`},
		{"no workbook", bytes.NewReader(zipOf(map[string]string{"content.xml": "<office/>"})), nil,
			`not an XLSX workbook (an .ods or .numbers file? save it as .xlsx): no part "xl/workbook.xml"`},
		{"no sheet part", bytes.NewReader(zipOf(map[string]string{"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": wbRels})), nil,
			`the workbook names sheet "Blad1", but its part "xl/worksheets/sheet1.xml" is missing`},
		{"no sheets", bytes.NewReader(zipOf(map[string]string{"xl/workbook.xml": `<workbook><sheets/></workbook>`})), nil,
			`the workbook has no sheets`},
		{"a shared string that is not there", bytes.NewReader(row(`<row r="2"><c r="A2" t="s"><v>7</v></c></row>`)), nil,
			`t.xlsx sheet "Blad1" row 2: the sheet's XML is broken: cell A2: no shared string "7"`},
		{"broken XML", bytes.NewReader(row(`<row r="2"><c r="A2"><v>1</c></row>`)), nil, `the sheet's XML is broken`},
		{"a bad reference", bytes.NewReader(row(`<row r="2"><c r="2A"><v>1</v></c></row>`)), nil, `bad cell reference "2A"`},
		{"beyond XFD", bytes.NewReader(rawXLSX(sheetNS+`<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>`, `<sst/>`)), nil,
			`bad cell reference "XFE1"`},
		{"a bad row number", bytes.NewReader(row(`<row r="0"><c><v>1</v></c></row>`)), nil, `bad row number "0"`},
		{"an empty sheet", bytes.NewReader(rawXLSX(sheetNS+`<sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>`, `<sst/>`)), nil,
			`t.xlsx sheet "Blad1": the sheet is empty`},
		{"a zip bomb", bytes.NewReader(bomb), nil, `shared strings: the shared strings is larger than 64 MiB uncompressed: refused`},
		{"a file too large", io.MultiReader(strings.NewReader("PK\x03\x04"), io.LimitReader(zeroReader{}, 64<<20)), nil,
			`an XLSX file larger than 64 MiB is refused`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := openQ
			if tt.name == "cell of an unknown answer" {
				q = testQ
			}
			_, err := survey.Read(tt.in, "t.xlsx", survey.FormatXLSX, q, tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestXLSXStrict reads a workbook in strict OOXML, whose namespaces differ.
func TestXLSXStrict(t *testing.T) {
	data := zipOf(map[string]string{
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><sheets><sheet name="Svar" sheetId="1" r:id="rId9"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="sheets/svar.xml"/></Relationships>`,
		"xl/sheets/svar.xml":         `<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData><row><c t="inlineStr"><is><t>unsafe_evening</t></is></c></row><row><c><v>2</v></c></row></sheetData></worksheet>`,
	})
	res := mustRead(t, data, "strict.xlsx", survey.FormatXLSX, nil)
	if got := res.Respondents[0].Answers["unsafe_evening"]; got != "2" || res.Format != survey.FormatMapped {
		t.Errorf("answer %q, format %q", got, res.Format)
	}
}

// TestXLSXWideSparse: a row costs the cells it has, not the header's
// width, so a small file with a wide header and many rows stays cheap.
func TestXLSXWideSparse(t *testing.T) {
	var b strings.Builder
	b.WriteString(sheetNS + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>` +
		`<c r="XFD1" t="inlineStr"><is><t>wide</t></is></c></row>`)
	for i := range 100000 {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i+2, i+2, i)
	}
	b.WriteString(`</sheetData></worksheet>`)
	res := mustReadQ(t, rawXLSX(b.String(), `<sst/>`), openQ)
	if got, want := len(res.Respondents), 100000; got != want {
		t.Fatalf("%d respondents, want %d", got, want)
	}
	if got := res.Ignored; len(got) != 1 || got[0] != "wide" {
		t.Errorf("Ignored=%q", got)
	}
}

func mustReadQ(t *testing.T, data []byte, q survey.Questionnaire) survey.Result {
	t.Helper()
	res, err := survey.Read(bytes.NewReader(data), "t.xlsx", survey.FormatXLSX, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestXLSXRows(t *testing.T) {
	x := makeXLSX([][]any{{"id", "status"}, {"1", "done"}, {"2", "started"}}, xlsxOpts{})
	rows, err := survey.XLSXRows(bytes.NewReader(x), "m.xlsx")
	if err != nil || len(rows) != 3 || rows[1][0] != "1" || rows[2][1] != "started" {
		t.Fatalf("rows %q, %v", rows, err)
	}
	if _, err := survey.XLSXRows(strings.NewReader("PK not a zip"), "bad.xlsx"); err == nil {
		t.Error("a broken file was read")
	}
}
