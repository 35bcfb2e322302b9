// Package report renders the tertial follow-up (uppföljning) of a citizen
// promise that a kommun presents to its council three times a year: T1
// January–April, T2 May–August, T3 September–December. The same report is
// published to citizens once the council has adopted it, so it is one
// accessible HTML document (WCAG 2.1 AA, Swedish or English) with inline
// SVG charts, each followed by a table of the same figures, and print CSS
// from which headless Chromium makes a tagged PDF with an outline.
//
// The package is a pure renderer: the caller gathers the figures, applies
// the small-number rules (package disclosure) and passes plain values; the
// report adds no data and hides none. It only counts measures by status,
// sums patrol hours and subtracts rates it is given, so that every figure
// still traces to the caller's rows.
//
// Two outputs share one template:
//
//   - [HTML] links the stylesheet, for pages served under the strict CSP
//     (style-src 'self'); serve [CSS] as a file at the linked URL.
//   - [Standalone] inlines the stylesheet, for [PDF] and for a file that is
//     archived or downloaded; it is not meant to be served under the CSP
//     (or only with [CSSHash] in style-src).
package report

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Report statuses. An adopted report is a frozen snapshot.
const (
	StatusDraft   = "draft"
	StatusAdopted = "adopted"
)

// Measure statuses, as in package app.
const (
	MeasurePlanned     = "planned"
	MeasureStarted     = "started"
	MeasureDone        = "done"
	MeasureCancelled   = "cancelled"    // needs a Reason
	MeasureNotFeasible = "not_feasible" // needs a Reason
)

// Readings of an [Effect]: whether its interval lies above zero, below
// zero or spans it. Whether an increase is good depends on the figure.
const (
	ReadingNoChange = "no_change"
	ReadingIncrease = "increase"
	ReadingDecrease = "decrease"
	ReadingNoData   = "no_data"
)

// Survey indicator kinds.
const (
	KindShare = "share" // a proportion, 0–1, shown in percent
	KindIndex = "index" // the police survey's 0–6 problem index (lower is better)
)

// Keys of the general sections; a focus area's section key is
// [FocusSectionKey] of its key. Section keys are the keys of
// Report.Commentary and the ids of the sections in the HTML.
const (
	SectionSummary   = "summary"
	SectionMeasures  = "measures"
	SectionPatrols   = "patrols"
	SectionSituation = "situation"
	SectionSurveys   = "surveys"
	SectionNotDone   = "not-done"
	SectionMethod    = "method"
)

// FocusSectionKey is the section key of the focus area with key k.
func FocusSectionKey(k string) string { return "focus-" + k }

// Report is everything a follow-up shows. Text fields (names, titles,
// commentary) are in the report's language and are plain text: the
// renderer escapes them and never reads them as HTML.
type Report struct {
	Lang    string `json:"lang"`    // "sv" (the default when empty) or "en"
	Tenant  string `json:"tenant"`  // "Katrineholms kommun"
	Promise string `json:"promise"` // the promise's title
	Council string `json:"council"` // "Rådet för trygghet och säkerhet"
	Period  string `json:"period"`  // "2023-T1"
	// PeriodFrom is the first day of the period and PeriodTo the day after
	// its last (an exclusive end, as app.Tertial's Start and End); only the
	// calendar date of each is used.
	PeriodFrom  time.Time  `json:"period_from"`
	PeriodTo    time.Time  `json:"period_to"`
	Status      string     `json:"status"`       // StatusDraft or StatusAdopted
	AdoptedAt   *time.Time `json:"adopted_at"`   // required when adopted
	AdoptedBy   string     `json:"adopted_by"`   // a body or an office, never a person's e-mail
	GeneratedAt time.Time  `json:"generated_at"` // shown in Europe/Stockholm
	Synthetic   bool       `json:"synthetic"`    // demo data: the report says so at the top

	FocusAreas  []FocusArea    `json:"focus_areas"` // in the promise's order; each gets a section
	Commitments []Commitment   `json:"commitments"` // what the parties promised, with the measures under each
	Patrols     PatrolBlock    `json:"patrols"`
	Situation   SituationBlock `json:"situation"`
	Survey      *SurveyBlock   `json:"survey"` // nil when no survey wave belongs to the period

	// Commentary is the coordinator's text per section key (see Sections):
	// plain text, paragraphs separated by blank lines.
	Commentary map[string]string `json:"commentary"`

	// Dialogues are the citizen dialogues held in the period; with the
	// survey they are how the promise's effect is followed.
	Dialogues []Dialogue `json:"dialogues"`

	// Map holds the districts for the situation section's map; empty for
	// no map.
	Map []MapArea `json:"map"`

	// Corrections are the reasons this adopted report was replaced by a
	// corrected version, oldest first; the report shows each.
	Corrections []Correction `json:"corrections"`

	// OtherLanguageURL, when set, links the same report in the other
	// language; PDFURL links its PDF. Both are made when it is shown.
	OtherLanguageURL string `json:"-"`
	PDFURL           string `json:"-"`
}

