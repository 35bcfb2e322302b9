package survey_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/importer/survey"
)

// The fuzz targets are best run with a short minimisation, e.g.
//
//	go test -run '^$' -fuzz '^FuzzXLSX$' -fuzztime 30s -fuzzminimizetime 50x
//
// sync.Pool (in archive/zip, fmt) makes coverage flaky, and the default
// 60 s spent minimising each "interesting" input otherwise starves the
// search: the fuzzer then reports a handful of executions in 30 s.

// checkRead holds whatever Read returns to its promises: a *Error on
// failure; on success, unique ids, valid weights and times, and only codes
// of the scales.
func checkRead(t *testing.T, q survey.Questionnaire, res survey.Result, err error) {
	t.Helper()
	if err != nil {
		var e *survey.Error
		if !errors.As(err, &e) || e.File == "" || e.Err == nil {
			t.Fatalf("error %q (%T) is no *survey.Error", err, err)
		}
		return
	}
	if len(res.Respondents) == 0 {
		t.Fatal("success without respondents")
	}
	codes := func(cs []survey.Choice) map[string]bool {
		if cs == nil {
			return nil
		}
		m := map[string]bool{"": true}
		for _, c := range cs {
			m[c.Code] = true
		}
		return m
	}
	district, gender, age := codes(q.Districts), codes(q.Genders), codes(q.AgeGroups)
	scales := map[string]map[string]bool{}
	for _, qu := range q.Questions {
		scales[qu.Code] = codes(qu.Scale)
	}
	ids := map[string]bool{}
	for _, r := range res.Respondents {
		if r.ID == "" || ids[r.ID] {
			t.Fatalf("id %q empty or repeated", r.ID)
		}
		ids[r.ID] = true
		if r.Weight < 0 || math.IsNaN(r.Weight) || math.IsInf(r.Weight, 0) {
			t.Fatalf("weight %v", r.Weight)
		}
		if !r.Submitted.IsZero() && (r.Submitted.Year() < 1990 || r.Submitted.Year() > 2100 || r.Submitted.Location().String() != "UTC") {
			t.Fatalf("submitted %v", r.Submitted)
		}
		if district != nil && !district[r.District] || gender != nil && !gender[r.Gender] || age != nil && !age[r.AgeGroup] {
			t.Fatalf("background off the scales: %+v", r)
		}
		for q, a := range r.Answers {
			s, ok := scales[q]
			if !ok || a == "" || s != nil && !s[a] {
				t.Fatalf("answer %q to %q", a, q)
			}
		}
	}
}

// head returns a fixture's first n lines, to keep seeds small.
func head(f *testing.F, name string, n int) []byte {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	return bytes.Join(lines[:min(n, len(lines))], nil)
}

func fuzzFormat(f *testing.F, format survey.Format, m *survey.Mapping, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := survey.Read(bytes.NewReader(in), "f.csv", format, testQ, m)
		checkRead(t, testQ, res, err)
	})
}

func FuzzLimeSurvey(f *testing.F) {
	fuzzFormat(f, survey.FormatLimeSurvey, nil, head(f, "limesurvey.csv", 6),
		lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;Ganska tryg"),
		lime("id. Response ID;submitdate. Date submitted;Q1[unsafeevening]. Fråga", "1;2025-03-14 18:22:05;vet ej", "2;;x"),
		[]byte("sep=,\nid,submitdate,unsafeevening,vikt\n1,2025-03-14,1,\"1,5\"\n"))
}

func FuzzKobo(f *testing.F) {
	fuzzFormat(f, survey.FormatKobo, nil, head(f, "kobo.csv", 5),
		[]byte("_uuid;_submission_time;g/deso;vikt;g/h/unsafe_evening\nabc;2025-03-14T17:22:05;0483C1010;1,25;Ganska otrygg\n"))
}

