package survey_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo

	"github.com/trygg-se/trygg/internal/importer/survey"
	"github.com/trygg-se/trygg/internal/stats"
)

var update = flag.Bool("update", false, "rewrite the testdata fixtures from the generator")

// fixtures are the committed files: the same 50 synthetic respondents as
// each tool exports them (see helpers_test.go for what is in each).
func fixtures() map[string][]byte {
	ss := synthetic(nFixture, 2025)
	return map[string][]byte{
		"limesurvey.csv":        limeCSV(limeRecords(ss)),
		"kobo.csv":              quotedCSV(koboRecords(ss), ";"),
		"odk.csv":               plainCSV(odkRecords(ss), ',', false),
		"netigate-1252.csv":     mappedCSV(mappedRecords(ss)),
		"netigate-mapping.json": []byte(mappingJSON),
	}
}

func TestFixturesUpToDate(t *testing.T) {
	for name, want := range fixtures() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its generator; run go test -run TestFixturesUpToDate -update", path)
		}
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func netigateMapping(t *testing.T) *survey.Mapping {
	t.Helper()
	m, err := survey.LoadMapping(bytes.NewReader(readFixture(t, "netigate-mapping.json")))
	if err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestSameAnswersAllFormats is the acceptance test: a LimeSurvey,
// a Kobo, an ODK and a mapped file with the same 50 answers, as CSV and as
// XLSX, give the same respondents and so the same indicators.
func TestSameAnswersAllFormats(t *testing.T) {
	ss := synthetic(nFixture, 2025)
	want := expected(ss)
	lime := limeRecords(ss)
	kobo := koboRecords(ss)
	odk := odkRecords(ss)

	for _, tt := range []struct {
		name    string
		data    []byte
		format  survey.Format
		mapping bool
		wantF   survey.Format
		skipped map[string]int
		ignored []string
	}{
		{"limesurvey.csv", readFixture(t, "limesurvey.csv"), survey.FormatLimeSurvey, false, survey.FormatLimeSurvey,
			map[string]int{"incomplete": 4}, []string{"ovrigt"}},
		{"kobo.csv", readFixture(t, "kobo.csv"), survey.FormatKobo, false, survey.FormatKobo,
			map[string]int{"rejected": 3}, []string{"ovrigt", "plats"}},
		{"odk.csv", readFixture(t, "odk.csv"), survey.FormatODK, false, survey.FormatODK,
			map[string]int{"rejected": 2}, []string{"ovrigt"}},
		{"netigate-1252.csv", readFixture(t, "netigate-1252.csv"), survey.FormatMapped, true, survey.FormatMapped,
			map[string]int{"incomplete": 2}, []string{"Övriga synpunkter"}},
		{"limesurvey.csv auto", readFixture(t, "limesurvey.csv"), survey.FormatAuto, false, survey.FormatLimeSurvey,
			map[string]int{"incomplete": 4}, []string{"ovrigt"}},
		{"kobo.csv auto", readFixture(t, "kobo.csv"), survey.FormatAuto, false, survey.FormatKobo,
			map[string]int{"rejected": 3}, []string{"ovrigt", "plats"}},
		{"odk.csv auto", readFixture(t, "odk.csv"), survey.FormatAuto, false, survey.FormatODK,
			map[string]int{"rejected": 2}, []string{"ovrigt"}},
		{"limesurvey.xlsx", makeXLSX(cells(lime, "id", "vikt", "worryassault", "seed", "interviewtime"), xlsxOpts{}),
			survey.FormatXLSX, false, survey.FormatLimeSurvey, map[string]int{"incomplete": 4}, []string{"ovrigt"}},
		{"kobo.xlsx (inline strings, no references, a sheet before)", makeXLSX(cells(kobo, "vikt", "_id", "_index"),
			xlsxOpts{inline: true, noRefs: true, sheet: "Trygghet 2025", before: "Info"}), survey.FormatKobo, false, survey.FormatKobo,
			map[string]int{"rejected": 3}, []string{"ovrigt", "plats"}},
		{"odk.xlsx", makeXLSX(cells(odk, "vikt", "trygghet-unsafe_evening", "polis-police_care"), xlsxOpts{}),
			survey.FormatXLSX, false, survey.FormatODK, map[string]int{"rejected": 2}, []string{"ovrigt"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var m *survey.Mapping
			if tt.mapping {
				m = netigateMapping(t)
			}
			if strings.Contains(tt.name, "no references") {
				m = &survey.Mapping{Sheet: "trygghet 2025"}
			}
			res := mustRead(t, tt.data, tt.name, tt.format, m)
			if got := stripped(res.Respondents); !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("respondent %d (line %d):\n got %+v\nwant %+v", i, res.Respondents[i].Line, got[i], want[i])
					}
				}
				t.Fatalf("%d respondents, want %d", len(got), len(want))
			}
			if got, want := res.Format, tt.wantF; got != want {
				t.Errorf("Format=%q, want %q", got, want)
			}
			if got, want := res.SkippedReasons, tt.skipped; !reflect.DeepEqual(got, want) {
				t.Errorf("SkippedReasons=%v, want %v", got, want)
			}
			if got, want := res.Skipped, sum(tt.skipped); got != want {
				t.Errorf("Skipped=%d, want %d", got, want)
			}
			if got, want := res.Ignored, tt.ignored; !slices.Equal(got, want) {
				t.Errorf("Ignored=%q, want %q", got, want)
			}
			if len(res.Missing) != 0 {
				t.Errorf("Missing=%q, want none", res.Missing)
			}
		})
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestSameIndicators computes the indicators of every fixture through
// internal/stats: they must agree to the last bit.
func TestSameIndicators(t *testing.T) {
	files := map[string]survey.Result{
		"limesurvey": mustRead(t, readFixture(t, "limesurvey.csv"), "limesurvey.csv", survey.FormatLimeSurvey, nil),
		"kobo":       mustRead(t, readFixture(t, "kobo.csv"), "kobo.csv", survey.FormatKobo, nil),
		"odk":        mustRead(t, readFixture(t, "odk.csv"), "odk.csv", survey.FormatODK, nil),
		"mapped":     mustRead(t, readFixture(t, "netigate-1252.csv"), "netigate-1252.csv", survey.FormatMapped, netigateMapping(t)),
	}
	indicators := []stats.Indicator{
		{Key: "unsafe_evening", Question: "unsafe_evening", Yes: []string{"3", "4", "5"}},
		{Key: "problem_lighting", Question: "problem_lighting", Yes: []string{"1", "2"}, Exclude: []string{"9"}},
		{Key: "victim_assault", Question: "victim_assault", Yes: []string{"1"}},
		{Key: "worry_assault", Question: "worry_assault", Kind: stats.KindMean,
			Scores: map[string]float64{"1": 4, "2": 3, "3": 2, "4": 1}, Exclude: []string{"9"}},
		{Key: "police_care", Question: "police_care", Yes: []string{"1", "2"}},
	}
	var first string
	for _, name := range []string{"limesurvey", "kobo", "odk", "mapped"} {
		var rs []stats.Respondent
		for _, r := range files[name].Respondents {
			rs = append(rs, r.Stats())
		}
		var b strings.Builder
		for _, ind := range indicators {
			cells, err := stats.Compute(ind, rs, []string{stats.DimDistrict, stats.DimGender, stats.DimAgeGroup}, stats.Options{})
			if err != nil {
				t.Fatalf("%s %s: %v", name, ind.Key, err)
			}
			fmt.Fprintf(&b, "%s %v\n", ind.Key, cells)
		}
		if first == "" {
			first = b.String()
			if !strings.Contains(first, "district:navertorp") {
				t.Fatalf("no district cells: %s", first)
			}
		} else if b.String() != first {
			t.Errorf("%s gives other indicators than limesurvey", name)
		}
	}
}

