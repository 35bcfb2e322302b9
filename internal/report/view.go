package report

import (
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strings"
	"time"
)

// page is the view model: everything the template shows, already in the
// report's language.
type page struct {
	Lang, OtherLang   string
	Title, Heading    string
	Head              []fact
	Status            string
	StatusText        string
	Synthetic         bool
	CSS               template.CSS
	StylesheetURL     string
	OtherLanguageURL  string
	OtherLanguageText string
	PDFURL            string
	TOC               []Section
	Summary           []fact
	Measures          measuresView
	Focus             []focusView
	Patrols           *chartBlock
	Situation         situationView
	Survey            surveyView
	Dialogues         *tableView
	NotDone           notDoneView
	Method            methodView
	Generated         string

	comments map[string]commentView
}

// T is the message key in the page's language.
func (p *page) T(key string) (string, error) {
	if _, ok := messages[key]; !ok {
		return "", fmt.Errorf("no message %q", key)
	}
	return msg(p.Lang, key), nil
}

// Comment is the commentary of a section.
func (p *page) Comment(key string) commentView { return p.comments[key] }

type fact struct{ Term, Value string }

type commentView struct {
	Heading    string
	Paragraphs [][]string // paragraphs of lines
	Empty      string     // shown in a draft without commentary
}

type tableView struct {
	ID, Caption string
	Cols        []col
	Rows        []row
	Wide        bool   // keeps a minimum width and scrolls sideways on a phone
	Note        string // under the table
}

type col struct {
	Text string
	Num  bool
}

type row struct {
	Head, Note string
	Cells      []cell
	Total      bool
}

type cell struct {
	Text  string
	Lines []string // instead of Text: lines that do not wrap
	Num   bool
}

// add appends a row whose cells take their alignment from the columns.
func (t *tableView) add(head, note string, total bool, cells ...string) {
	rw := row{Head: head, Note: note, Total: total}
	for i, c := range cells {
		rw.Cells = append(rw.Cells, cell{Text: c, Num: i+1 < len(t.Cols) && t.Cols[i+1].Num})
	}
	t.Rows = append(t.Rows, rw)
}

type chartBlock struct {
	Chart svgChart
	Table tableView
}

type item struct{ Title, Detail, Reason string }

type commitmentView struct {
	Heading, Text string
	Table         tableView
}

type measuresView struct {
	ByOwner     tableView
	Commitments []commitmentView
}

type focusView struct {
	ID, Name, Description string // ID is the section key
	Done                  []item
	Chart                 *chartBlock
	DarkShare             string
}

type situationView struct {
	Intro, Population, Effect string
	Table                     *tableView
	Map                       *chartBlock
}

type surveyView struct {
	Facts  []fact
	Charts []chartBlock
}

type notDoneView struct{ Cancelled, Late []item }

type methodView struct {
	Sources []fact
	Notes   []string
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// paragraphs splits plain text on blank lines, and each paragraph into its
// lines.
func paragraphs(s string) [][]string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out [][]string
	for _, p := range blankLine.Split(s, -1) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
		out = append(out, lines)
	}
	return out
}