func FuzzODK(f *testing.F) {
	fuzzFormat(f, survey.FormatODK, nil, head(f, "odk.csv", 5),
		[]byte("SubmissionDate,grp-regso,grp-unsafe_evening,KEY,ReviewState\n2025-03-14T17:22:05.123Z,0483R001,2,uuid:a,rejected\n"))
}

func FuzzMapped(f *testing.F) {
	b, err := os.ReadFile("testdata/netigate-mapping.json")
	if err != nil {
		f.Fatal(err)
	}
	m, err := survey.LoadMapping(bytes.NewReader(b))
	if err != nil {
		f.Fatal(err)
	}
	fuzzFormat(f, survey.FormatMapped, &m, head(f, "netigate-1252.csv", 5))
}

func FuzzXLSX(f *testing.F) {
	ss := synthetic(3, 1)
	f.Add(makeXLSX(cells(limeRecords(ss), "id", "vikt"), xlsxOpts{}))
	f.Add(makeXLSX(cells(koboRecords(ss)[:3]), xlsxOpts{inline: true, noRefs: true, before: "Info"}))
	f.Add(makeXLSX([][]any{{"id", "submitdate", "unsafeevening"}, {1, 45730.5, 9.0}, {2, nil, true}}, xlsxOpts{date1904: true}))
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := survey.Read(bytes.NewReader(in), "f.xlsx", survey.FormatXLSX, testQ, nil)
		checkRead(t, testQ, res, err)
	})
}

// FuzzXLSXSheet fuzzes the sheet and shared strings XML inside a valid
// zip, which FuzzXLSX seldom reaches past the zip's checksums.
func FuzzXLSXSheet(f *testing.F) {
	f.Add(sheetNS+`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>b</t></is></c></row>`+
		`<row r="3"><c r="A3"><v>1.5E-2</v></c><c r="C3" t="s"><v>1</v></c></row></sheetData></worksheet>`,
		`<sst><si><t>a</t></si><si><r><t>x</t></r><rPh><t>y</t></rPh></si></sst>`)
	f.Add(sheetNS+`<sheetData><row><c t="str"><v>f</v></c><c t="b"><v>1</v></c></row><row><c t="e"><v>#N/A</v></c><c/></row></sheetData></worksheet>`, `<sst/>`)
	f.Fuzz(func(t *testing.T, sheet, shared string) {
		res, err := survey.Read(bytes.NewReader(rawXLSX(sheet, shared)), "f.xlsx", survey.FormatXLSX, openQ, nil)
		checkRead(t, openQ, res, err)
		if err == nil {
			for _, r := range res.Respondents {
				for _, a := range r.Answers {
					if strings.TrimSpace(a) != a {
						t.Fatalf("answer %q not trimmed", a)
					}
				}
			}
		}
	})
}

func FuzzPublished(f *testing.F) {
	f.Add([]byte("\uFEFFFråga;Område;Typ;Värde;Antal\r\nOtrygg;LPO;andel;23,5 %;1 204\r\nBelysning;LPO;index;2,4;1198\r\n"))
	f.Add([]byte("item,area,kind,value,n\nx,y,share,0.2,10\nx,y,share,0.3,10\n"))
	f.Add(makeXLSX([][]any{{"item", "area", "kind", "value", "n"}, {"a", "b", "share", 0.25, 80}}, xlsxOpts{}))
	f.Fuzz(func(t *testing.T, in []byte) {
		figs, err := survey.ReadPublished(bytes.NewReader(in), "p.csv")
		if err != nil {
			var e *survey.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %q (%T) is no *survey.Error", err, err)
			}
			return
		}
		for _, fg := range figs {
			hi := 1.0
			if fg.Kind == "problem_index" {
				hi = 6
			}
			if !(fg.Value >= 0 && fg.Value <= hi) || fg.N <= 0 || fg.Item == "" || fg.Area == "" {
				t.Fatalf("figure %+v", fg)
			}
		}
		if !slices.IsSortedFunc(figs, func(a, b survey.PublishedFigure) int { return a.Line - b.Line }) {
			t.Fatal("figures out of file order")
		}
	})
}
