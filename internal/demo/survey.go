package demo

import (
	"encoding/json"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/survey"
)

// addSurvey adds the safety-survey questionnaire and its two synthetic
// waves (2021 baseline, 2023 follow-up).
func addSurvey(d *app.Demo) error {
	sd := survey.KatrineholmDemo()
	def, err := json.Marshal(sd.Questionnaire)
	if err != nil {
		return err
	}
	d.Questionnaires = []app.DemoQuestionnaire{{Code: sd.Questionnaire.Code, Version: sd.Questionnaire.Version, Definition: def}}
	for _, w := range []struct {
		wave survey.Wave
		rs   []survey.Respondent
	}{{sd.Baseline, sd.BaselineRespondents}, {sd.Followup, sd.FollowupRespondents}} {
		d.SurveyWaves = append(d.SurveyWaves, app.DemoWave{Wave: survey.StoredWave(w.wave), Respondents: survey.StoredRespondents(w.rs)})
	}
	return nil
}
