package survey

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/stats"
)

// Choice is one answer on a scale: the code stored and the label shown,
// e.g. {"2", "Ganska trygg"}. "Vet ej" is a choice like any other, not a
// missing answer.
type Choice struct {
	Code  string `json:"code"`
	Label string `json:"label,omitempty"`
	// Alt are other labels the same answer is exported under: the English
	// label, an older wording.
	Alt []string `json:"alt,omitempty"`
}

// Question is one item of a questionnaire. Code is ours (unsafe_evening,
// problem_lighting, victim_assault, …) and, by convention, also the
// question's name in the survey tool (see the package comment). A question
// without a Scale takes any answer as written.
type Question struct {
	Code  string   `json:"code"`
	Scale []Choice `json:"scale,omitempty"`
}

// Questionnaire is what a wave asked. The background scales are optional:
// when given, a respondent's value must be one of their codes or labels and
// is stored as the code (Districts from the tenant's districts, key and
// name); when nil, the value is kept as written.
type Questionnaire struct {
	Questions []Question `json:"questions"`
	Districts []Choice   `json:"districts,omitempty"`
	Genders   []Choice   `json:"genders,omitempty"`
	AgeGroups []Choice   `json:"age_groups,omitempty"`
}

// Respondent is one complete response.
type Respondent struct {
	Line      int       // CSV line where the response starts, or XLSX row
	ID        string    // the tool's response id; "line-N" when the file has none
	Submitted time.Time // UTC; zero when the file does not say
	District  string    // a Districts code, or as written
	Area      string    // DeSO or RegSO code, e.g. 0483C1010
	Gender    string
	AgeGroup  string
	Weight    float64 // > 0; 0 when the file has no weight column (unweighted)
	// Answers maps a question code to its answer code. An unanswered
	// question is absent (item non-response); "vet ej" is an answer.
	Answers map[string]string
}

// Stats returns r for internal/stats. The area code stands in for the
// district when there is none.
func (r Respondent) Stats() stats.Respondent {
	d := r.District
	if d == "" {
		d = r.Area
	}
	return stats.Respondent{ID: r.ID, District: d, Gender: r.Gender, AgeGroup: r.AgeGroup, Weight: r.Weight, Answers: r.Answers}
}

// Result is a read file: the complete respondents in file order, and what
// was left out and why.
type Result struct {
	Format      Format // the dialect read (detected for FormatAuto and FormatXLSX)
	Respondents []Respondent
	// Skipped counts incomplete or rejected responses, which are left out
	// and not checked; SkippedReasons breaks them down ("incomplete",
	// "rejected" or a Mapping's reason).
	Skipped        int
	SkippedReasons map[string]int
	// Missing lists the questions with no column in the file, in
	// questionnaire order: everyone is a non-response there.
	Missing []string
	// Ignored lists the columns that fed nothing, apart from the tool's
	// own metadata: a misnamed question shows up here.
	Ignored []string
}

// Background fields, also the keys of Mapping.Labels for their values.
const (
	FieldDistrict = "district"
	FieldArea     = "area"
	FieldGender   = "gender"
	FieldAgeGroup = "age_group"
	FieldWeight   = "weight"
)

// fieldAliases are the column names (compared by nameKey) under which a
// background field is found by convention. Swedish forms say stadsdel, kön,
// ålder and vikt; LimeSurvey codes cannot hold "ö" or "å".
var fieldAliases = map[string][]string{
	FieldDistrict: {"district", "stadsdel", "omrade", "område", "delomrade", "delområde"},
	FieldArea:     {"area", "deso", "regso", "desokod", "regsokod"},
	FieldGender:   {"gender", "kon", "kön", "sex"},
	FieldAgeGroup: {"age_group", "agegroup", "alder", "ålder", "aldersgrupp", "åldersgrupp"},
	FieldWeight:   {"weight", "vikt"},
}

var fieldOrder = []string{FieldDistrict, FieldArea, FieldGender, FieldAgeGroup, FieldWeight}

