package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/survey"
)

type surveyPage struct {
	Layout      Layout
	Tenant      *app.Tenant
	Waves       []*app.SurveyWave
	Wave        *app.SurveyWave // shown
	Previous    *app.SurveyWave // the wave before it, if any
	Baseline    *app.SurveyWave // the first wave, for the effect
	Effects     []effectView
	Indicators  []indicatorView
	Threshold   int
	AnySynth    bool
	Names       map[string]string // district key → name
	PriorityIDs []string
	// Published are the shown wave's results as printed by its publisher,
	// when those were imported instead of (or beside) respondents.
	Published []app.SurveyPublished
}

// indicatorView is one indicator of the shown wave: the total, each
// district, and the change since the previous wave.
type indicatorView struct {
	Code, Name string
	Share      bool // values are shares, shown as percent
	Total      survey.Cell
	Change     string // since the previous wave, in words and figures
	Districts  []survey.Cell
	Rows       []surveyRow // the table: the total, then each district
	Chart      barChart
}

// surveyRow is one line of an indicator's table, formatted.
type surveyRow struct {
	Area, Value, Interval, N string
}

type effectView struct {
	survey.EffectEstimate
	Summary string
}

func (s *Server) respondents(ctx context.Context, t *app.Tenant, w *app.SurveyWave) ([]survey.Respondent, error) {
	return followup.Respondents(ctx, s.svc.Surveys, t, w)
}

