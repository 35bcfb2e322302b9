package survey_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/importer/survey"
)

// lime builds a small LimeSurvey file: BOM, ";", all quoted, CRLF.
func lime(rows ...string) []byte {
	var recs [][]string
	for _, r := range rows {
		recs = append(recs, strings.Split(r, ";"))
	}
	return limeCSV(recs)
}

const limeHead = "id;submitdate;stadsdel;kon;unsafeevening"

func TestRead(t *testing.T) {
	at := time.Date(2025, 3, 14, 17, 22, 5, 0, time.UTC) // 18:22:05 in Stockholm
	for _, tt := range []struct {
		name   string
		in     []byte
		format survey.Format
		m      *survey.Mapping
		q      survey.Questionnaire
		want   []survey.Respondent
		check  func(t *testing.T, res survey.Result)
	}{
		{name: "LimeSurvey codes and labels, case and spacing aside",
			in: lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;4", "2;2025-03-14 18:22:05;norr;  KVINNA ;mycket   OTRYGG"),
			want: []survey.Respondent{
				{Line: 2, ID: "1", Submitted: at, District: "norr", Gender: "female", Answers: map[string]string{"unsafe_evening": "4"}},
				{Line: 3, ID: "2", Submitted: at, District: "norr", Gender: "female", Answers: map[string]string{"unsafe_evening": "4"}},
			},
			check: func(t *testing.T, res survey.Result) {
				if want := []string{"problem_lighting", "victim_assault", "worry_assault", "police_care"}; !slices.Equal(res.Missing, want) {
					t.Errorf("Missing=%q, want %q", res.Missing, want)
				}
			}},
		{name: "LimeSurvey code-and-text headings, an empty answer, vet ej",
			in: lime(`id. Response ID;submitdate. Date submitted;unsafeevening. Hur trygg, på kvällen?;Q2[problemlighting]. Belysning [Dålig]`,
				"7;2025-03-14 18:22:05;;Vet ej", "8;2025-03-14 18:22:05;Vet ej;"),
			want: []survey.Respondent{
				{Line: 2, ID: "7", Submitted: at, Answers: map[string]string{"problem_lighting": "9"}},
				{Line: 3, ID: "8", Submitted: at, Answers: map[string]string{"unsafe_evening": "9"}},
			}},
		{name: "an en dash typed as a hyphen, a decomposed ö",
			in:     []byte("id;submitdate;alder;stadsdel;unsafeevening\n1;2025-03-14 18:22:05;16-29 år;Na\u0308vertorp;1\n"),
			format: survey.FormatLimeSurvey,
			want: []survey.Respondent{{Line: 2, ID: "1", Submitted: at, AgeGroup: "16-29", District: "navertorp",
				Answers: map[string]string{"unsafe_evening": "1"}}}},
		{name: "Kobo labels export, UTC times, an area code, a weight with comma",
			in:     []byte("_uuid;_submission_time;g/deso;vikt;g/h/unsafe_evening\nabc;2025-03-14T17:22:05;0483c1010;1,25;Ganska otrygg\n"),
			format: survey.FormatKobo,
			want: []survey.Respondent{{Line: 2, ID: "abc", Submitted: at, Area: "0483C1010", Weight: 1.25,
				Answers: map[string]string{"unsafe_evening": "3"}}}},
		{name: "ODK: RegSO, Z time, rejected left out, hasIssues kept",
			in: []byte("SubmissionDate,grp-regso,grp-unsafe_evening,KEY,ReviewState\n" +
				"2025-03-14T17:22:05.123Z,0483R001,2,uuid:a,hasIssues\n2025-03-14T17:22:05Z,0483R002,2,uuid:b,rejected\n"),
			format: survey.FormatODK,
			want: []survey.Respondent{{Line: 2, ID: "a", Submitted: at.Add(123 * time.Millisecond), Area: "0483R001",
				Answers: map[string]string{"unsafe_evening": "2"}}},
			check: func(t *testing.T, res survey.Result) {
				if res.Skipped != 1 || res.SkippedReasons["rejected"] != 1 {
					t.Errorf("Skipped=%d %v, want 1 rejected", res.Skipped, res.SkippedReasons)
				}
			}},
		{name: "mapped without id: line ids; blank rows; tab; labels to codes and to non-response",
			in:     []byte("Fråga 1\tKön\n\nMycket trygg\tK\n\t\nInget svar\tM\n"),
			format: survey.FormatMapped,
			m: &survey.Mapping{Gender: "kön", Questions: map[string]string{"unsafe_evening": "FRÅGA 1"},
				Labels: map[string]map[string]string{"*": {"Inget svar": ""}, "Kön": {"K": "female", "M": "male"}}},
			want: []survey.Respondent{
				{Line: 3, ID: "line-3", Gender: "female", Answers: map[string]string{"unsafe_evening": "1"}},
				{Line: 5, ID: "line-5", Gender: "male", Answers: map[string]string{}},
			}},
		{name: "mapping overrides the convention and drops a question",
			in:   lime("id;submitdate;unsafeevening;Q9;policecare", "1;2025-03-14 18:22:05;1;3;1"),
			m:    &survey.Mapping{Questions: map[string]string{"unsafe_evening": "Q9", "police_care": ""}},
			want: []survey.Respondent{{Line: 2, ID: "1", Submitted: at, Answers: map[string]string{"unsafe_evening": "3"}}},
			check: func(t *testing.T, res survey.Result) {
				if !slices.Contains(res.Missing, "police_care") || !slices.Equal(res.Ignored, []string{"unsafeevening", "policecare"}) {
					t.Errorf("Missing=%q Ignored=%q", res.Missing, res.Ignored)
				}
			}},
		{name: "mapping moves submitdate and adds a skip rule",
			in:     lime("id;klar;test;unsafeevening", "1;2025-03-14 18:22:05;nej;1", "2;;nej;1", "3;2025-03-14 18:22:05;JA;1"),
			format: survey.FormatLimeSurvey,
			m:      &survey.Mapping{Submitted: "klar", Skip: []survey.SkipRule{{Column: "test", Values: []string{"ja"}, Reason: "test"}}},
			want:   []survey.Respondent{{Line: 2, ID: "1", Submitted: at, Answers: map[string]string{"unsafe_evening": "1"}}},
			check: func(t *testing.T, res survey.Result) {
				if want := map[string]int{"incomplete": 1, "test": 1}; !reflect.DeepEqual(res.SkippedReasons, want) {
					t.Errorf("SkippedReasons=%v, want %v", res.SkippedReasons, want)
				}
			}},
		{name: "Excel sep line, other time zone",
			in:     []byte("sep=,\r\nid,submitdate,unsafeevening\r\n1,2025-03-14 18:22:05,1\r\n"),
			format: survey.FormatLimeSurvey, m: &survey.Mapping{TimeZone: "UTC"},
			want: []survey.Respondent{{Line: 3, ID: "1", Submitted: at.Add(time.Hour), Answers: map[string]string{"unsafe_evening": "1"}}}},
		{name: "an alternative label (English export)",
			in:     lime("id;submitdate;Q5[victimassault]", "1;2025-03-14 18:22:05;Yes", "2;2025-03-14 18:22:05;nej"),
			format: survey.FormatLimeSurvey,
			q: survey.Questionnaire{Questions: []survey.Question{{Code: "victim_assault",
				Scale: []survey.Choice{{Code: "1", Label: "Ja", Alt: []string{"Yes"}}, {Code: "2", Label: "Nej", Alt: []string{"No"}}}}}},
			want: []survey.Respondent{{Line: 2, ID: "1", Submitted: at, Answers: map[string]string{"victim_assault": "1"}},
				{Line: 3, ID: "2", Submitted: at, Answers: map[string]string{"victim_assault": "2"}}}},
		{name: "whole column name preferred over a part",
			in:     []byte("SubmissionDate,unsafe_evening,x-unsafe_evening\n2025-03-14T17:22:05Z,1,2\n"),
			format: survey.FormatODK,
			want:   []survey.Respondent{{Line: 2, ID: "line-2", Submitted: at, Answers: map[string]string{"unsafe_evening": "1"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.format
			if f == "" {
				f = survey.FormatLimeSurvey
			}
			q := testQ
			if tt.q.Questions != nil {
				q = tt.q
			}
			res, err := survey.Read(bytes.NewReader(tt.in), "t.csv", f, q, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Respondents, tt.want) {
				t.Errorf("got  %+v\nwant %+v", res.Respondents, tt.want)
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	big := []string{"Respondent;Q3"}
	for i := range 25 {
		big = append(big, string(rune('a'+i))+";Jättetrygg")
	}
	invalidLate := []byte("id;submitdate;unsafeevening\n")
	for i := range 3000 {
		invalidLate = fmt.Appendf(invalidLate, "%d;2025-03-14 18:22:05;Vet ej\n", i)
	}
	invalidLate = append(invalidLate, "x;2025-03-14 18:22:05;Vet \xff\n"...)
	q3 := &survey.Mapping{ID: "Respondent", Questions: map[string]string{"unsafe_evening": "Q3"}}
	for _, tt := range []struct {
		name   string
		in     []byte
		format survey.Format
		m      *survey.Mapping
		want   []string // substrings, in this order
	}{
		{"typo in an answer", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;1", "2;2025-03-14 18:22:05;Norr;Kvinna;Ganska tryg"), "", nil,
			[]string{`t.csv line 3, column "unsafeevening": unknown answer "Ganska tryg" (question unsafe_evening; did you mean "Ganska trygg"?)`}},
		{"the issue's example", []byte("Respondent;Q3\r\na;1\r\nb;2\r\nc;3\r\nd;4\r\ne;5\r\nf;Ganska tryg\r\n"), survey.FormatMapped, q3,
			[]string{`t.csv line 7, column "Q3": unknown answer "Ganska tryg"`}},
		{"an answer far from any", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;Jättetrygg"), "", nil,
			[]string{`line 2, column "unsafeevening": unknown answer "Jättetrygg" (question unsafe_evening; expected 1 "Mycket trygg", 2 "Ganska trygg"`}},
		{"an unknown district", lime(limeHead, "1;2025-03-14 18:22:05;Söder;Kvinna;1"), "", nil,
			[]string{`line 2, column "stadsdel": unknown district "Söder" (expected centrum "Centrum", norr "Norr"`}},
		{"a typo in gender", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvina;1"), "", nil,
			[]string{`line 2, column "kon": unknown gender "Kvina" (did you mean "Kvinna"?)`}},
		{"duplicate id", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;1", "2;2025-03-14 18:22:05;Norr;Kvinna;1", "1;2025-03-14 18:22:05;Norr;Kvinna;1"), "", nil,
			[]string{`line 4, column "id": duplicate respondent id "1" (also on line 2)`}},
		{"empty id", []byte("_uuid;unsafe_evening\n;1\n"), survey.FormatKobo, nil,
			[]string{`line 2, column "_uuid": empty respondent id`}},
		{"weights", []byte("id;submitdate;vikt;unsafeevening\n1;2025-03-14 18:22:05;1,2,3;1\n2;2025-03-14 18:22:05;0;1\n3;2025-03-14 18:22:05;;1\n4;2025-03-14 18:22:05;NaN;1\n"),
			survey.FormatLimeSurvey, nil,
			[]string{`line 2, column "vikt": weight "1,2,3" is not a number`, `line 3, column "vikt": weight 0, want more than 0`,
				`line 4, column "vikt": empty weight`, `line 5, column "vikt": weight "NaN" is not a number`}},
		{"a DeSO code without its leading zero", []byte("_uuid;deso;unsafe_evening\na;483C1010;1\n"), survey.FormatKobo, nil,
			[]string{`line 2, column "deso": "483C1010" is not a DeSO (e.g. 0483C1010) or RegSO (e.g. 0483R001) code: has a spreadsheet dropped the leading zero?`}},
		{"a bad time", lime("id;submitdate;unsafeevening", "1;14/3/2025;1"), "", nil,
			[]string{`line 2, column "submitdate": "14/3/2025" is not a date and time`}},
		{"field count", []byte("id;submitdate;unsafeevening\n1;2025-03-14 18:22:05;1;x\n"), survey.FormatLimeSurvey, nil,
			[]string{`t.csv line 2: 4 fields, the header has 3 (delimiter ';')`}},
		{"bare quote", []byte("id;submitdate;unsafeevening\n1;2025-03-14 18:22:05;Ganska \"trygg\"\n"), survey.FormatLimeSurvey, nil,
			[]string{`t.csv line 2: bare " in non-quoted-field`}},
		{"LimeSurvey without submitdate", lime("id;unsafeevening", "1;1"), "", nil,
			[]string{`t.csv line 1: no column "submitdate": a LimeSurvey export needs it`}},
		{"a mapped column that is not there", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;1"), "",
			&survey.Mapping{Questions: map[string]string{"police_care": "Q7"}},
			[]string{`t.csv line 1: no column "Q7" (for question police_care) in the header; columns: "id", "submitdate"`}},
		{"no question at all", []byte("a;b\n1;2\n"), survey.FormatMapped, nil,
			[]string{`none of the questionnaire's questions is in the file (read as mapped; columns: "a", "b")`}},
		{"ambiguous column", []byte("SubmissionDate,a-unsafe_evening,b-unsafe_evening\n2025-03-14T17:22:05Z,1,2\n"), survey.FormatODK, nil,
			[]string{`question unsafe_evening matches the columns "a-unsafe_evening" and "b-unsafe_evening"; name one in the mapping`}},
		{"a column used twice", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;1"), "",
			&survey.Mapping{District: "kon", Gender: "kon"},
			[]string{`line 1, column "kon": column used for both the district and the gender`}},
		{"labels for nothing", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;1"), "",
			&survey.Mapping{Labels: map[string]map[string]string{"Q9": {"a": "1"}}},
			[]string{`the mapping has labels for "Q9", which is no question, field or column`}},
		{"labels to a code off the scale", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;1"), "",
			&survey.Mapping{Labels: map[string]map[string]string{"unsafe_evening": {"Vet inte": "99"}}},
			[]string{`mapping: labels "unsafe_evening": "Vet inte" → "99": not a code of the scale`}},
		{"labels \"*\" to a code off one scale", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;Inte alls"), "",
			&survey.Mapping{Labels: map[string]map[string]string{"*": {"Inte alls": "3"}, "unsafeevening": {}}},
			[]string{}},
		{"labels for a column to a code off its scale", lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvinna;Inte alls"), "",
			&survey.Mapping{Labels: map[string]map[string]string{"unsafeevening": {"Inte alls": "7"}}},
			[]string{`line 2, column "unsafeevening": the mapping translates "Inte alls" to "7", which is not on the scale of unsafe_evening`}},
		{"a question the questionnaire lacks", lime(limeHead), "", &survey.Mapping{Questions: map[string]string{"unsafe_night": "x"}},
			[]string{`mapping: questions: "unsafe_night" is not a question of the questionnaire`}},
		{"empty file", nil, survey.FormatLimeSurvey, nil, []string{`t.csv: the file is empty`}},
		{"header only", lime(limeHead), "", nil, []string{`t.csv: no complete responses (0 left out: none)`}},
		{"only incomplete", lime(limeHead, "1;;Norr;Kvinna;1"), "", nil, []string{`t.csv: no complete responses (1 left out: 1 incomplete)`}},
		{"UTF-16", []byte("\xff\xfei\x00d\x00"), survey.FormatLimeSurvey, nil, []string{`the file is UTF-16`}},
		{"an .xls file", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), survey.FormatXLSX, nil, []string{`an Excel 97–2003 (.xls) file`}},
		{"xlsx that is CSV", lime(limeHead), survey.FormatXLSX, nil, []string{`t.csv: not an XLSX file`}},
		{"not UTF-8 after 64 KiB", invalidLate, survey.FormatLimeSurvey, nil,
			[]string{`line 3002, column "unsafeevening": not UTF-8`}},
		{"several errors, then a stop", []byte(strings.Join(big, "\n")), survey.FormatMapped, q3,
			[]string{`line 2, column "Q3": unknown answer "Jättetrygg"`, `line 21, column "Q3"`, `t.csv: stopped after 20 errors`}},
		{"bad format", lime(limeHead), "spss", nil, []string{`unknown survey format "spss"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.format
			if f == "" {
				f = survey.FormatLimeSurvey
			}
			_, err := survey.Read(bytes.NewReader(tt.in), "t.csv", f, testQ, tt.m)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			msg, at := err.Error(), 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error\n%s\nlacks (in order)\n%s", msg, w)
				}
				at += i + len(w)
			}
		})
	}
}

// TestErrorFields: errors carry file, line and column for a caller to
// point at.
func TestErrorFields(t *testing.T) {
	_, err := survey.Read(bytes.NewReader(lime(limeHead, "1;2025-03-14 18:22:05;Norr;Kvina;Ganska tryg")), "s.csv",
		survey.FormatLimeSurvey, testQ, nil)
	var e *survey.Error
	if !errors.As(err, &e) {
		t.Fatalf("%v is no *survey.Error", err)
	}
	if got, want := *e, (survey.Error{File: "s.csv", Line: 2, Column: "kon", Err: e.Err}); got != want {
		t.Errorf("first error %+v, want %+v", got, want)
	}
	if n := strings.Count(err.Error(), "\n"); n != 1 {
		t.Errorf("%d lines in %q, want both errors of the row", n+1, err)
	}
}

func TestDetectAndParseFormat(t *testing.T) {
	for _, tt := range []struct {
		header []string
		want   survey.Format
	}{
		{[]string{"id", "submitdate", "Q1"}, survey.FormatLimeSurvey},
		{[]string{"id. Response ID", "submitdate. Date submitted", "Q1. Fråga"}, survey.FormatLimeSurvey},
		{[]string{"Response ID", "Date submitted"}, survey.FormatLimeSurvey},
		{[]string{"start", "g/q", "_uuid"}, survey.FormatKobo},
		{[]string{"SubmissionDate", "g-q", "KEY"}, survey.FormatODK},
		{[]string{"g-q", "meta-instanceID", "KEY"}, survey.FormatODK},
		{[]string{"id", "Fråga 1"}, survey.FormatMapped},
	} {
		if got := survey.Detect(tt.header); got != tt.want {
			t.Errorf("Detect(%q)=%q, want %q", tt.header, got, tt.want)
		}
	}
	for in, want := range map[string]survey.Format{"LimeSurvey": survey.FormatLimeSurvey, " kobo ": survey.FormatKobo,
		"": survey.FormatAuto, "xlsx": survey.FormatXLSX, "mapped": survey.FormatMapped, "odk": survey.FormatODK} {
		if got, err := survey.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q)=%q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := survey.ParseFormat("netigate"); err == nil {
		t.Error("ParseFormat(netigate): no error")
	}
}

func TestValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		q    survey.Questionnaire
		want string
	}{
		{"no questions", survey.Questionnaire{}, "questionnaire: no questions"},
		{"same to a column", survey.Questionnaire{Questions: []survey.Question{{Code: "unsafe_evening"}, {Code: "UnsafeEvening"}}},
			`question codes "unsafe_evening" and "UnsafeEvening" are the same to a column name`},
		{"a field's name", survey.Questionnaire{Questions: []survey.Question{{Code: "kon"}}}, `question code "kon" is the name of the gender column`},
		{"white space", survey.Questionnaire{Questions: []survey.Question{{Code: "a b"}}}, `question code "a b" has white space`},
		{"code twice", survey.Questionnaire{Questions: []survey.Question{{Code: "q", Scale: []survey.Choice{{Code: "1"}, {Code: "1"}}}}},
			`question "q": code "1" is given twice`},
		{"label twice", survey.Questionnaire{Questions: []survey.Question{{Code: "q", Scale: []survey.Choice{{Code: "1", Label: "Ja"}, {Code: "2", Label: "ja"}}}}},
			`question "q": label "ja" is given to both "1" and "2"`},
		{"label is another's code", survey.Questionnaire{Questions: []survey.Question{{Code: "q", Scale: []survey.Choice{{Code: "1", Label: "2"}, {Code: "2", Label: "Två"}}}}},
			`question "q": label "2" of "1" is also the code of "2"`},
		{"genders", survey.Questionnaire{Questions: []survey.Question{{Code: "q"}}, Genders: []survey.Choice{{Label: "Kvinna"}}},
			`genders: a choice has no code`},
		{"alt label twice", survey.Questionnaire{Questions: []survey.Question{{Code: "q", Scale: []survey.Choice{{Code: "1", Label: "Ja", Alt: []string{"Yes"}},
			{Code: "2", Label: "Nej", Alt: []string{"yes"}}}}}}, `question "q": label "yes" is given to both "1" and "2"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate()=%v, want %q", err, tt.want)
			}
		})
	}
	if err := testQ.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestLoadMapping(t *testing.T) {
	if _, err := survey.LoadMapping(strings.NewReader(`{"age-group": "Ålder"}`)); err == nil || !strings.Contains(err.Error(), `unknown field "age-group"`) {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := survey.LoadMapping(strings.NewReader(`{} {}`)); err == nil {
		t.Error("trailing data: no error")
	}
	m := survey.Mapping{Skip: []survey.SkipRule{{Values: []string{"x"}}, {Column: "s"}}, TimeZone: "Mars/Olympus", Delimiter: "|"}
	err := m.Validate(testQ)
	for _, want := range []string{"skip rule 1 has no column", `skip rule 2 ("s") has no values`, `time_zone "Mars/Olympus"`, `delimiter "|"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate()=%v, want %q", err, want)
		}
	}
}

func TestStats(t *testing.T) {
	r := survey.Respondent{ID: "1", Area: "0483R001", Gender: "female", Weight: 1.5, Answers: map[string]string{"q": "1"}}
	s := r.Stats()
	if s.District != "0483R001" || s.ID != "1" || s.Weight != 1.5 || s.Answers["q"] != "1" || s.Gender != "female" {
		t.Errorf("Stats()=%+v", s)
	}
	r.District = "norr"
	if got := r.Stats().District; got != "norr" {
		t.Errorf("District %q, want norr", got)
	}
}
