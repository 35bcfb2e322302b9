package survey

import (
	"errors"
	"fmt"
	"time"

	"github.com/trygg-se/trygg/internal/stats"
)

// Wave is one round of a survey. Its n, response rate, survey year and
// reference year go with every figure from it.
type Wave struct {
	Code   string `json:"code"`
	Survey string `json:"survey"` // Questionnaire.Code
	// Fieldwork dates, midnight UTC; both zero when unknown.
	FieldworkFrom time.Time `json:"fieldwork_from"`
	FieldworkTo   time.Time `json:"fieldwork_to"`
	// SurveyYear is when the survey ran; ReferenceYear is the year its
	// answers describe, which differs when, say, a survey in early 2024
	// asks about 2023.
	SurveyYear    int     `json:"survey_year"`
	ReferenceYear int     `json:"reference_year"`
	SampleSize    int     `json:"sample_size"`   // people invited
	ResponseRate  float64 `json:"response_rate"` // 0–1
	// Synthetic marks made-up data, such as the demo's, which every page
	// showing it must say.
	Synthetic bool `json:"synthetic"`
}

// Validate reports every problem with w at once.
func (w Wave) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("survey: wave %q: "+format, append([]any{w.Code}, args...)...))
	}
	if w.Code == "" || w.Survey == "" {
		bad("code and survey are required")
	}
	if w.FieldworkTo.Before(w.FieldworkFrom) {
		bad("fieldwork ends %s before it starts %s", w.FieldworkTo.Format(time.DateOnly), w.FieldworkFrom.Format(time.DateOnly))
	}
	if w.SurveyYear < 1900 || w.ReferenceYear < 1900 || w.ReferenceYear > w.SurveyYear {
		bad("survey year %d and reference year %d, want both given and the reference year not later", w.SurveyYear, w.ReferenceYear)
	}
	if w.SampleSize < 0 || !(w.ResponseRate >= 0 && w.ResponseRate <= 1) {
		bad("sample size %d and response rate %v, want ≥ 0 and between 0 and 1", w.SampleSize, w.ResponseRate)
	}
	return errors.Join(errs...)
}

// Respondent is one answered questionnaire: district (or a DeSO/RegSO
// code), gender, age group, weight (0 means 1) and an answer code per
// question code. An absent or empty answer is item non-response.
type Respondent = stats.Respondent
