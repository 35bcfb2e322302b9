package app

import (
	"context"
	"encoding/json"
)

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

// SurveyRespondent is one answered questionnaire: groups and answers,
// never a name.
type SurveyRespondent struct {
	ID       string            `json:"id"`
	District string            `json:"district"`
	Area     string            `json:"area"` // DeSO or RegSO code
	Gender   string            `json:"gender"`
	AgeGroup string            `json:"age_group"`
	Weight   float64           `json:"weight"`
	Answers  map[string]string `json:"answers"`
}

// SurveyService stores questionnaires, waves and respondents; every method
// enforces the tenant. Questionnaires are kept as their JSON definition:
// their structure belongs to the survey package.
type SurveyService interface {
	// SaveQuestionnaire adds or replaces a questionnaire definition.
	SaveQuestionnaire(ctx context.Context, tenantID int64, code, version string, definition json.RawMessage) error
	// FindQuestionnaire returns a definition; ENOTFOUND.
	FindQuestionnaire(ctx context.Context, tenantID int64, code string) (json.RawMessage, error)
	// ReplaceWave stores the wave and all of its respondents in one
	// transaction, replacing any earlier import of the same wave: importing
	// the same file twice changes nothing.
	ReplaceWave(ctx context.Context, w *SurveyWave, rs []SurveyRespondent) (ImportResult, error)
	// FindWaves returns the tenant's waves, oldest first.
	FindWaves(ctx context.Context, tenantID int64) ([]*SurveyWave, error)
	// FindRespondents returns a wave's respondents; ENOTFOUND for a wave
	// of another tenant.
	FindRespondents(ctx context.Context, tenantID, waveID int64) ([]SurveyRespondent, error)
	// ReplacePublished stores a wave's published results, replacing any
	// earlier import of them, in one transaction.
	ReplacePublished(ctx context.Context, w *SurveyWave, figs []SurveyPublished) (ImportResult, error)
	// FindPublished returns a wave's published results.
	FindPublished(ctx context.Context, tenantID, waveID int64) ([]SurveyPublished, error)
}

// SurveyPublished is one printed result: a share (0–1) or a problem index
// (0–6) for an item in an area, with the respondents behind it.
type SurveyPublished struct {
	Line  int     `json:"line"`
	Item  string  `json:"item"`
	Area  string  `json:"area"`
	Kind  string  `json:"kind"` // share or problem_index
	Value float64 `json:"value"`
	N     int     `json:"n"`
}
