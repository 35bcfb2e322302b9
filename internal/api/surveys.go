package api

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/httpx"
	"github.com/trygg-se/trygg/internal/survey"
)

// indicatorJSON is one indicator cell. Suppressed cells (n below the
// threshold) carry n but no figures: the API is for staff, but its output
// travels.
type indicatorJSON struct {
	Indicator  string            `json:"indicator"`
	Group      map[string]string `json:"group"`
	Value      *float64          `json:"value"`
	Low        *float64          `json:"low"`
	High       *float64          `json:"high"`
	N          int               `json:"n"`
	NEff       float64           `json:"n_eff"`
	Suppressed bool              `json:"suppressed"`
}

func finite(x float64, ok bool) *float64 {
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// showIndicators answers a wave's indicators, by the dimensions in ?by=
// (district, gender, age_group).
func (h *Handler) showIndicators(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	ctx := r.Context()
	waves, err := h.svc.Surveys.FindWaves(ctx, t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	i := slices.IndexFunc(waves, func(w *app.SurveyWave) bool { return w.Name == r.PathValue("wave") })
	if i < 0 {
		h.error(w, r, app.Errorf(app.ENOTFOUND, "no survey wave %q", r.PathValue("wave")))
		return
	}
	wave := waves[i]
	var by []survey.Dim
	for _, d := range strings.Split(r.URL.Query().Get("by"), ",") {
		switch d = strings.TrimSpace(d); d {
		case "":
		case string(survey.DimDistrict), string(survey.DimGender), string(survey.DimAgeGroup):
			if slices.Contains(by, survey.Dim(d)) {
				h.error(w, r, app.Errorf(app.EINVALID, "by: %q given twice", d))
				return
			}
			by = append(by, survey.Dim(d))
		default:
			h.error(w, r, app.Errorf(app.EINVALID, "by: unknown dimension %q; use district, gender, age_group", d))
			return
		}
	}
	def, err := h.svc.Surveys.FindQuestionnaire(ctx, t.ID, wave.Survey)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var q survey.Questionnaire
	if err := json.Unmarshal(def, &q); err != nil {
		h.error(w, r, fmt.Errorf("questionnaire %s: %w", wave.Survey, err))
		return
	}
	rs, err := h.svc.Surveys.FindRespondents(ctx, t.ID, wave.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	cells, err := survey.Indicators(q, survey.WaveOf(wave), survey.RespondentsOf(rs), by, survey.DefaultThreshold)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]indicatorJSON, len(cells))
	for i, c := range cells {
		out[i] = indicatorJSON{Indicator: c.Indicator, Group: c.Group, N: c.N, NEff: c.NEff, Suppressed: c.Suppressed,
			Value: finite(c.Value, !c.Suppressed), Low: finite(c.Lo, !c.Suppressed), High: finite(c.Hi, !c.Suppressed)}
		if math.IsNaN(out[i].NEff) {
			out[i].NEff = 0
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": t.Slug, "wave": wave, "threshold": survey.DefaultThreshold,
		"indicators": out})
}