// calendar is the calendar date of t as midnight UTC, whatever t's zone.
func calendar(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func build(r *Report, loc *time.Location) *page {
	lang := r.lang()
	t := tr(lang).t
	tf := tr(lang).f
	p := &page{Lang: lang, OtherLang: "en", Status: r.Status, Synthetic: r.Synthetic,
		OtherLanguageURL: r.OtherLanguageURL, PDFURL: r.PDFURL, TOC: r.Sections()}
	if lang == "en" {
		p.OtherLang = "sv"
	}
	p.OtherLanguageText = msg(p.OtherLang, "link.language")

	var year, n int
	fmt.Sscanf(r.Period, "%d-T%d", &year, &n)
	p.Heading = tf("heading", n, year)
	p.Title = tf("doctitle", r.Period, r.Tenant)
	if r.Status == StatusDraft {
		p.Title = t("draft.prefix") + p.Title
	}
	if r.Synthetic {
		p.Title += t("doctitle.demo")
	}
	from, to := calendar(r.PeriodFrom), calendar(r.PeriodTo).AddDate(0, 0, -1)
	p.Head = []fact{{t("head.tenant"), r.Tenant}}
	if r.Promise != "" {
		p.Head = append(p.Head, fact{t("head.promise"), r.Promise})
	}
	p.Head = append(p.Head, fact{t("col.period"), r.Period + " (" + dateRange(lang, from, to) + ")"})
	if r.Council != "" {
		p.Head = append(p.Head, fact{t("head.council"), r.Council})
	}
	if r.Status == StatusAdopted {
		p.StatusText = tf("status.adopted", r.AdoptedBy, longDate(lang, r.AdoptedAt.In(loc)))
		for i, c := range r.Corrections {
			p.StatusText += " " + tf("status.corrected", i+2, longDate(lang, c.At.In(loc)), c.Reason)
		}
	} else {
		p.StatusText = t("status.draft")
	}
	p.Generated = tf("generated", dateTime(lang, r.GeneratedAt.In(loc)))

	p.comments = map[string]commentView{}
	for _, s := range r.Sections() {
		cv := commentView{Heading: t("commentary.heading"), Paragraphs: paragraphs(r.Commentary[s.Key])}
		if r.Status == StatusDraft {
			cv.Empty = t("commentary.empty")
		}
		p.comments[s.Key] = cv
	}

	focusName := map[string]string{}
	for _, fa := range r.FocusAreas {
		focusName[fa.Key] = fa.Name
	}
	sit := r.Situation
	labels := [3]string{sit.CurrentLabel, sit.PreviousLabel, sit.BaselineLabel}
	for i, def := range []string{r.Period, t("label.previous"), t("label.baseline")} {
		if labels[i] == "" {
			labels[i] = def
		}
	}
	threshold := sit.Threshold
	if threshold <= 0 {
		threshold = 5
	}

	p.Measures = buildMeasures(r, lang, focusName)
	p.NotDone = buildNotDone(r, lang)
	p.Summary = buildSummary(r, lang, labels)

	for _, fa := range r.FocusAreas {
		fv := focusView{ID: FocusSectionKey(fa.Key), Name: fa.Name, Description: fa.Description}
		for _, c := range r.Commitments {
			for _, m := range c.Measures {
				if m.FocusArea == fa.Key && (m.Status == MeasureDone || m.Status == MeasureStarted) {
					fv.Done = append(fv.Done, item{Title: m.Title, Detail: measureDetail(lang, m)})
				}
			}
		}
		for _, a := range sit.Areas {
			if a.FocusArea != fa.Key {
				continue
			}
			fv.Chart = districtChart(lang, FocusSectionKey(fa.Key), fa.Name, labels, a, threshold)
			if a.DarkShare != nil {
				fv.DarkShare = tf("darkshare", percent(lang, *a.DarkShare, 0), labels[0])
			}
		}
		p.Focus = append(p.Focus, fv)
	}
	p.Patrols = buildPatrols(r, lang)
	p.Situation = buildSituation(r, lang, labels)
	p.Survey = buildSurvey(r, lang)
	p.Dialogues = buildDialogues(r, lang)
	p.Method = buildMethod(r, lang, threshold)
	return p
}

func typeLabel(lang string, m Measure) string {
	s := m.Type
	if _, ok := messages["type."+m.Type]; ok {
		s = msg(lang, "type."+m.Type)
	}
	if m.Horizon != "" {
		s += ", " + msg(lang, "horizon."+m.Horizon)
	}
	return s
}

func statusText(lang string, m Measure) string {
	s := msg(lang, "status."+m.Status)
	if m.Status == MeasureStarted {
		s += ", " + percent(lang, float64(m.Progress)/100, 0)
	}
	return s
}

func districtText(lang, d string) string {
	if d == "" {
		return msg(lang, "kommunwide")
	}
	return d
}

func ownerText(lang string, m Measure) string {
	s := ""
	if m.Owner != "" {
		s = msg(lang, "owner."+m.Owner)
	}
	switch {
	case s == "":
		return m.Unit
	case m.Unit != "":
		return s + " (" + m.Unit + ")"
	}
	return s
}

// measureDetail is a one-line description: where, who and how far.
func measureDetail(lang string, m Measure) string {
	parts := []string{districtText(lang, m.District)}
	if o := ownerText(lang, m); o != "" {
		parts = append(parts, o)
	}
	return strings.Join(append(parts, statusText(lang, m)), " · ")
}

// dates are the measure's dates as lines that do not wrap: a table that
// breaks "2022-02-04" at its hyphens is hard to read.
func dates(m Measure) []string {
	switch {
	case m.Start != nil && m.End != nil:
		return []string{isoDate(*m.Start) + " –", isoDate(*m.End)}
	case m.Start != nil:
		return []string{isoDate(*m.Start) + " –"}
	case m.End != nil:
		return []string{"– " + isoDate(*m.End)}
	}
	return []string{"–"}
}

// statusColumn is where a status is counted: done, started, planned, not
// done.
func statusColumn(status string) int {
	switch status {
	case MeasureDone:
		return 0
	case MeasureStarted:
		return 1
	case MeasurePlanned:
		return 2
	}
	return 3
}

func buildMeasures(r *Report, lang string, focusName map[string]string) measuresView {
	t := tr(lang).t
	var v measuresView
	// Counts by owner and status, in a fixed order of owners.
	type counts [5]int // done, started, planned, not done, total
	byOwner := map[string]*counts{}
	var total counts
	for _, c := range r.Commitments {
		for _, m := range c.Measures {
			o := m.Owner
			if byOwner[o] == nil {
				byOwner[o] = &counts{}
			}
			i := statusColumn(m.Status)
			byOwner[o][i]++
			byOwner[o][4]++
			total[i]++
			total[4]++
		}
	}
	v.ByOwner = tableView{ID: "table-measures-owner", Caption: t("measures.byowner"),
		Cols: []col{{t("col.owner"), false}, {t("col.done"), true}, {t("col.started"), true},
			{t("col.planned"), true}, {t("col.notdone"), true}, {t("col.total"), true}}}
	cells := func(c *counts) []string {
		out := make([]string, len(c))
		for i, n := range c {
			out[i] = num(lang, float64(n), 0)
		}
		return out
	}
	for _, o := range []string{"kommun", "polis", "joint", "property_owner", ""} {
		if c := byOwner[o]; c != nil {
			head := t("owner.unknown")
			if o != "" {
				head = t("owner." + o)
			}
			v.ByOwner.add(head, "", false, cells(c)...)
		}
	}
	if total[4] > 0 {
		v.ByOwner.add(t("total"), "", true, cells(&total)...)
	}

	for i, c := range r.Commitments {
		cv := commitmentView{Text: c.Text}
		switch {
		case c.Text == "":
			cv.Heading = t("commitment.none")
		case c.Party != "":
			cv.Heading = fmt.Sprintf(t("commitment.heading"), i+1, t("owner."+c.Party))
		default:
			cv.Heading = fmt.Sprintf(t("commitment.heading"), i+1, "")
			cv.Heading = strings.TrimSuffix(cv.Heading, ": ")
		}
		cv.Table = tableView{ID: fmt.Sprintf("table-measures-%d", i+1), Caption: fmt.Sprintf(t("measures.caption"), i+1), Wide: true,
			Cols: []col{{t("col.measure"), false}, {t("col.type"), false}, {t("col.district"), false},
				{t("col.answers"), false}, {t("col.responsible"), false}, {t("col.status"), false}, {t("col.dates"), false}}}
		for _, m := range c.Measures {
			answers := m.Problem
			if m.FocusArea != "" {
				answers = focusName[m.FocusArea]
				if m.Problem != "" {
					answers += "; " + m.Problem
				}
			}
			cv.Table.add(m.Title, "", false, typeLabel(lang, m), districtText(lang, m.District), answers,
				ownerText(lang, m), statusText(lang, m), "")
			last := cv.Table.Rows[len(cv.Table.Rows)-1].Cells
			last[len(last)-1].Lines = dates(m)
		}
		v.Commitments = append(v.Commitments, cv)
	}
	return v
}

func buildNotDone(r *Report, lang string) notDoneView {
	var v notDoneView
	for _, c := range r.Commitments {
		for _, m := range c.Measures {
			it := item{Title: m.Title, Detail: measureDetail(lang, m)}
			if m.Reason != "" {
				it.Reason = fmt.Sprintf(msg(lang, "reason"), m.Reason)
			}
			switch {
			case notDone(m.Status):
				v.Cancelled = append(v.Cancelled, it)
			case m.Status != MeasureDone && m.Reason != "":
				v.Late = append(v.Late, it)
			}
		}
	}
	return v
}

func buildSummary(r *Report, lang string, labels [3]string) []fact {
	t := tr(lang).t
	var st [4]int
	for _, c := range r.Commitments {
		for _, m := range c.Measures {
			st[statusColumn(m.Status)]++
		}
	}
	var parts []string
	for i, k := range []string{"col.done", "col.started", "col.planned", "col.notdone"} {
		parts = append(parts, lowerFirst(t(k))+": "+num(lang, float64(st[i]), 0))
	}
	out := []fact{{t("summary.measures"), strings.Join(parts, ", ")}}

	var hours, dark float64
	for _, p := range r.Patrols.Rows {
		hours += p.Hours
		dark += p.DarkHours
	}
	if hours > 0 {
		out = append(out, fact{t("summary.patrols"), fmt.Sprintf(t("summary.patrols.value"), hoursText(lang, hours), percent(lang, dark/hours, 0))})
	} else {
		out = append(out, fact{t("summary.patrols"), t("summary.nopatrols")})
	}
	if g := r.Situation.Priority; g.Current != "" {
		s := g.Current.text()
		var cmp []string
		if g.Previous != "" {
			cmp = append(cmp, labels[1]+": "+g.Previous.text())
		}
		if g.Baseline != "" {
			cmp = append(cmp, labels[2]+": "+g.Baseline.text())
		}
		if len(cmp) > 0 {
			s += " (" + strings.Join(cmp, "; ") + ")"
		}
		out = append(out, fact{t("summary.priority"), labels[0] + ": " + s})
	}
	if sv := r.Survey; sv != nil {
		out = append(out, fact{t("summary.survey"), sv.Name + " (n = " + num(lang, float64(sv.Respondents), 0) + ")"})
	} else {
		out = append(out, fact{t("summary.survey"), t("summary.nosurvey")})
	}
	return out
}

func lowerFirst(s string) string {
	for i, c := range s {
		return strings.ToLower(string(c)) + s[i+len(string(c)):]
	}
	return s
}

// hoursText writes whole hours without decimals and others with one.
func hoursText(lang string, h float64) string {
	if h == math.Trunc(h) {
		return num(lang, h, 0)
	}
	return num(lang, h, 1)
}

func districtChart(lang, key, name string, labels [3]string, a SituationArea, threshold int) *chartBlock {
	t := tr(lang).t
	tf := tr(lang).f
	tbl := tableView{ID: "table-" + key, Caption: tf("districts.caption", name),
		Cols: []col{{t("col.district"), false}, {labels[0], true}, {labels[1], true}, {labels[2], true}},
		Note: tf("small", threshold, threshold)}
	var rows []barRow
	star := false
	for _, d := range a.Rows {
		note, label := "", d.District
		if d.Priority {
			note, label, star = t("priority"), label+" *", true
		}
		tbl.add(d.District, note, false, d.Current.text(), d.Previous.text(), d.Baseline.text())
		rows = append(rows, barRow{Label: label, Values: []Count{d.Current, d.Previous}})
	}
	if d := a.Total; d != nil {
		head := d.District
		if head == "" {
			head = t("total")
		}
		tbl.add(head, "", true, d.Current.text(), d.Previous.text(), d.Baseline.text())
	}
	note := ""
	if star {
		note = t("priority.star")
	}
	c := barChart("chart-"+key, tf("districts.chart", name, labels[0], labels[1]),
		tf("districts.desc", labels[0], labels[1]), lang, labels[:2], rows, note)
	return &chartBlock{Chart: c, Table: tbl}
}

func buildPatrols(r *Report, lang string) *chartBlock {
	if len(r.Patrols.Rows) == 0 {
		return nil
	}
	t := tr(lang).t
	tf := tr(lang).f
	tbl := tableView{ID: "table-patrols", Caption: t("patrols.caption"),
		Cols: []col{{t("col.district"), false}, {t("col.hours"), true}, {t("col.darkhours"), true}, {t("col.darkshare"), true}}}
	share := func(dark, h float64) string {
		if h <= 0 {
			return "–"
		}
		return percent(lang, dark/h, 0)
	}
	var rows []stackRow
	var hours, dark float64
	star := false
	for _, p := range r.Patrols.Rows {
		note, label := "", p.District
		if p.Priority {
			note, label, star = t("priority"), label+" *", true
		}
		tbl.add(p.District, note, false, hoursText(lang, p.Hours), hoursText(lang, p.DarkHours), share(p.DarkHours, p.Hours))
		text := hoursText(lang, p.Hours) + " h"
		if p.Hours > 0 {
			text = tf("patrols.label", hoursText(lang, p.Hours), share(p.DarkHours, p.Hours))
		}
		rows = append(rows, stackRow{Label: label, Solid: p.DarkHours, Hatch: p.Hours - p.DarkHours, Text: text})
		hours += p.Hours
		dark += p.DarkHours
	}
	tbl.add(t("total"), "", true, hoursText(lang, hours), hoursText(lang, dark), share(dark, hours))
	title := tf("patrols.chart", r.Period)
	desc := t("patrols.desc")
	if star {
		desc += " " + t("priority.star") + "."
	}
	c := stackChart("chart-patrols", title, desc, lang, t("patrols.dark"), t("patrols.light"), rows)
	return &chartBlock{Chart: c, Table: tbl}
}

func buildSituation(r *Report, lang string, labels [3]string) situationView {
	t := tr(lang).t
	tf := tr(lang).f
	s := r.Situation
	pr, rest := s.Priority, s.Rest
	has := false
	for _, c := range []Count{pr.Current, pr.Previous, pr.Baseline, rest.Current, rest.Previous, rest.Baseline} {
		has = has || c != ""
	}
	var v situationView
	if len(r.Map) > 0 {
		ch, tb := districtMap("district-map", t("map.title"), t("map.desc"), r.Map, lang)
		v.Map = &chartBlock{Chart: ch, Table: tb}
	}
	if !has {
		return v
	}
	v.Intro = tf("situation.intro", strings.Join(pr.Districts, ", "), strings.Join(rest.Districts, ", "))
	tbl := tableView{ID: "table-situation", Caption: t("situation.caption"), Wide: true,
		Cols: []col{{t("col.period"), false}, {t("col.prio.n"), true}, {t("col.prio.rate"), true},
			{t("col.rest.n"), true}, {t("col.rest.rate"), true}, {t("col.diff"), true}}}
	rate := func(r *float64) string {
		if r == nil {
			return "–"
		}
		return num(lang, *r, 1)
	}
	diff := func(a, b *float64) string {
		if a == nil || b == nil {
			return "–"
		}
		return signed(lang, *a-*b, 1)
	}
	tbl.add(labels[0], "", false, pr.Current.text(), rate(pr.CurrentRate), rest.Current.text(), rate(rest.CurrentRate), diff(pr.CurrentRate, rest.CurrentRate))
	tbl.add(labels[1], "", false, pr.Previous.text(), rate(pr.PreviousRate), rest.Previous.text(), rate(rest.PreviousRate), diff(pr.PreviousRate, rest.PreviousRate))
	tbl.add(labels[2], "", false, pr.Baseline.text(), rate(pr.BaselineRate), rest.Baseline.text(), rate(rest.BaselineRate), diff(pr.BaselineRate, rest.BaselineRate))
	v.Table = &tbl
	if pr.Population > 0 && rest.Population > 0 {
		v.Population = tf("situation.population", num(lang, float64(pr.Population), 0), num(lang, float64(rest.Population), 0))
	}
	if e := s.Effect; e != nil {
		if e.Reading == ReadingNoData {
			v.Effect = tf("situation.noeffect", t("reading.no_data"))
		} else {
			v.Effect = tf("situation.effect", signed(lang, e.Value, 1), num(lang, e.Low, 1), num(lang, e.High, 1), t("reading."+e.Reading))
		}
	}
	return v
}

func buildSurvey(r *Report, lang string) surveyView {
	sv := r.Survey
	if sv == nil {
		return surveyView{}
	}
	t := tr(lang).t
	v := surveyView{Facts: []fact{{t("surveys.name"), sv.Name}}}
	if sv.SurveyYear > 0 {
		v.Facts = append(v.Facts, fact{t("surveys.year"), fmt.Sprint(sv.SurveyYear)})
	}
	if sv.ReferenceYear > 0 {
		v.Facts = append(v.Facts, fact{t("surveys.refyear"), fmt.Sprint(sv.ReferenceYear)})
	}
	v.Facts = append(v.Facts, fact{t("surveys.respondents"), num(lang, float64(sv.Respondents), 0)},
		fact{t("surveys.responserate"), percent(lang, sv.ResponseRate, 0)})
	if sv.Source != "" {
		v.Facts = append(v.Facts, fact{t("source"), sv.Source})
	}
	cur, prev := sv.WaveLabel, sv.PreviousLabel
	if cur == "" {
		cur = fmt.Sprint(sv.SurveyYear)
	}
	if prev == "" {
		prev = t("label.previouswave")
	}
	for _, kind := range []string{KindShare, KindIndex} {
		if c := surveyChart(lang, kind, cur, prev, sv.Indicators); c != nil {
			v.Charts = append(v.Charts, *c)
		}
	}
	return v
}

// surveyChart is the chart and table of the indicators of one kind, or nil
// when there are none. A share is written in whole percent and the index
// with one decimal; intervals and changes the same way.
func surveyChart(lang, kind, cur, prev string, inds []IndicatorRow) *chartBlock {
	t := tr(lang).t
	tf := tr(lang).f
	mult, dec := 100.0, 0
	value := func(x float64) string { return percent(lang, x, 0) }
	if kind == KindIndex {
		mult, dec = 1, 1
		value = func(x float64) string { return num(lang, x, 1) }
	}
	est := func(e *Estimate) string {
		if e == nil {
			return "–"
		}
		return value(e.Value) + " (" + num(lang, e.Low*mult, dec) + "–" + num(lang, e.High*mult, dec) + ")"
	}
	tbl := tableView{ID: "table-surveys-" + kind, Caption: t("surveys.caption." + kind), Wide: true,
		Cols: []col{{t("col.indicator"), false}, {t("col.area"), false}, {t("col.n"), true},
			{tf("col.ci", cur), true}, {tf("col.ci", prev), true}, {t("col.change." + kind), true}, {t("col.reading"), false}}}
	var groups []dotGroup
	maxHigh := 0.0
	for _, ind := range inds {
		if ind.Kind != kind {
			continue
		}
		note := ""
		if ind.LowerIsBetter {
			note = "(" + t("lowerbetter") + ")"
		}
		change, reading := "–", "–"
		if c := ind.Change; c != nil {
			reading = t("reading." + c.Reading)
			if c.Reading != ReadingNoData {
				change = signed(lang, c.Value*mult, dec) + " (" + num(lang, c.Low*mult, dec) + " " + t("to") + " " + num(lang, c.High*mult, dec) + ")"
			}
		}
		tbl.add(ind.Indicator, note, false, ind.Area, num(lang, float64(ind.N), 0), est(&ind.Current), est(ind.Previous), change, reading)
		if len(groups) == 0 || groups[len(groups)-1].Label != ind.Indicator {
			groups = append(groups, dotGroup{Label: ind.Indicator})
		}
		g := &groups[len(groups)-1]
		g.Rows = append(g.Rows, dotRow{Label: ind.Area, Current: &ind.Current, Previous: ind.Previous, Text: value(ind.Current.Value)})
		maxHigh = math.Max(maxHigh, ind.Current.High)
		if ind.Previous != nil {
			maxHigh = math.Max(maxHigh, ind.Previous.High)
		}
	}
	if len(groups) == 0 {
		return nil
	}
	top, step := 6.0, 1.0 // the index's own scale
	tick := func(x float64) string { return num(lang, x, 0) }
	if kind == KindShare {
		top, step = niceScale(maxHigh*100, 5)
		top, step = math.Min(top, 100)/100, step/100
		tick = func(x float64) string { return percent(lang, x, 0) }
	}
	c := dotChart("chart-surveys-"+kind, tf("surveys.chart."+kind, cur, prev), tf("surveys.desc", cur, prev),
		cur, prev, groups, top, step, tick)
	return &chartBlock{Chart: c, Table: tbl}
}

func buildMethod(r *Report, lang string, threshold int) methodView {
	t := tr(lang).t
	var v methodView
	if s := r.Situation.Source; s != "" {
		v.Sources = append(v.Sources, fact{t("focus.situation"), s})
	}
	if s := r.Patrols.Source; s != "" {
		v.Sources = append(v.Sources, fact{t("summary.patrols"), s})
	}
	if r.Survey != nil && r.Survey.Source != "" {
		v.Sources = append(v.Sources, fact{t("surveys.title"), r.Survey.Source})
	}
	v.Notes = []string{fmt.Sprintf(t("method.small"), threshold, threshold), t("method.dark"), t("method.rates"), t("method.ci"), t("method.trace")}
	return v
}

// buildDialogues is the table of the period's citizen dialogues.
func buildDialogues(r *Report, lang string) *tableView {
	if len(r.Dialogues) == 0 {
		return nil
	}
	t := tr(lang).t
	tb := &tableView{ID: "dialogues-table", Caption: t("dialogues.caption"), Wide: true,
		Cols: []col{{Text: t("dialogues.date")}, {Text: t("dialogues.kind")}, {Text: t("dialogues.place")}, {Text: t("dialogues.target")},
			{Text: t("dialogues.participants"), Num: true}, {Text: t("dialogues.themes")}}}
	for _, d := range r.Dialogues {
		kind := t("dialogues.kind." + d.Kind)
		if kind == "dialogues.kind."+d.Kind {
			kind = d.Kind
		}
		tb.Rows = append(tb.Rows, row{Head: d.Date.Format(time.DateOnly), Cells: []cell{{Text: kind}, {Text: d.Place},
			{Text: d.TargetGroup}, {Text: fmt.Sprint(d.Participants)}, {Text: d.Themes}}})
	}
	return tb
}
