package survey

import "github.com/trygg-se/trygg/internal/app"

// StoredWave is w as the store keeps it.
func StoredWave(w Wave) app.SurveyWave {
	out := app.SurveyWave{Survey: w.Survey, Name: w.Code, SurveyYear: w.SurveyYear, ReferenceYear: w.ReferenceYear,
		SampleSize: w.SampleSize, ResponseRate: w.ResponseRate, Synthetic: w.Synthetic}
	if !w.FieldworkFrom.IsZero() {
		d := app.DateOf(w.FieldworkFrom)
		out.FieldworkFrom = &d
	}
	if !w.FieldworkTo.IsZero() {
		d := app.DateOf(w.FieldworkTo)
		out.FieldworkTo = &d
	}
	return out
}

// WaveOf is a stored wave for computing.
func WaveOf(w *app.SurveyWave) Wave {
	out := Wave{Code: w.Name, Survey: w.Survey, SurveyYear: w.SurveyYear, ReferenceYear: w.ReferenceYear, SampleSize: w.SampleSize,
		ResponseRate: w.ResponseRate, Synthetic: w.Synthetic}
	if w.FieldworkFrom != nil {
		out.FieldworkFrom = w.FieldworkFrom.Time
	}
	if w.FieldworkTo != nil {
		out.FieldworkTo = w.FieldworkTo.Time
	}
	return out
}

// StoredRespondents are rs as the store keeps them.
func StoredRespondents(rs []Respondent) []app.SurveyRespondent {
	out := make([]app.SurveyRespondent, len(rs))
	for i, r := range rs {
		out[i] = app.SurveyRespondent{ID: r.ID, District: r.District, Gender: r.Gender, AgeGroup: r.AgeGroup, Weight: r.Weight, Answers: r.Answers}
	}
	return out
}

// RespondentsOf are stored respondents for computing; one without a
// district counts under its area code.
func RespondentsOf(rs []app.SurveyRespondent) []Respondent {
	out := make([]Respondent, len(rs))
	for i, r := range rs {
		d := r.District
		if d == "" {
			d = r.Area
		}
		out[i] = Respondent{ID: r.ID, District: d, Gender: r.Gender, AgeGroup: r.AgeGroup, Weight: r.Weight, Answers: r.Answers}
	}
	return out
}