func (s *Server) showSurveys(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	ctx := r.Context()
	t := who(r).Tenant
	page := surveyPage{Layout: s.layout(r, lang), Tenant: t, Threshold: survey.DefaultThreshold, Names: map[string]string{}}
	q, waves, err := followup.LoadSurvey(ctx, s.svc.Surveys, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ds, err := s.svc.Districts.FindDistricts(ctx, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, dd := range ds {
		page.Names[dd.Key] = dd.Name
	}
	page.Waves = waves
	if len(waves) == 0 {
		s.render(w, r, http.StatusOK, "surveys", lang, page)
		return
	}
	i := len(waves) - 1
	if name := r.URL.Query().Get("wave"); name != "" {
		if i = slices.IndexFunc(waves, func(w *app.SurveyWave) bool { return w.Name == name }); i < 0 {
			s.fail(w, r, app.Errorf(app.ENOTFOUND, "Mätningen finns inte / No such survey wave."))
			return
		}
	}
	page.Wave, page.Baseline = waves[i], waves[0]
	for _, w := range waves {
		page.AnySynth = page.AnySynth || w.Synthetic
	}
	rs, err := s.respondents(ctx, t, page.Wave)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Published, err = s.svc.Surveys.FindPublished(ctx, t.ID, page.Wave.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(rs) == 0 {
		s.render(w, r, http.StatusOK, "surveys", lang, page)
		return
	}
	cells, err := survey.Indicators(q, survey.WaveOf(page.Wave), rs, []survey.Dim{survey.DimDistrict}, survey.DefaultThreshold)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var comps []survey.Comparison
	if i > 0 {
		page.Previous = waves[i-1]
		prev, err := s.respondents(ctx, t, page.Previous)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		before, err := survey.Indicators(q, survey.WaveOf(page.Previous), prev, nil, survey.DefaultThreshold)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		total := slices.DeleteFunc(slices.Clone(cells), func(c survey.Cell) bool { return len(c.Group) > 0 })
		if comps, err = survey.Compare(q, before, total); err != nil {
			s.fail(w, r, err)
			return
		}
		// The effect: the first wave against the shown one, priority
		// districts against the rest.
		priority, err := s.priorityDistricts(ctx, t)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.PriorityIDs = slices.Sorted(func(yield func(string) bool) {
			for k := range priority {
				if !yield(k) {
					return
				}
			}
		})
		base, err := s.respondents(ctx, t, page.Baseline)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, ind := range q.Indicators {
			e, err := survey.Effect(q, ind.Code, base, rs, priority, survey.DefaultThreshold)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			page.Effects = append(page.Effects, effectView{EffectEstimate: e, Summary: e.Summary(lang)})
		}
	}
	for _, ind := range q.Indicators {
		v := indicatorView{Code: ind.Code, Name: ind.NameSv, Share: ind.Kind == survey.KindShare}
		if lang == "en" {
			v.Name = ind.NameEn
		}
		for _, c := range cells {
			if c.Indicator != ind.Code {
				continue
			}
			if len(c.Group) == 0 {
				v.Total = c
			} else {
				v.Districts = append(v.Districts, c)
			}
		}
		for _, c := range comps {
			if c.Indicator == ind.Code {
				v.Change = changeText(c, v.Share, lang)
			}
		}
		v.Chart = newBarChart(v, page.Names, lang)
		for i, b := range v.Chart.Bars {
			c := v.Total
			if i > 0 {
				c = v.Districts[i-1]
			}
			row := surveyRow{Area: b.Label, Value: "<" + fmt.Sprint(survey.DefaultThreshold), Interval: "–", N: "<" + fmt.Sprint(survey.DefaultThreshold)}
			if !c.Suppressed {
				row = surveyRow{Area: b.Label, Value: formatFigure(c.Value, v.Share, lang),
					Interval: formatFigure(c.Lo, v.Share, lang) + " – " + formatFigure(c.Hi, v.Share, lang), N: fmt.Sprint(c.N)}
			}
			v.Rows = append(v.Rows, row)
		}
		page.Indicators = append(page.Indicators, v)
	}
	s.render(w, r, http.StatusOK, "surveys", lang, page)
}

// priorityDistricts are the latest promise's priority districts.
func (s *Server) priorityDistricts(ctx context.Context, t *app.Tenant) (map[string]bool, error) {
	ps, err := s.svc.Promises.FindPromises(ctx, t.ID)
	out := map[string]bool{}
	if err != nil || len(ps) == 0 {
		return out, err
	}
	for _, k := range ps[0].PriorityDistricts {
		out[k] = true
	}
	return out, nil
}

// barChart is a horizontal bar chart with interval whiskers, drawn as SVG
// by the template; the same figures are in the table beside it.
type barChart struct {
	Title, Desc string
	Height      int
	AxisY       float64
	Bars        []bar
	Ticks       []tick
}

type bar struct {
	Label      string
	Y, Width   float64 // px
	Lo, Hi     float64 // whisker ends, px
	Mid, TextY float64 // the whisker's and the labels' y
	ValueX     float64
	Value      string
	Suppressed bool
}

type tick struct {
	X     float64
	Label string
}

const (
	chartLeft  = 180.0 // room for labels
	chartWidth = 400.0 // the plot
	barHeight  = 22.0
)

func newBarChart(v indicatorView, names map[string]string, lang string) barChart {
	max := 1.0
	if !v.Share {
		max = 0
		for _, c := range append([]survey.Cell{v.Total}, v.Districts...) {
			if !c.Suppressed && !math.IsNaN(c.Hi) {
				max = math.Max(max, c.Hi)
			}
		}
		max = math.Ceil(max)
		if max == 0 {
			max = 1
		}
	}
	scale := func(x float64) float64 {
		if math.IsNaN(x) {
			return chartLeft
		}
		return chartLeft + chartWidth*math.Max(0, math.Min(x, max))/max
	}
	ch := barChart{Title: v.Name}
	add := func(label string, c survey.Cell) {
		b := bar{Label: label, Y: float64(len(ch.Bars))*(barHeight+8) + 8, Suppressed: c.Suppressed}
		b.Mid, b.TextY = b.Y+barHeight/2, b.Y+barHeight/2+5
		if !c.Suppressed {
			b.Width, b.Lo, b.Hi = scale(c.Value)-chartLeft, scale(c.Lo), scale(c.Hi)
			b.Value, b.ValueX = formatFigure(c.Value, v.Share, lang), b.Hi+6
		}
		ch.Bars = append(ch.Bars, b)
	}
	all := "Hela kommunen"
	if lang == "en" {
		all = "Whole municipality"
	}
	add(all, v.Total)
	for _, c := range v.Districts {
		name := names[c.Group[string(survey.DimDistrict)]]
		if name == "" {
			name = c.Group[string(survey.DimDistrict)]
		}
		add(name, c)
	}
	ch.Height = int(float64(len(ch.Bars))*(barHeight+8) + 40)
	ch.AxisY = float64(ch.Height) - 10
	for i := 0; i <= 4; i++ {
		x := max * float64(i) / 4
		ch.Ticks = append(ch.Ticks, tick{X: scale(x), Label: formatFigure(x, v.Share, lang)})
	}
	if lang == "en" {
		ch.Desc = "Bars show the value for each district, lines the 95% confidence interval; the table next to the chart has the same figures."
	} else {
		ch.Desc = "Staplarna visar värdet per område, linjerna 95 % konfidensintervall; tabellen intill har samma siffror."
	}
	return ch
}

// changeText is a wave-to-wave comparison in words and figures: shares
// in percentage points, means and indexes in points of their scale.
func changeText(c survey.Comparison, share bool, lang string) string {
	if c.Suppressed || c.Reading == survey.ReadingNoData {
		if lang == "en" {
			return "too few respondents to compare"
		}
		return "för få svarande för en jämförelse"
	}
	scale, unit := 1.0, ""
	if share {
		scale, unit = 100, " procentenheter"
		if lang == "en" {
			unit = " percentage points"
		}
	}
	num := func(x float64) string {
		s := fmt.Sprintf("%+.1f", x*scale)
		if lang != "en" {
			s = strings.Replace(strings.Replace(s, ".", ",", 1), "-", "−", 1)
		}
		return s
	}
	if lang == "en" {
		return fmt.Sprintf("%s: %s%s (95%% confidence interval %s to %s)", c.Reading.En(), num(c.Value), unit, num(c.Lo), num(c.Hi))
	}
	return fmt.Sprintf("%s: %s%s (95 %% konfidensintervall %s till %s)", c.Reading.Sv(), num(c.Value), unit, num(c.Lo), num(c.Hi))
}

// formatFigure shows a share as a percentage and a mean or index with
// one decimal, with a decimal comma in Swedish.
func formatFigure(x float64, share bool, lang string) string {
	if math.IsNaN(x) {
		return "–"
	}
	s := fmt.Sprintf("%.1f", x)
	if share {
		s = fmt.Sprintf("%.0f\u00a0%%", x*100)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