// Validate reports every problem with q at once: question codes must be
// given and distinct (also as nameKey, which is how columns find them), not
// a background field's name, and each scale's codes and labels must be
// distinct and must not be mistaken for one another.
func (q Questionnaire) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("questionnaire: "+format, args...))
	}
	if len(q.Questions) == 0 {
		bad("no questions")
	}
	reserved := map[string]string{}
	for _, f := range fieldOrder {
		for _, a := range fieldAliases[f] {
			reserved[nameKey(a)] = f
		}
	}
	seen := map[string]string{}
	for i, qu := range q.Questions {
		k := nameKey(qu.Code)
		switch {
		case k == "":
			bad("question %d has no code (letters or digits)", i+1)
			continue
		case strings.TrimSpace(qu.Code) != qu.Code || strings.ContainsAny(qu.Code, " \t\r\n"):
			bad("question code %q has white space", qu.Code)
		case seen[k] != "":
			bad("question codes %q and %q are the same to a column name", seen[k], qu.Code)
		case reserved[k] != "":
			bad("question code %q is the name of the %s column", qu.Code, reserved[k])
		}
		seen[k] = qu.Code
		if _, err := compileScale(qu.Scale); err != nil {
			bad("question %q: %v", qu.Code, err)
		}
	}
	for _, s := range []struct {
		name  string
		scale []Choice
	}{{"districts", q.Districts}, {"genders", q.Genders}, {"age groups", q.AgeGroups}} {
		if _, err := compileScale(s.scale); err != nil {
			bad("%s: %v", s.name, err)
		}
	}
	return errors.Join(errs...)
}

// scale looks answers up by code, then by label, both by labelKey.
type scale struct {
	choices []Choice
	codes   map[string]string // labelKey(code) → code
	labels  map[string]string // labelKey(label) → code
}

// compileScale returns nil for an empty scale (any value is accepted).
func compileScale(cs []Choice) (*scale, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	s := &scale{choices: cs, codes: map[string]string{}, labels: map[string]string{}}
	for _, c := range cs {
		k := labelKey(c.Code)
		if k == "" {
			return nil, errors.New("a choice has no code")
		}
		if prev, ok := s.codes[k]; ok {
			return nil, fmt.Errorf("code %q is given twice (as %q)", c.Code, prev)
		}
		s.codes[k] = c.Code
	}
	for _, c := range cs {
		for _, label := range append([]string{c.Label}, c.Alt...) {
			k := labelKey(label)
			if k == "" {
				continue
			}
			if prev, ok := s.labels[k]; ok && prev != c.Code {
				return nil, fmt.Errorf("label %q is given to both %q and %q", label, prev, c.Code)
			}
			if other, ok := s.codes[k]; ok && other != c.Code {
				return nil, fmt.Errorf("label %q of %q is also the code of %q", label, c.Code, other)
			}
			s.labels[k] = c.Code
		}
	}
	return s, nil
}

// lookup returns the code that v (a code or a label) stands for.
func (s *scale) lookup(v string) (string, bool) {
	k := labelKey(v)
	if c, ok := s.codes[k]; ok {
		return c, true
	}
	c, ok := s.labels[k]
	return c, ok
}

func (s *scale) hasCode(code string) bool {
	return slices.ContainsFunc(s.choices, func(c Choice) bool { return c.Code == code })
}

// describe lists the scale for an error message, the first dozen choices.
func (s *scale) describe() string {
	var parts []string
	for i, c := range s.choices {
		if i == 12 {
			parts = append(parts, "…")
			break
		}
		if c.Label == "" {
			parts = append(parts, fmt.Sprintf("%q", c.Code))
		} else {
			parts = append(parts, fmt.Sprintf("%s %q", c.Code, c.Label))
		}
	}
	return strings.Join(parts, ", ")
}

// suggest returns a choice's label or code that v is probably a typo of.
func (s *scale) suggest(v string) (string, bool) {
	var cands []string
	for _, c := range s.choices {
		cands = append(cands, c.Code)
		if c.Label != "" {
			cands = append(cands, c.Label)
		}
		cands = append(cands, c.Alt...)
	}
	return suggest(v, cands)
}