// Dialogue is a citizen dialogue held in the period.
type Dialogue struct {
	Date         time.Time `json:"date"`
	Kind         string    `json:"kind"` // citizen, youth or walk_and_talk
	Place        string    `json:"place"`
	TargetGroup  string    `json:"target_group"`
	Participants int       `json:"participants"`
	Themes       string    `json:"themes"` // the themes raised, named, comma-separated
}

// Correction is one corrected version of an adopted report.
type Correction struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// FocusArea is a problem the promise targets.
type FocusArea struct {
	Key         string `json:"key"`  // "violence", "drugs", "youth_crime"
	Name        string `json:"name"` // "Våld"
	Description string `json:"description"`
}

// Commitment is one thing the parties promised ("Kommunen och Polisen lovar
// gemensamt att …") and the measures taken under it. A Commitment with no
// Text collects the measures that belong to none.
type Commitment struct {
	Party    string    `json:"party"` // kommun, polis or joint
	Text     string    `json:"text"`
	Measures []Measure `json:"measures"`
}

// Measure is an åtgärd as the period saw it.
type Measure struct {
	Title     string `json:"title"`
	Type      string `json:"type"`       // patrol, lighting, vegetation, camera, …; an unknown type is shown as given
	Horizon   string `json:"horizon"`    // short, long or ""
	Owner     string `json:"owner"`      // kommun, polis, joint or property_owner
	Unit      string `json:"unit"`       // the responsible unit
	District  string `json:"district"`   // the district's name, "" for kommun-wide
	FocusArea string `json:"focus_area"` // the key of the focus area it answers, or ""
	Problem   string `json:"problem"`    // the problem it answers when that is not a focus area
	Status    string `json:"status"`     // one of the Measure… statuses
	Progress  int    `json:"progress"`   // 0–100
	// Start and End are the actual (or else planned) dates; only the
	// calendar date is used.
	Start *time.Time `json:"start"`
	End   *time.Time `json:"end"`
	// Reason says why a measure was cancelled or not feasible (required),
	// or why a planned or started one is late.
	Reason string `json:"reason"`
}

// PatrolBlock is the police's presence in the districts.
type PatrolBlock struct {
	Source string      `json:"source"`
	Rows   []PatrolRow `json:"rows"`
}

// PatrolRow is the patrol time in one district during the period.
type PatrolRow struct {
	District  string  `json:"district"`
	Priority  bool    `json:"priority"`
	Hours     float64 `json:"hours"`
	DarkHours float64 `json:"dark_hours"` // of Hours, when the sun was below −6°
}

// Count is a published count as package disclosure writes it: "37",
// "12,5", "≥ 12" (a sum with hidden parts, a lower bound), "<5" (hidden).
// The empty Count means no figure exists and is shown as "–".
type Count string

