package survey

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// Mapping overrides a format's conventions, and is the whole story for a
// tool without one (Netigate, Esmaker, a spreadsheet). It is kept as JSON
// next to the export, e.g.
//
//	{
//	  "id": "Respondent-ID", "district": "Område", "gender": "Kön",
//	  "questions": {"unsafe_evening": "Hur trygg känner du dig …?"},
//	  "labels": {"*": {"Vet inte": "9"}, "gender": {"Kvinna": "female"}},
//	  "skip": [{"column": "Status", "values": ["Ej slutförd"], "reason": "incomplete"}]
//	}
//
// Column names are compared with the header trimmed and case-insensitively.
// A column named here must exist; "" leaves the convention in force.
type Mapping struct {
	ID        string `json:"id,omitempty"`        // the response id, for duplicates and re-imports
	Submitted string `json:"submitted,omitempty"` // the time the response was submitted
	District  string `json:"district,omitempty"`
	Area      string `json:"area,omitempty"` // DeSO or RegSO code
	Gender    string `json:"gender,omitempty"`
	AgeGroup  string `json:"age_group,omitempty"`
	Weight    string `json:"weight,omitempty"` // decimal comma or point

	// Questions maps a question code to its column. An empty column says
	// the file does not have the question, whatever the convention finds.
	Questions map[string]string `json:"questions,omitempty"`

	// Labels translates values to codes before the scales are consulted:
	// key → value as written → code. The key is a question code, a
	// background field (district, gender, age_group), a column name, or "*"
	// for every question; the most specific wins. Values are compared as
	// labels are (case, white space and dashes aside). A code "" makes the
	// value a non-response, e.g. {"Inget svar": ""}.
	Labels map[string]map[string]string `json:"labels,omitempty"`

	// Skip leaves out responses, counted by reason, on top of the format's
	// own rules (LimeSurvey's empty submitdate, a rejected review).
	Skip []SkipRule `json:"skip,omitempty"`

	TimeZone  string `json:"time_zone,omitempty"` // of times without an offset; default Europe/Stockholm
	Delimiter string `json:"delimiter,omitempty"` // ",", ";" or "\t"; sniffed from the header when ""
	Sheet     string `json:"sheet,omitempty"`     // XLSX: the sheet to read; default the first
}

// SkipRule leaves out the responses whose Column holds one of Values
// (compared as labels are; "" matches an empty cell).
type SkipRule struct {
	Column string   `json:"column"`
	Values []string `json:"values"`
	Reason string   `json:"reason,omitempty"` // default "skipped"
}

// DefaultTimeZone is where times without an offset are read.
const DefaultTimeZone = "Europe/Stockholm"

// LoadMapping reads a mapping from JSON, rejecting unknown keys: a misspelt
// "age-group" must not silently drop a column.
func LoadMapping(r io.Reader) (Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, fmt.Errorf("mapping: %w", err)
	}
	if dec.More() {
		return Mapping{}, errors.New("mapping: unexpected data after the JSON object")
	}
	return m, nil
}

// Validate reports every problem with m against q at once: unknown question
// codes, labels that translate to a code not on the scale, incomplete skip
// rules, a bad time zone or delimiter. Label keys that are neither a
// question, a field nor "*" are taken as column names and checked against
// the header when the file is read.
func (m Mapping) Validate(q Questionnaire) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("mapping: "+format, args...)) }
	scales := map[string]*scale{}
	for _, qu := range q.Questions {
		scales[qu.Code], _ = compileScale(qu.Scale) // Validate on q reports scale errors
	}
	for _, code := range sortedKeys(m.Questions) {
		if _, ok := scales[code]; !ok {
			bad("questions: %q is not a question of the questionnaire", code)
		}
	}
	fieldScales := map[string][]Choice{FieldDistrict: q.Districts, FieldGender: q.Genders, FieldAgeGroup: q.AgeGroups}
	for _, key := range sortedKeys(m.Labels) {
		var s *scale
		var isScale bool
		if cs, ok := fieldScales[key]; ok {
			s, _ = compileScale(cs)
			isScale = true
		} else if qs, ok := scales[key]; ok {
			s, isScale = qs, true
		}
		seen := map[string]string{}
		for _, label := range sortedKeys(m.Labels[key]) {
			code := m.Labels[key][label]
			k := labelKey(label)
			if prev, ok := seen[k]; ok {
				bad("labels %q: %q and %q are the same label", key, prev, label)
			}
			seen[k] = label
			switch {
			case code == "":
			case key == "*":
				if !slices.ContainsFunc(q.Questions, func(qu Question) bool {
					s, _ := compileScale(qu.Scale)
					return s == nil || s.hasCode(code)
				}) {
					bad("labels \"*\": %q → %q: no question has the code %q", label, code, code)
				}
			case isScale && s != nil && !s.hasCode(code):
				bad("labels %q: %q → %q: not a code of the scale (%s)", key, label, code, s.describe())
			}
		}
	}
	for i, s := range m.Skip {
		if s.Column == "" {
			bad("skip rule %d has no column", i+1)
		}
		if len(s.Values) == 0 {
			bad("skip rule %d (%q) has no values; [\"\"] skips empty cells", i+1, s.Column)
		}
	}
	if m.TimeZone != "" {
		if _, err := time.LoadLocation(m.TimeZone); err != nil {
			bad("time_zone %q: %v", m.TimeZone, err)
		}
	}
	switch m.Delimiter {
	case "", ",", ";", "\t":
	default:
		bad("delimiter %q: use \",\", \";\" or \"\\t\"", m.Delimiter)
	}
	return errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
