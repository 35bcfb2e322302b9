package survey_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/importer/survey"
	"golang.org/x/text/encoding/charmap"
)

// The test questionnaire: Swedish Likert labels, numeric codes, "vet ej"
// as code 9.
var (
	safetyScale = []survey.Choice{{Code: "1", Label: "Mycket trygg"}, {Code: "2", Label: "Ganska trygg"},
		{Code: "3", Label: "Ganska otrygg"}, {Code: "4", Label: "Mycket otrygg"},
		{Code: "5", Label: "Går aldrig ut ensam"}, {Code: "9", Label: "Vet ej"}}
	problemScale = []survey.Choice{{Code: "1", Label: "Ett mycket stort problem"}, {Code: "2", Label: "Ett ganska stort problem"},
		{Code: "3", Label: "Ett ganska litet problem"}, {Code: "4", Label: "Inget problem alls"}, {Code: "9", Label: "Vet ej"}}
	yesNoScale = []survey.Choice{{Code: "1", Label: "Ja"}, {Code: "2", Label: "Nej"}}
	worryScale = []survey.Choice{{Code: "1", Label: "Mycket ofta"}, {Code: "2", Label: "Ganska ofta"},
		{Code: "3", Label: "Ganska sällan"}, {Code: "4", Label: "Aldrig"}, {Code: "9", Label: "Vet ej"}}
	policeScale = []survey.Choice{{Code: "1", Label: "Instämmer helt"}, {Code: "2", Label: "Instämmer delvis"},
		{Code: "3", Label: "Instämmer inte alls"}, {Code: "9", Label: "Vet ej"}}

	testQ = survey.Questionnaire{
		Questions: []survey.Question{
			{Code: "unsafe_evening", Scale: safetyScale},
			{Code: "problem_lighting", Scale: problemScale},
			{Code: "victim_assault", Scale: yesNoScale},
			{Code: "worry_assault", Scale: worryScale},
			{Code: "police_care", Scale: policeScale},
		},
		Districts: []survey.Choice{{Code: "centrum", Label: "Centrum"}, {Code: "norr", Label: "Norr"},
			{Code: "navertorp", Label: "Nävertorp"}, {Code: "ovriga", Label: "Övriga Katrineholm"}},
		Genders: []survey.Choice{{Code: "female", Label: "Kvinna"}, {Code: "male", Label: "Man"},
			{Code: "other", Label: "Annat / vill ej svara"}},
		AgeGroups: []survey.Choice{{Code: "16-29", Label: "16–29 år"}, {Code: "30-49", Label: "30–49 år"},
			{Code: "50-64", Label: "50–64 år"}, {Code: "65-84", Label: "65–84 år"}},
	}
	stockholm = mustLoad("Europe/Stockholm")
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// synth is one synthetic response, in codes.
type synth struct {
	uuid      string
	submitted time.Time // UTC, whole seconds
	district  string
	gender    string
	age       string
	weight    float64
	answers   map[string]string // question → code; absent: not answered
	comment   string
}

const nFixture = 50

// synthetic returns n responses, the same on every run. Fieldwork runs
// from 3 March to 4 April 2025, across the change to summer time.
func synthetic(n int, seed uint64) []synth {
	rng := rand.New(rand.NewPCG(seed, 3))
	pick := func(cs []survey.Choice) string { return cs[rng.IntN(len(cs))].Code }
	weights := []float64{0.75, 0.8, 1, 1, 1.25, 1.5}
	comments := []string{"", "", "", "Mörkt vid \"tunneln\"; bättre belysning behövs", "Bra, tack!",
		"Ungdomar samlas vid torget,\nmen det känns lugnt", "Ö och å: ÅÄÖ åäö é"}
	start := time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC)
	out := make([]synth, n)
	for i := range out {
		s := synth{
			uuid: fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12),
				rng.IntN(1<<12), rng.Uint64()&(1<<48-1)),
			submitted: start.Add(time.Duration(rng.IntN(32*24*3600)) * time.Second),
			district:  pick(testQ.Districts),
			gender:    pick(testQ.Genders),
			age:       pick(testQ.AgeGroups),
			weight:    weights[rng.IntN(len(weights))],
			answers:   map[string]string{},
			comment:   comments[rng.IntN(len(comments))],
		}
		for _, q := range testQ.Questions {
			if rng.IntN(10) > 0 { // one in ten skips a question
				s.answers[q.Code] = pick(q.Scale)
			}
		}
		out[i] = s
	}
	return out
}