// SituationBlock is the lägesbild: incidents per district and focus area in
// the period, the same period a year earlier and the baseline, with the
// small-number rules already applied by the caller.
type SituationBlock struct {
	Source    string `json:"source"`
	Threshold int    `json:"threshold"` // the smallest count shown; 0 means disclosure's default, 5
	// Column headings, e.g. "2023-T1", "2022-T1", "Utgångsläge 2021".
	CurrentLabel  string          `json:"current_label"`
	PreviousLabel string          `json:"previous_label"`
	BaselineLabel string          `json:"baseline_label"`
	Areas         []SituationArea `json:"areas"`
	// Priority and Rest compare the priority districts with the others.
	Priority Group `json:"priority"`
	Rest     Group `json:"rest"`
	// Effect, when given, is the difference in differences of the rates
	// per 1,000 against the baseline (priority minus rest) with its 95 %
	// interval, e.g. from stats.RateDiD.
	Effect *Effect `json:"effect"`
}

// SituationArea is one focus area's incidents per district.
type SituationArea struct {
	FocusArea string           `json:"focus_area"` // key
	Rows      []DistrictCounts `json:"rows"`
	Total     *DistrictCounts  `json:"total"` // the kommun total as published, if shown
	// DarkShare is the share (0–1) of the period's incidents that happened
	// in the dark, if known.
	DarkShare *float64 `json:"dark_share"`
}

// DistrictCounts is one district's incidents in the three periods.
type DistrictCounts struct {
	District string `json:"district"`
	Priority bool   `json:"priority"`
	Current  Count  `json:"current"`
	Previous Count  `json:"previous"`
	Baseline Count  `json:"baseline"`
}

// Group is the priority districts, or the rest, in the three periods.
type Group struct {
	Districts  []string `json:"districts"`
	Population int      `json:"population"`
	Current    Count    `json:"current"`
	Previous   Count    `json:"previous"`
	Baseline   Count    `json:"baseline"`
	// Rates per 1,000 inhabitants; nil when not known.
	CurrentRate  *float64 `json:"current_rate"`
	PreviousRate *float64 `json:"previous_rate"`
	BaselineRate *float64 `json:"baseline_rate"`
}

// Effect is an estimated change with its 95 % interval and a reading.
type Effect struct {
	Value   float64 `json:"value"`
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
	Reading string  `json:"reading"` // one of the Reading… constants
}

// SurveyBlock is one wave of a safety survey (trygghetsmätning).
type SurveyBlock struct {
	Name          string  `json:"name"` // "Polisens trygghetsmätning 2023"
	Source        string  `json:"source"`
	SurveyYear    int     `json:"survey_year"`
	ReferenceYear int     `json:"reference_year"`
	Respondents   int     `json:"respondents"`
	ResponseRate  float64 `json:"response_rate"` // 0–1
	// Labels of the wave and of the wave it is compared with.
	WaveLabel     string         `json:"wave_label"`
	PreviousLabel string         `json:"previous_label"`
	Indicators    []IndicatorRow `json:"indicators"`
}

// IndicatorRow is one indicator in one area, for this wave and the one
// before.
type IndicatorRow struct {
	Indicator     string    `json:"indicator"` // "Känner sig otrygg ute ensam sent på kvällen"
	Area          string    `json:"area"`      // "Prioriterade områden", "Centrum", "Hela kommunen"
	Kind          string    `json:"kind"`      // KindShare or KindIndex
	N             int       `json:"n"`         // respondents behind Current
	Current       Estimate  `json:"current"`
	Previous      *Estimate `json:"previous"` // nil when the previous wave lacks it
	Change        *Effect   `json:"change"`   // Current − Previous with its interval
	LowerIsBetter bool      `json:"lower_is_better"`
}

