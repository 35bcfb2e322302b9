// Package followup makes the tertial follow-up report to the council from
// a tenant's data: the promise's commitments with the measures active in
// the period, patrol hours, the lägesbild against the same tertial a year
// earlier and the promise's baseline, priority districts against the rest,
// and the latest safety-survey wave. The web pages, the CLI and the demo
// all build it here; internal/report renders it.
package followup

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/disclosure"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/importer"
	"github.com/trygg-se/trygg/internal/report"
	"github.com/trygg-se/trygg/internal/situation"
	"github.com/trygg-se/trygg/internal/stats"
	"github.com/trygg-se/trygg/internal/sun"
	"github.com/trygg-se/trygg/internal/survey"
)

// Services are what the report is made from.
type Services struct {
	Promises  app.PromiseService
	Districts app.DistrictService
	Measures  app.MeasureService
	Patrols   app.PatrolService
	Incidents app.IncidentService
	Surveys   app.SurveyService
	Dialogues app.DialogueService
}

// Build makes the follow-up of period for t in lang ("sv" or "en") with
// the coordinator's commentary, as generated at now. The baseline is the
// same tertial the year before the promise began.
func Build(ctx context.Context, svc Services, t *app.Tenant, period app.Tertial, commentary map[string]string, lang string, now time.Time) (*report.Report, error) {
	ps, err := svc.Promises.FindPromises(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "Kommunen har inget medborgarlöfte att följa upp / No promise to follow up.")
	}
	p := ps[0]
	ds, err := svc.Districts.FindDistricts(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	names, prio, pop := map[string]string{}, map[string]bool{}, map[string]int{}
	for _, d := range ds {
		names[d.Key], pop[d.Key] = d.Name, d.Population
	}
	for _, k := range p.PriorityDistricts {
		prio[k] = true
	}
	from, to := period.Start().Time, period.End().Time
	r := &report.Report{Lang: lang, Tenant: t.Name, Promise: p.Title, Council: p.Council, Period: period.String(),
		PeriodFrom: from, PeriodTo: to, Status: report.StatusDraft, GeneratedAt: now.UTC(), Commentary: commentary}
	for _, fa := range p.FocusAreas {
		name := fa.Name
		if lang == "en" && fa.NameEn != "" {
			name = fa.NameEn
		}
		r.FocusAreas = append(r.FocusAreas, report.FocusArea{Key: fa.Key, Name: name, Description: fa.Description})
	}

	// Commitments and the measures under each party's.
	ms, err := svc.Measures.FindMeasures(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	// Each measure goes under its party's commitment; a party without one
	// of its own (Katrineholm's promise has one joint commitment) under the
	// joint one, else the last.
	has := func(party string) bool {
		return slices.ContainsFunc(p.Commitments, func(c *app.Commitment) bool { return c.Party == party })
	}
	home := func(party string) string {
		switch {
		case has(party):
			return party
		case has(app.PartyJoint) || len(p.Commitments) == 0:
			return app.PartyJoint
		}
		return p.Commitments[len(p.Commitments)-1].Party
	}
	byParty := map[string][]report.Measure{}
	for _, m := range ms {
		r.Synthetic = r.Synthetic || m.Synthetic
		if !activeIn(m, from, to) {
			continue
		}
		rm := report.Measure{Title: m.Title, Type: m.Type, Horizon: m.Horizon, Owner: m.OwnerParty, Unit: m.Unit,
			District: names[m.DistrictKey], FocusArea: m.ProblemFocusArea, Problem: m.ProblemRef, Status: m.Status,
			Progress: m.Progress, Reason: m.StatusReason}
		rm.Start, rm.End = dateTime(m.ActualStart, m.PlannedStart), dateTime(m.ActualEnd, m.PlannedEnd)
		party := home(m.OwnerParty)
		byParty[party] = append(byParty[party], rm)
	}
	for _, c := range p.Commitments {
		r.Commitments = append(r.Commitments, report.Commitment{Party: c.Party, Text: c.Text, Measures: byParty[c.Party]})
	}
	if len(p.Commitments) == 0 && len(byParty[app.PartyJoint]) > 0 {
		r.Commitments = append(r.Commitments, report.Commitment{Party: app.PartyJoint, Measures: byParty[app.PartyJoint]})
	}

	// Patrols.
	patrols, err := svc.Patrols.FindPatrols(ctx, t.ID, from, to)
	if err != nil {
		return nil, err
	}
	hours, err := PatrolHours(ds, patrols)
	if err != nil {
		return nil, err
	}
	r.Patrols.Source = inLang(lang, "Polisens patrullogg i Trygg", "The police's patrol log in Trygg")
	for _, h := range hours {
		r.Patrols.Rows = append(r.Patrols.Rows, report.PatrolRow{District: names[h.District], Priority: prio[h.District], Hours: h.Hours, DarkHours: h.DarkHours})
	}
	for _, pp := range patrols {
		r.Synthetic = r.Synthetic || pp.Synthetic
	}

	// The lägesbild: this tertial, the same a year earlier, and the
	// baseline before the promise.
	baseYear := p.ValidFrom.Year() - 1
	periods := []app.Tertial{period, {Year: period.Year - 1, N: period.N}, {Year: baseYear, N: period.N}}
	counts := make([]situation.Result, len(periods))
	for i, pe := range periods {
		incs, _, err := svc.Incidents.FindIncidents(ctx, t.ID, app.IncidentFilter{From: pe.Start().Time, To: pe.End().Time,
			ReviewState: app.ReviewAccepted, Limit: 1_000_000})
		if err != nil {
			return nil, err
		}
		for _, i := range incs {
			r.Synthetic = r.Synthetic || i.Synthetic
		}
		if counts[i], err = situation.Aggregate(api.SituationIncidents(incs), situation.Query{GroupBy: []situation.Dimension{
			situation.ByFocusArea, situation.ByDistrict, situation.ByDarkness}}); err != nil {
			return nil, err
		}
	}
	r.Situation = situationBlock(counts, periods, p.FocusAreas, ds, prio, pop, lang)

	// Citizen dialogues held in the period.
	if svc.Dialogues != nil {
		dls, err := svc.Dialogues.FindDialogues(ctx, t.ID, period.Start(), period.End())
		if err != nil {
			return nil, err
		}
		for i := len(dls) - 1; i >= 0; i-- { // oldest first
			d := dls[i]
			r.Synthetic = r.Synthetic || d.Synthetic
			n, themes := 0, make([]string, len(d.Themes))
			for _, c := range d.Participants {
				n += c
			}
			for j, th := range d.Themes {
				themes[j] = th
				if c, ok := app.ReportCategory(th); ok {
					themes[j] = c.Name
					if lang == "en" {
						themes[j] = c.NameEn
					}
				}
			}
			r.Dialogues = append(r.Dialogues, report.Dialogue{Date: d.Date.Time, Kind: d.Kind, Place: d.Place, TargetGroup: d.TargetGroup,
				Participants: n, Themes: strings.Join(themes, ", ")})
		}
	}

	// The districts for the report's map, drawn without tiles.
	for _, d := range ds {
		m, err := geo.ParseGeometry(d.Geometry)
		if err != nil {
			return nil, fmt.Errorf("district %s: %w", d.Key, err)
		}
		area := report.MapArea{Name: d.Name, Priority: prio[d.Key]}
		for _, poly := range m {
			var rings [][][2]float64
			for _, ring := range poly {
				pts := make([][2]float64, len(ring))
				for i, p := range ring {
					pts[i] = [2]float64{p.Lon, p.Lat}
				}
				rings = append(rings, pts)
			}
			area.Polygons = append(area.Polygons, rings)
		}
		r.Map = append(r.Map, area)
	}

	// The latest survey wave by the end of the period.
	if r.Survey, err = surveyBlock(ctx, svc, t, to, prio, lang); err != nil {
		return nil, err
	}
	return r, r.Validate()
}

// activeIn reports whether a measure ran, or was planned to run, during
// [from, to); a measure without dates is always shown.
func activeIn(m *app.Measure, from, to time.Time) bool {
	start, end := dateTime(m.ActualStart, m.PlannedStart), dateTime(m.ActualEnd, m.PlannedEnd)
	if start != nil && !start.Before(to) {
		return false
	}
	return end == nil || !end.Before(from)
}

func dateTime(ds ...*app.Date) *time.Time {
	for _, d := range ds {
		if d != nil {
			t := d.Time
			return &t
		}
	}
	return nil
}

// count sums the cells of res that pass keep: as a published figure, and
// as the weighted count, which is nil when the figure is hidden.
func count(res situation.Result, keep func(key []string) bool, lang string) (report.Count, *float64) {
	var c float64
	var n int
	for _, cell := range res.Cells {
		if keep(cell.Key) {
			c += cell.Count
			n += cell.N
		}
	}
	v := disclosure.Cell(c, n, disclosure.DefaultThreshold)
	if _, ok := v.Count(); !ok {
		return report.Count(v.Text(lang)), nil
	}
	return report.Count(v.Text(lang)), &c
}

// groupRows is the sum of the rows (focus area × district) the report
// shows for the districts in, and whether they hold every incident of
// those districts (none outside the focus areas). A row without incidents
// is shown as hidden too, so it is a hidden part here.
func groupRows(res situation.Result, fas []*app.FocusArea, ds []*app.District, in func(district string) bool) (disclosure.Value, bool) {
	type row struct{ fa, district string }
	counts, ns := map[row]float64{}, map[row]int{}
	all, inRows := 0, 0
	for _, cell := range res.Cells {
		r := row{cell.Key[0], cell.Key[1]}
		if !in(r.district) {
			continue
		}
		all += cell.N
		if slices.ContainsFunc(fas, func(f *app.FocusArea) bool { return f.Key == r.fa }) {
			counts[r] += cell.Count
			ns[r] += cell.N
			inRows += cell.N
		}
	}
	var vs []disclosure.Value
	for _, fa := range fas {
		for _, d := range ds {
			if r := (row{fa.Key, d.Key}); in(d.Key) {
				vs = append(vs, disclosure.Cell(counts[r], ns[r], disclosure.DefaultThreshold))
			}
		}
	}
	return disclosure.Sum(vs...), all == inRows
}

func situationBlock(res []situation.Result, periods []app.Tertial, fas []*app.FocusArea, ds []*app.District, prio map[string]bool, pop map[string]int, lang string) report.SituationBlock {
	b := report.SituationBlock{Source: inLang(lang, "Polisens händelsenotiser, kommunens iakttagelser (EST) och granskade tips i Trygg",
		"The police's incident notices, the kommun's observations (EST) and reviewed reports in Trygg"),
		CurrentLabel: periods[0].String(), PreviousLabel: periods[1].String(), BaselineLabel: periods[2].String()}
	for _, fa := range fas {
		area := report.SituationArea{FocusArea: fa.Key}
		for _, d := range ds {
			dc := report.DistrictCounts{District: d.Name, Priority: d.Priority}
			for i, dst := range []*report.Count{&dc.Current, &dc.Previous, &dc.Baseline} {
				*dst, _ = count(res[i], func(k []string) bool { return k[0] == fa.Key && k[1] == d.Key }, lang)
			}
			area.Rows = append(area.Rows, dc)
		}
		// The share after dark, only where the figures behind it are shown.
		_, all := count(res[0], func(k []string) bool { return k[0] == fa.Key }, lang)
		_, dark := count(res[0], func(k []string) bool { return k[0] == fa.Key && k[2] == "dark" }, lang)
		if all != nil && dark != nil && *all > 0 {
			share := *dark / *all
			area.DarkShare = &share
		}
		b.Areas = append(b.Areas, area)
	}
	var rates [2][3]stats.Rate // priority, rest × current, previous, baseline
	for gi, g := range []*report.Group{&b.Priority, &b.Rest} {
		in := func(d string) bool { return d != "" && prio[d] == (gi == 0) }
		for _, d := range ds {
			if in(d.Key) {
				g.Districts = append(g.Districts, d.Name)
				g.Population += d.Population
			}
		}
		for i, dst := range []*report.Count{&g.Current, &g.Previous, &g.Baseline} {
			var c *float64
			*dst, c = count(res[i], func(k []string) bool { return in(k[1]) }, lang)
			// Where every incident of the group lies in a focus area, its
			// total is the sum of its rows above, and a lone hidden row
			// would be the total less the rows shown: then the total is a
			// lower bound, as the report's method promises, and has no rate.
			if rows, whole := groupRows(res[i], fas, ds, in); c != nil && whole && !rows.Exact() {
				*dst, c = report.Count(rows.Text(lang)), nil
			}
			if c == nil {
				continue
			}
			rates[gi][i] = stats.Rate{Count: *c, Population: float64(g.Population)}
			if g.Population > 0 {
				rate := 1000 * *c / float64(g.Population)
				switch i {
				case 0:
					g.CurrentRate = &rate
				case 1:
					g.PreviousRate = &rate
				case 2:
					g.BaselineRate = &rate
				}
			}
		}
	}
	if b.Priority.CurrentRate != nil && b.Priority.BaselineRate != nil && b.Rest.CurrentRate != nil && b.Rest.BaselineRate != nil {
		e := stats.RateDiD(rates[0][2], rates[0][0], rates[1][2], rates[1][0], 0.95)
		b.Effect = &report.Effect{Value: e.Value, Low: e.Lo, High: e.Hi, Reading: reportReading(e.Reading)}
	}
	return b
}

func reportReading(r string) string {
	switch r {
	case stats.ReadingIncrease:
		return report.ReadingIncrease
	case stats.ReadingDecrease:
		return report.ReadingDecrease
	case stats.ReadingNoChange:
		return report.ReadingNoChange
	}
	return report.ReadingNoData
}

// surveyBlock is the latest wave whose fieldwork ended before until, with
// each share and index for the kommun and the priority districts, against
// the wave before.
func surveyBlock(ctx context.Context, svc Services, t *app.Tenant, until time.Time, prio map[string]bool, lang string) (*report.SurveyBlock, error) {
	q, allWaves, err := LoadSurvey(ctx, svc.Surveys, t)
	if err != nil {
		return nil, err
	}
	waves := slices.DeleteFunc(slices.Clone(allWaves), func(w *app.SurveyWave) bool {
		return w.FieldworkTo == nil || !w.FieldworkTo.Time.Before(until)
	})
	if len(waves) == 0 {
		return nil, nil
	}
	cur := waves[len(waves)-1]
	b := &report.SurveyBlock{Name: q.TitleSv, Source: inLang(lang, "Trygghetsmätning importerad i Trygg", "Safety survey imported into Trygg"), SurveyYear: cur.SurveyYear,
		ReferenceYear: cur.ReferenceYear, ResponseRate: cur.ResponseRate, WaveLabel: cur.Name}
	if lang == "en" {
		b.Name = q.TitleEn
	}
	cells, err := waveCells(ctx, svc, t, q, cur, prio)
	if err != nil {
		return nil, err
	}
	var prev []survey.Cell
	if len(waves) > 1 {
		b.PreviousLabel = waves[len(waves)-2].Name
		if prev, err = waveCells(ctx, svc, t, q, waves[len(waves)-2], prio); err != nil {
			return nil, err
		}
	}
	comps, err := survey.Compare(q, prev, cells)
	if err != nil && prev != nil {
		return nil, err
	}
	for _, ind := range q.Indicators {
		kind := report.KindShare
		switch ind.Kind {
		case survey.KindShare:
		case survey.KindProblemIndex:
			kind = report.KindIndex
		default:
			continue // the report shows shares and indexes
		}
		name := ind.NameSv
		if lang == "en" {
			name = ind.NameEn
		}
		for _, c := range cells {
			if c.Indicator != ind.Code || c.Suppressed || c.Group["area"] == areaUnknown {
				continue
			}
			if len(c.Group) == 0 {
				b.Respondents = max(b.Respondents, c.N)
			}
			row := report.IndicatorRow{Indicator: name, Area: areaName(c.Group["area"], lang), Kind: kind, N: c.N, LowerIsBetter: ind.Direction == survey.HigherIsWorse,
				Current: report.Estimate{Value: c.Value, Low: c.Lo, High: c.Hi}}
			for _, cp := range comps {
				if cp.Indicator == ind.Code && fmt.Sprint(cp.Group) == fmt.Sprint(c.Group) && !cp.Suppressed {
					row.Previous = &report.Estimate{Value: cp.Before.Value, Low: cp.Before.Lo, High: cp.Before.Hi}
					row.Change = &report.Effect{Value: cp.Value, Low: cp.Lo, High: cp.Hi, Reading: string(cp.Reading)}
				}
			}
			b.Indicators = append(b.Indicators, row)
		}
	}
	return b, nil
}

// waveCells are a wave's indicators for the kommun and for the priority
// districts against the rest (as the "area" group), as published.
func waveCells(ctx context.Context, svc Services, t *app.Tenant, q survey.Questionnaire, w *app.SurveyWave, prio map[string]bool) ([]survey.Cell, error) {
	rs, err := Respondents(ctx, svc.Surveys, t, w)
	if err != nil {
		return nil, err
	}
	return areaCells(q, survey.WaveOf(w), rs, prio)
}

// The "area" groups of a follow-up's survey cells. Respondents who gave no
// district are a group of their own: not shown, but a sibling of the
// others under the kommun total, so that suppression counts them (the
// total less priority and rest would otherwise give them away).
const (
	areaPriority = "priority"
	areaRest     = "rest"
	areaUnknown  = "unknown"
)

// areaCells are the indicators of rs for the kommun and by area, with
// suppression as everywhere public (the follow-up is published).
func areaCells(q survey.Questionnaire, w survey.Wave, rs []survey.Respondent, prio map[string]bool) ([]survey.Cell, error) {
	rs = slices.Clone(rs)
	for i := range rs {
		switch {
		case rs[i].District == "":
			rs[i].District = areaUnknown
		case prio[rs[i].District]:
			rs[i].District = areaPriority
		default:
			rs[i].District = areaRest
		}
	}
	cells, err := survey.Indicators(q, w, rs, []survey.Dim{survey.DimDistrict}, survey.DefaultThreshold)
	for i := range cells {
		if d, ok := cells[i].Group[string(survey.DimDistrict)]; ok {
			cells[i].Group = map[string]string{"area": d}
		}
	}
	return survey.Public(cells), err
}

// areaName is how the follow-up names an area group ("" is the kommun).
func areaName(area, lang string) string {
	names := map[string][2]string{
		"":           {"Hela kommunen", "Whole municipality"},
		areaPriority: {"Prioriterade områden", "Priority districts"},
		areaRest:     {"Övriga områden", "Other districts"},
	}[area]
	return inLang(lang, names[0], names[1])
}

// inLang is sv, or en in an English report.
func inLang(lang, sv, en string) string {
	if lang == "en" {
		return en
	}
	return sv
}

// LoadSurvey returns the questionnaire of the tenant's latest wave and all
// its waves, oldest first; no waves is no error.
func LoadSurvey(ctx context.Context, svc app.SurveyService, t *app.Tenant) (survey.Questionnaire, []*app.SurveyWave, error) {
	var q survey.Questionnaire
	waves, err := svc.FindWaves(ctx, t.ID)
	if err != nil || len(waves) == 0 {
		return q, nil, err
	}
	def, err := svc.FindQuestionnaire(ctx, t.ID, waves[len(waves)-1].Survey)
	if err != nil {
		return q, nil, err
	}
	if err := json.Unmarshal(def, &q); err != nil {
		return q, nil, fmt.Errorf("questionnaire %s: %w", waves[len(waves)-1].Survey, err)
	}
	return q, waves, nil
}

// Respondents are a stored wave's respondents, ready to compute with.
func Respondents(ctx context.Context, svc app.SurveyService, t *app.Tenant, w *app.SurveyWave) ([]survey.Respondent, error) {
	rs, err := svc.FindRespondents(ctx, t.ID, w.ID)
	return survey.RespondentsOf(rs), err
}

// PatrolHours sums patrol time per district, with the dark part from the
// sun at the kommun's centre.
func PatrolHours(ds []*app.District, ps []*app.Patrol) ([]situation.PatrolHours, error) {
	calc, err := sun.NewCalculator(importer.PlaceOf(ds), sun.DefaultThresholds)
	if err != nil {
		return nil, err
	}
	spans := make([]situation.PatrolSpan, len(ps))
	for i, p := range ps {
		spans[i] = situation.PatrolSpan{From: p.Start, To: p.End, Districts: p.Districts}
	}
	return situation.Patrols(spans, calc.DarkFraction)
}

// Snapshot is an adopted follow-up: the report in both languages, frozen.
type Snapshot map[string]*report.Report

// Adopt builds the report in both languages as adopted at now by the
// promise's council (or the tenant), ready to be stored as the frozen
// snapshot.
func Adopt(ctx context.Context, svc Services, t *app.Tenant, period app.Tertial, commentary map[string]string, now time.Time) (json.RawMessage, error) {
	return adopt(ctx, svc, t, period, commentary, now, now, nil)
}

// Correct builds the corrected version of the adopted follow-up f from
// today's data, keeping its adoption and listing every correction with
// its reason, the new one last.
func Correct(ctx context.Context, svc Services, t *app.Tenant, f *app.FollowUp, reason string, now time.Time) (json.RawMessage, error) {
	if f.AdoptedAt == nil {
		return nil, app.Errorf(app.ECONFLICT, "follow-up %s is not adopted", f.Period)
	}
	var cs []report.Correction
	for _, c := range f.Corrections {
		cs = append(cs, report.Correction{At: c.At, Reason: c.Reason})
	}
	cs = append(cs, report.Correction{At: now.UTC(), Reason: reason})
	return adopt(ctx, svc, t, f.Period, f.Commentary, *f.AdoptedAt, now, cs)
}

func adopt(ctx context.Context, svc Services, t *app.Tenant, period app.Tertial, commentary map[string]string, adopted, now time.Time, cs []report.Correction) (json.RawMessage, error) {
	snap := Snapshot{}
	at := adopted.UTC()
	for _, lang := range []string{"sv", "en"} {
		r, err := Build(ctx, svc, t, period, commentary, lang, now)
		if err != nil {
			return nil, err
		}
		r.Status, r.AdoptedAt, r.AdoptedBy, r.Corrections = report.StatusAdopted, &at, r.Council, cs
		if r.AdoptedBy == "" {
			r.AdoptedBy = t.Name
		}
		snap[lang] = r
	}
	return json.Marshal(snap)
}

// Report is the follow-up f in lang: the frozen snapshot once adopted,
// else made now from the data.
func Report(ctx context.Context, svc Services, t *app.Tenant, f *app.FollowUp, lang string, now time.Time) (*report.Report, error) {
	if f.Status == app.FollowUpAdopted {
		var snap Snapshot
		raw, err := report.UpgradeJSON(f.Snapshot)
		if err == nil {
			err = json.Unmarshal(raw, &snap)
		}
		if err != nil || snap[lang] == nil {
			return nil, fmt.Errorf("follow-up %s: snapshot: %v", f.Period, err)
		}
		return snap[lang], nil
	}
	return Build(ctx, svc, t, f.Period, f.Commentary, lang, now)
}