// expected is what every format must read from the synthetic responses,
// ids and lines aside.
func expected(ss []synth) []survey.Respondent {
	var out []survey.Respondent
	for _, s := range ss {
		out = append(out, survey.Respondent{Submitted: s.submitted, District: s.district, Gender: s.gender,
			AgeGroup: s.age, Weight: s.weight, Answers: s.answers})
	}
	return out
}

func label(cs []survey.Choice, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Label
		}
	}
	return ""
}

func scaleOf(code string) []survey.Choice {
	for _, q := range testQ.Questions {
		if q.Code == code {
			return q.Scale
		}
	}
	panic(code)
}

// decimalComma writes 1.25 as "1,25".
func decimalComma(x float64) string {
	return strings.ReplaceAll(strconv.FormatFloat(x, 'f', -1, 64), ".", ",")
}

// limeRecords is a LimeSurvey "full answers" export with question-code
// headings: labels for answers and background, except worryassault (its
// codes), and incomplete responses (empty submitdate) between the complete
// ones, one with a misspelt answer that must not matter.
func limeRecords(ss []synth) [][]string {
	recs := [][]string{{"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
		"stadsdel", "kon", "alder", "vikt", "unsafeevening", "problem[lighting]", "Q5[victimassault]",
		"worryassault", "policecare", "ovrigt", "interviewtime"}}
	id := 0
	incomplete := func(answer string) {
		id++
		recs = append(recs, []string{strconv.Itoa(id), "", "1", "sv", strconv.Itoa(1000 + id), "2025-03-10 12:00:00",
			"2025-03-10 12:03:00", "Norr", "Man", "", "", answer, "", "", "", "", "", "180"})
	}
	for i, s := range ss {
		if i == 7 || i == 19 || i == 33 || i == 46 {
			incomplete([]string{"Ganska trygg", "Ganska tryg", "", "Vet ej"}[i%4])
		}
		id++
		local := s.submitted.In(stockholm).Format("2006-01-02 15:04:05")
		started := s.submitted.Add(-7 * time.Minute).In(stockholm).Format("2006-01-02 15:04:05")
		a := func(q string) string { return label(scaleOf(q), s.answers[q]) }
		recs = append(recs, []string{strconv.Itoa(id), local, "4", "sv", strconv.Itoa(1000 + id), started, local,
			label(testQ.Districts, s.district), label(testQ.Genders, s.gender), label(testQ.AgeGroups, s.age),
			decimalComma(s.weight), a("unsafe_evening"), a("problem_lighting"), a("victim_assault"),
			s.answers["worry_assault"], a("police_care"), s.comment, "420"})
	}
	return recs
}