// TestLimeSurveyByHand checks the first response of the LimeSurvey file
// against the file itself, so that a generator bug cannot hide behind
// agreement between formats.
func TestLimeSurveyByHand(t *testing.T) {
	res := mustRead(t, readFixture(t, "limesurvey.csv"), "limesurvey.csv", survey.FormatLimeSurvey, nil)
	lines := strings.Split(string(readFixture(t, "limesurvey.csv")), "\r\n")
	if !strings.HasPrefix(lines[0], "\uFEFF\"id\";\"submitdate\";") {
		t.Fatalf("header %q", lines[0])
	}
	t.Logf("first response: %s", lines[1])
	r := res.Respondents[0]
	fields := strings.Split(strings.Trim(lines[1], `"`), `";"`)
	sub, err := time.ParseInLocation("2006-01-02 15:04:05", fields[1], stockholm)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Line, 2; got != want {
		t.Errorf("Line=%d, want %d", got, want)
	}
	if got, want := r.ID, fields[0]; got != want {
		t.Errorf("ID=%q, want %q", got, want)
	}
	if !r.Submitted.Equal(sub) || r.Submitted.Location() != time.UTC {
		t.Errorf("Submitted=%v, want %v in UTC", r.Submitted, sub)
	}
	for _, c := range []struct{ got, label string }{
		{label(testQ.Districts, r.District), fields[7]}, {label(testQ.Genders, r.Gender), fields[8]},
		{label(testQ.AgeGroups, r.AgeGroup), fields[9]}, {decimalComma(r.Weight), fields[10]},
		{label(safetyScale, r.Answers["unsafe_evening"]), fields[11]},
		{label(problemScale, r.Answers["problem_lighting"]), fields[12]},
		{label(yesNoScale, r.Answers["victim_assault"]), fields[13]},
		{r.Answers["worry_assault"], fields[14]},
		{label(policeScale, r.Answers["police_care"]), fields[15]},
	} {
		if c.got != c.label {
			t.Errorf("read as %q, the file says %q", c.got, c.label)
		}
	}
}

// TestKoboODKSameIDs: the same submission has the same id in both tools.
func TestKoboODKSameIDs(t *testing.T) {
	kobo := mustRead(t, readFixture(t, "kobo.csv"), "kobo.csv", survey.FormatKobo, nil)
	odk := mustRead(t, readFixture(t, "odk.csv"), "odk.csv", survey.FormatODK, nil)
	for i := range kobo.Respondents {
		if got, want := odk.Respondents[i].ID, kobo.Respondents[i].ID; got != want || len(got) != 36 {
			t.Fatalf("respondent %d: ODK id %q, Kobo id %q", i, got, want)
		}
	}
}

// TestIdempotent: reading the same file twice gives the same result.
func TestIdempotent(t *testing.T) {
	data := readFixture(t, "odk.csv")
	a := mustRead(t, data, "odk.csv", survey.FormatODK, nil)
	b := mustRead(t, data, "odk.csv", survey.FormatODK, nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two reads of the same file differ")
	}
}
