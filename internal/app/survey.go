package app

// SurveyWave is one round of a trygghetsmätning. n, response rate, survey
// year and reference year are always kept: no indicator is shown without them.
type SurveyWave struct {
	ID            int64   `json:"-"`
	TenantID      int64   `json:"-"`
	Survey        string  `json:"survey"` // questionnaire key
	Name          string  `json:"name"`
	FieldworkFrom *Date   `json:"fieldwork_from"`
	FieldworkTo   *Date   `json:"fieldwork_to"`
	SurveyYear    int     `json:"survey_year"`
	ReferenceYear int     `json:"reference_year"`
	SampleSize    int     `json:"sample_size"`
	ResponseRate  float64 `json:"response_rate"` // 0–1
	Synthetic     bool    `json:"synthetic"`
}