// limeCSV writes records as LimeSurvey does: BOM, ";", all quoted, CRLF.
func limeCSV(recs [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	for _, rec := range recs {
		for i, f := range rec {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// koboRecords is a KoboToolbox export with XML values (choice names) and
// "/" group headers, a geopoint, its metadata, and submissions whose
// validation status is "not approved" between the others.
func koboRecords(ss []synth) [][]string {
	recs := [][]string{{"start", "end", "bakgrund/stadsdel", "bakgrund/kon", "bakgrund/alder", "vikt",
		"trygghet/unsafe_evening", "problem/problem_lighting", "utsatthet/victim_assault", "utsatthet/worry_assault",
		"polis/police_care", "ovrigt", "plats", "_plats_latitude", "_plats_longitude", "_plats_altitude",
		"_plats_precision", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
		"_submitted_by", "__version__", "_tags", "_index"}}
	bad := synthetic(3, 99)
	row := func(i int, s synth, status string) []string {
		at := s.submitted.Format("2006-01-02T15:04:05")
		return []string{s.submitted.Add(-7 * time.Minute).In(stockholm).Format("2006-01-02T15:04:05.000-07:00"),
			s.submitted.In(stockholm).Format("2006-01-02T15:04:05.000-07:00"), s.district, s.gender, s.age,
			strconv.FormatFloat(s.weight, 'f', -1, 64), s.answers["unsafe_evening"], s.answers["problem_lighting"],
			s.answers["victim_assault"], s.answers["worry_assault"], s.answers["police_care"], s.comment,
			"58.9958 16.2072 0 5", "58.9958", "16.2072", "0", "5", strconv.Itoa(300000 + i), s.uuid, at, status,
			"", "submitted_via_web", "", "vQ9ZbLk3", "", strconv.Itoa(i + 1)}
	}
	for i, s := range ss {
		if i == 4 || i == 28 || i == 41 {
			recs = append(recs, row(len(recs), bad[len(recs)%3], "validation_status_not_approved"))
		}
		status := ""
		if i%3 == 0 {
			status = "validation_status_approved"
		}
		recs = append(recs, row(len(recs), s, status))
	}
	return recs
}

// quotedCSV writes all fields quoted, as Kobo does.
func quotedCSV(recs [][]string, delim string) []byte {
	var b bytes.Buffer
	for _, rec := range recs {
		for i, f := range rec {
			if i > 0 {
				b.WriteString(delim)
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// odkRecords is an ODK Central export: "-" group headers, choice names,
// metadata, and rejected submissions between the others.
func odkRecords(ss []synth) [][]string {
	recs := [][]string{{"SubmissionDate", "bakgrund-stadsdel", "bakgrund-kon", "bakgrund-alder", "vikt",
		"trygghet-unsafe_evening", "problem-problem_lighting", "utsatthet-victim_assault", "utsatthet-worry_assault",
		"polis-police_care", "ovrigt", "meta-instanceID", "KEY", "SubmitterID", "SubmitterName",
		"AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"}}
	bad := synthetic(2, 77)
	row := func(s synth, review string) []string {
		return []string{s.submitted.Format("2006-01-02T15:04:05.000Z"), s.district, s.gender, s.age,
			strconv.FormatFloat(s.weight, 'f', -1, 64), s.answers["unsafe_evening"], s.answers["problem_lighting"],
			s.answers["victim_assault"], s.answers["worry_assault"], s.answers["police_care"], s.comment,
			"uuid:" + s.uuid, "uuid:" + s.uuid, "5", "Webbformulär", "0", "0", "", review, "", "0", "2025031001"}
	}
	for i, s := range ss {
		if i == 10 || i == 30 {
			recs = append(recs, row(bad[i/30], "rejected"))
		}
		recs = append(recs, row(s, []string{"", "approved", "hasIssues", "edited"}[i%4]))
	}
	return recs
}

func plainCSV(recs [][]string, comma rune, crlf bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = comma, crlf
	if err := w.WriteAll(recs); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Column headings of the Netigate-like mapped export.
const (
	netQ1 = "Hur trygg eller otrygg skulle du känna dig om du gick ut ensam sent en kväll i ditt bostadsområde?"
	netQ2 = "Dålig belysning i området – hur stort problem är det?"
	netQ3 = "Har du under de senaste 12 månaderna blivit utsatt för misshandel?"
	netQ4 = "Hur ofta oroar du dig för att utsättas för misshandel?"
	netQ5 = "Polisen bryr sig om de lokala problemen"
)

// mappedRecords is an export from a tool without a known format: its own
// headings and wording ("Vet inte", "Kvinna", "16-29"), a status column
// for incomplete responses, and weights with a decimal comma.
func mappedRecords(ss []synth) [][]string {
	recs := [][]string{{"Respondent-ID", "Status", "Svarsdatum", "Område", "Kön", "Ålder", "Vikt", netQ1, netQ2, netQ3, netQ4, netQ5,
		"Övriga synpunkter"}}
	netLabel := func(q, code string) string {
		if code == "9" {
			return "Vet inte"
		}
		if q == "victim_assault" && code != "" {
			return map[string]string{"1": "JA", "2": "NEJ"}[code]
		}
		return label(scaleOf(q), code)
	}
	for i, s := range ss {
		if i == 12 || i == 40 {
			recs = append(recs, []string{fmt.Sprintf("N-%d", 2000+i), "Ej slutförd", "", "Centrum", "Kvinna", "",
				"", "Ganska tryg", "", "", "", "", ""})
		}
		recs = append(recs, []string{fmt.Sprintf("N-%d", 1000+i), "Slutförd",
			s.submitted.In(stockholm).Format("2006-01-02 15:04:05"), label(testQ.Districts, s.district),
			label(testQ.Genders, s.gender), netAges[s.age], decimalComma(s.weight),
			netLabel("unsafe_evening", s.answers["unsafe_evening"]), netLabel("problem_lighting", s.answers["problem_lighting"]),
			netLabel("victim_assault", s.answers["victim_assault"]), netLabel("worry_assault", s.answers["worry_assault"]),
			netLabel("police_care", s.answers["police_care"]), s.comment})
	}
	return recs
}

var netAges = map[string]string{"16-29": "Under 30 år", "30-49": "30 till 49 år", "50-64": "50 till 64 år",
	"65-84": "65 år eller äldre"}

// mappedCSV writes records as Swedish Excel's plain "CSV" does: Windows-1252,
// ";", CRLF.
func mappedCSV(recs [][]string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes(plainCSV(recs, ';', true))
	if err != nil {
		panic(err)
	}
	return b
}

const mappingJSON = `{
  "id": "Respondent-ID",
  "submitted": "Svarsdatum",
  "district": "Område",
  "gender": "Kön",
  "age_group": "Ålder",
  "weight": "Vikt",
  "questions": {
    "unsafe_evening": "` + netQ1 + `",
    "problem_lighting": "` + netQ2 + `",
    "victim_assault": "` + netQ3 + `",
    "worry_assault": "` + netQ4 + `",
    "police_care": "` + netQ5 + `"
  },
  "labels": {
    "*": {"Vet inte": "9"},
    "age_group": {"Under 30 år": "16-29", "30 till 49 år": "30-49", "50 till 64 år": "50-64",
                  "65 år eller äldre": "65-84"}
  },
  "skip": [{"column": "Status", "values": ["Ej slutförd"], "reason": "incomplete"}]
}
`

// xcell is a cell for makeXLSX: a string (shared, or inline), a number,
// or nil for no cell at all.
type xlsxOpts struct {
	sheet    string // default "Blad1"
	inline   bool   // inline strings instead of shared ones
	noRefs   bool   // leave out r attributes (allowed; cells and rows then follow on)
	date1904 bool
	before   string // a sheet placed before the data sheet, if not ""
}

// makeXLSX builds a minimal workbook as Excel lays it out. Cells are
// string, float64, int, bool or nil (no cell: a gap in the references).
func makeXLSX(rows [][]any, o xlsxOpts) []byte {
	if o.sheet == "" {
		o.sheet = "Blad1"
	}
	var shared []string
	index := map[string]int{}
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1"/><sheetData>`)
	for i, row := range rows {
		if o.noRefs {
			sheet.WriteString(`<row>`)
		} else {
			fmt.Fprintf(&sheet, `<row r="%d">`, i+1)
		}
		for j, c := range row {
			ref := ""
			if !o.noRefs {
				ref = fmt.Sprintf(` r="%s%d"`, colLetters(j), i+1)
			}
			switch v := c.(type) {
			case nil:
				if o.noRefs { // without references a gap must be an empty cell
					fmt.Fprintf(&sheet, `<c/>`)
				}
			case string:
				if o.inline {
					fmt.Fprintf(&sheet, `<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, xmlEscape(v))
					continue
				}
				k, ok := index[v]
				if !ok {
					k = len(shared)
					index[v] = k
					shared = append(shared, v)
				}
				fmt.Fprintf(&sheet, `<c%s t="s"><v>%d</v></c>`, ref, k)
			case float64:
				fmt.Fprintf(&sheet, `<c%s s="1"><v>%s</v></c>`, ref, strconv.FormatFloat(v, 'g', -1, 64))
			case int:
				fmt.Fprintf(&sheet, `<c%s><v>%d</v></c>`, ref, v)
			case bool:
				b := 0
				if v {
					b = 1
				}
				fmt.Fprintf(&sheet, `<c%s t="b"><v>%d</v></c>`, ref, b)
			default:
				panic(fmt.Sprintf("cell %T", c))
			}
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)

	var ss strings.Builder
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(shared), len(shared))
	for _, s := range shared {
		fmt.Fprintf(&ss, `<si><t xml:space="preserve">%s</t></si>`, xmlEscape(s))
	}
	ss.WriteString(`</sst>`)

	date1904 := ""
	if o.date1904 {
		date1904 = ` date1904="1"`
	}
	sheets := fmt.Sprintf(`<sheet name="%s" sheetId="1" r:id="rId1"/>`, xmlEscape(o.sheet))
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	parts := map[string]string{"xl/worksheets/sheet1.xml": sheet.String()}
	if o.before != "" {
		sheets = fmt.Sprintf(`<sheet name="%s" sheetId="2" r:id="rId3"/>`, xmlEscape(o.before)) + sheets
		rels += `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>`
		parts["xl/worksheets/sheet2.xml"] = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Om undersökningen</t></is></c></row></sheetData></worksheet>`
	}
	parts["[Content_Types].xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`
	parts["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr` + date1904 + `/><sheets>` + sheets + `</sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	if !o.inline {
		parts["xl/sharedStrings.xml"] = ss.String()
	}
	return zipOf(parts)
}

// zipOf zips parts in name order.
func zipOf(parts map[string]string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			panic(err)
		}
		f.Write([]byte(parts[n]))
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#10;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func colLetters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// cells turns CSV records into XLSX rows: "" is no cell, and the columns
// listed in numeric are written as numbers where they are ones.
func cells(recs [][]string, numeric ...string) [][]any {
	num := map[int]bool{}
	for j, h := range recs[0] {
		for _, n := range numeric {
			if h == n {
				num[j] = true
			}
		}
	}
	out := make([][]any, len(recs))
	for i, rec := range recs {
		for j, f := range rec {
			var c any
			if f != "" {
				c = f
				if x, err := strconv.ParseFloat(strings.ReplaceAll(f, ",", "."), 64); err == nil && num[j] && i > 0 {
					c = x
				}
			}
			out[i] = append(out[i], c)
		}
	}
	return out
}

// stripped drops what differs between formats by nature: lines and ids.
func stripped(rs []survey.Respondent) []survey.Respondent {
	out := make([]survey.Respondent, len(rs))
	for i, r := range rs {
		r.Line, r.ID = 0, ""
		out[i] = r
	}
	return out
}

func mustRead(t testing.TB, data []byte, name string, f survey.Format, m *survey.Mapping) survey.Result {
	t.Helper()
	res, err := survey.Read(bytes.NewReader(data), name, f, testQ, m)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return res
}