// Estimate is a value with its 95 % confidence interval.
type Estimate struct {
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// Section is a part of the report that can carry commentary.
type Section struct {
	Key   string
	Title string
}

// Sections lists the report's sections in order, with titles in its
// language: the web layer builds the commentary form from it.
func (r *Report) Sections() []Section {
	lang := r.lang()
	t := tr(lang).t
	out := []Section{{SectionSummary, t("summary.title")}, {SectionMeasures, t("measures.title")}}
	for _, fa := range r.FocusAreas {
		out = append(out, Section{FocusSectionKey(fa.Key), t("focus.title") + fa.Name})
	}
	out = append(out,
		Section{SectionPatrols, t("patrols.title")},
		Section{SectionSituation, t("situation.title")},
		Section{SectionSurveys, t("surveys.title")},
		Section{SectionNotDone, t("notdone.title")},
		Section{SectionMethod, t("method.title")},
	)
	return out
}

func (r *Report) lang() string {
	if r.Lang == "en" {
		return "en"
	}
	return "sv"
}

var (
	periodRE = regexp.MustCompile(`^[0-9]{4}-T[1-3]$`)
	keyRE    = regexp.MustCompile(`^[a-z0-9_]+$`)
)

// Validate reports the first thing in r that the report cannot show
// honestly: a field left out that a reader needs, a count that is not a
// published figure, a measure not done without a reason.
func (r *Report) Validate() error {
	e := func(format string, a ...any) error { return fmt.Errorf("report: "+format, a...) }
	switch {
	case r.Lang != "" && r.Lang != "sv" && r.Lang != "en":
		return e("language %q is neither sv nor en", r.Lang)
	case strings.TrimSpace(r.Tenant) == "":
		return e("tenant missing")
	case !periodRE.MatchString(r.Period):
		return e("period %q is not like 2023-T1", r.Period)
	case r.PeriodFrom.IsZero() || !r.PeriodTo.After(r.PeriodFrom):
		return e("period dates %s–%s are not a period", r.PeriodFrom.Format(time.DateOnly), r.PeriodTo.Format(time.DateOnly))
	case r.GeneratedAt.IsZero():
		return e("generation time missing")
	}
	switch r.Status {
	case StatusDraft:
	case StatusAdopted:
		if r.AdoptedAt == nil || strings.TrimSpace(r.AdoptedBy) == "" {
			return e("an adopted report needs AdoptedAt and AdoptedBy")
		}
	default:
		return e("status %q is neither draft nor adopted", r.Status)
	}
	if strings.Contains(r.AdoptedBy, "@") {
		return e("AdoptedBy %q looks like an e-mail address; give the body or office", r.AdoptedBy)
	}
	focus := map[string]bool{}
	for _, fa := range r.FocusAreas {
		if !keyRE.MatchString(fa.Key) || focus[fa.Key] {
			return e("focus area key %q is empty, repeated or not [a-z0-9_]", fa.Key)
		}
		if strings.TrimSpace(fa.Name) == "" {
			return e("focus area %q has no name", fa.Key)
		}
		focus[fa.Key] = true
	}
	for _, c := range r.Commitments {
		if c.Party != "" && !owners[c.Party] {
			return e("commitment party %q unknown", c.Party)
		}
		for _, m := range c.Measures {
			if err := m.validate(focus); err != nil {
				return e("measure %q: %w", m.Title, err)
			}
		}
	}
	for _, p := range r.Patrols.Rows {
		if !(p.Hours >= 0 && p.DarkHours >= 0 && p.DarkHours <= p.Hours) {
			return e("patrols in %s: hours %v, dark hours %v", p.District, p.Hours, p.DarkHours)
		}
	}
	if err := r.Situation.validate(focus); err != nil {
		return e("situation: %w", err)
	}
	if r.Survey != nil {
		if err := r.Survey.validate(); err != nil {
			return e("survey: %w", err)
		}
	}
	known := map[string]bool{}
	for _, s := range r.Sections() {
		known[s.Key] = true
	}
	for k := range r.Commentary {
		if !known[k] {
			return e("commentary for unknown section %q", k)
		}
	}
	return nil
}

var (
	owners   = map[string]bool{"kommun": true, "polis": true, "joint": true, "property_owner": true}
	statuses = map[string]bool{MeasurePlanned: true, MeasureStarted: true, MeasureDone: true, MeasureCancelled: true, MeasureNotFeasible: true}
	readings = map[string]bool{ReadingNoChange: true, ReadingIncrease: true, ReadingDecrease: true, ReadingNoData: true}
)

func (m *Measure) validate(focus map[string]bool) error {
	switch {
	case strings.TrimSpace(m.Title) == "":
		return fmt.Errorf("no title")
	case !statuses[m.Status]:
		return fmt.Errorf("status %q unknown", m.Status)
	case notDone(m.Status) && strings.TrimSpace(m.Reason) == "":
		return fmt.Errorf("status %s without a reason", m.Status)
	case m.Owner != "" && !owners[m.Owner]:
		return fmt.Errorf("owner %q unknown", m.Owner)
	case m.Horizon != "" && m.Horizon != "short" && m.Horizon != "long":
		return fmt.Errorf("horizon %q unknown", m.Horizon)
	case m.FocusArea != "" && !focus[m.FocusArea]:
		return fmt.Errorf("focus area %q is not one of the report's", m.FocusArea)
	case m.Progress < 0 || m.Progress > 100:
		return fmt.Errorf("progress %d outside 0–100", m.Progress)
	case m.Start != nil && m.End != nil && m.End.Before(*m.Start):
		return fmt.Errorf("ends before it starts")
	}
	return nil
}

func notDone(status string) bool { return status == MeasureCancelled || status == MeasureNotFeasible }

func (s *SituationBlock) validate(focus map[string]bool) error {
	check := func(where string, cs ...Count) error {
		for _, c := range cs {
			if _, err := c.parse(); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
		}
		return nil
	}
	seen := map[string]bool{}
	for _, a := range s.Areas {
		if !focus[a.FocusArea] || seen[a.FocusArea] {
			return fmt.Errorf("focus area %q unknown or repeated", a.FocusArea)
		}
		seen[a.FocusArea] = true
		rows := a.Rows
		if a.Total != nil {
			rows = append(rows[:len(rows):len(rows)], *a.Total)
		}
		for _, d := range rows {
			if err := check(a.FocusArea+"/"+d.District, d.Current, d.Previous, d.Baseline); err != nil {
				return err
			}
		}
		if a.DarkShare != nil && !(*a.DarkShare >= 0 && *a.DarkShare <= 1) {
			return fmt.Errorf("%s: dark share %v outside 0–1", a.FocusArea, *a.DarkShare)
		}
	}
	for _, g := range []Group{s.Priority, s.Rest} {
		if err := check("priority/rest", g.Current, g.Previous, g.Baseline); err != nil {
			return err
		}
		for _, r := range []*float64{g.CurrentRate, g.PreviousRate, g.BaselineRate} {
			if r != nil && !(*r >= 0) {
				return fmt.Errorf("priority/rest: rate %v", *r)
			}
		}
	}
	if s.Effect != nil {
		if err := s.Effect.validate(); err != nil {
			return fmt.Errorf("effect: %w", err)
		}
	}
	return nil
}

func (e *Effect) validate() error {
	if !readings[e.Reading] {
		return fmt.Errorf("reading %q unknown", e.Reading)
	}
	if e.Reading != ReadingNoData && !(e.Low <= e.Value && e.Value <= e.High) {
		return fmt.Errorf("%v not within its interval %v–%v", e.Value, e.Low, e.High)
	}
	return nil
}

func (s *SurveyBlock) validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return fmt.Errorf("no name")
	}
	if !(s.ResponseRate >= 0 && s.ResponseRate <= 1) {
		return fmt.Errorf("response rate %v outside 0–1", s.ResponseRate)
	}
	for _, ind := range s.Indicators {
		where := ind.Indicator + "/" + ind.Area
		hi := 1.0
		switch ind.Kind {
		case KindShare:
		case KindIndex:
			hi = 6
		default:
			return fmt.Errorf("%s: kind %q unknown", where, ind.Kind)
		}
		ests := []Estimate{ind.Current}
		if ind.Previous != nil {
			ests = append(ests, *ind.Previous)
		}
		for _, es := range ests {
			if !(0 <= es.Low && es.Low <= es.Value && es.Value <= es.High && es.High <= hi) {
				return fmt.Errorf("%s: estimate %v (%v–%v) outside 0–%v or its interval", where, es.Value, es.Low, es.High, hi)
			}
		}
		if ind.Change != nil {
			if err := ind.Change.validate(); err != nil {
				return fmt.Errorf("%s: change: %w", where, err)
			}
		}
	}
	return nil
}
