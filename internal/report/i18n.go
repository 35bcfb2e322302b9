package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// messages holds every UI string, Swedish and English. It is read-only: the
// language travels with each rendering, never in a package variable. Keys
// used with fmt verbs say so by their arguments at the call site; a test
// renders both languages and fails on a missing key.
var messages = map[string][2]string{
	"skip":                         {"Hoppa till innehållet", "Skip to content"},
	"toc":                          {"Innehåll", "Contents"},
	"heading":                      {"Uppföljning av medborgarlöftet, tertial %d %d", "Follow-up of the citizen promise, T%d %d"},
	"doctitle":                     {"Uppföljning %s – %s", "Follow-up %s – %s"},
	"doctitle.demo":                {" (demodata)", " (demo data)"},
	"draft.prefix":                 {"Utkast: ", "Draft: "},
	"status.draft":                 {"Utkast. Rapporten är inte antagen och kan ändras.", "Draft. The report has not been adopted and may change."},
	"dialogues.title":              {"Medborgardialoger", "Citizen dialogues"},
	"dialogues.none":               {"Inga medborgardialoger under perioden.", "No citizen dialogues in the period."},
	"dialogues.caption":            {"Medborgardialoger under perioden", "Citizen dialogues in the period"},
	"dialogues.date":               {"Datum", "Date"},
	"dialogues.kind":               {"Slag", "Kind"},
	"dialogues.place":              {"Plats", "Place"},
	"dialogues.target":             {"Målgrupp", "Target group"},
	"dialogues.participants":       {"Deltagare", "Participants"},
	"dialogues.themes":             {"Teman", "Themes"},
	"dialogues.kind.citizen":       {"Medborgardialog", "Citizen dialogue"},
	"dialogues.kind.youth":         {"Ungdomsdialog", "Youth dialogue"},
	"dialogues.kind.walk_and_talk": {"Gå-och-prata", "Walk and talk"},
	"map.title":                    {"Områdena; de prioriterade fyllda", "The districts; priority districts filled"},
	"map.desc":                     {"Karta över kommunens områden ritad utan kartbilder. De prioriterade områdena är fyllda, övriga har bara kontur. Tabellen efter kartan listar områdena.", "Map of the municipality's districts drawn without map tiles. Priority districts are filled, the others outlined. The table after the map lists the districts."},
	"map.district":                 {"Område", "District"},
	"map.priority":                 {"Prioriterat", "Priority"},
	"map.yes":                      {"Ja", "Yes"},
	"map.no":                       {"Nej", "No"},
	"status.corrected":             {"Version %d, rättad den %s: %s.", "Version %d, corrected on %s: %s."},
	"status.adopted": {"Antagen av %s den %s. Rapporten är en fryst ögonblicksbild.",
		"Adopted by %s on %s. The report is a frozen snapshot."},
	"synthetic.title": {"Demodata.", "Demo data."},
	"synthetic.text": {"Siffrorna i rapporten är påhittade (syntetiska) och beskriver inte verkliga förhållanden.",
		"The figures in this report are made up (synthetic) and do not describe real conditions."},
	"link.language":         {"Läs på svenska", "Read in English"},
	"link.pdf":              {"Ladda ned som PDF", "Download as PDF"},
	"links":                 {"Andra format", "Other formats"},
	"generated":             {"Rapporten skapades %s av Trygg.", "Report generated %s by Trygg."},
	"at":                    {"kl.", "at"},
	"head.tenant":           {"Kommun", "Municipality"},
	"head.promise":          {"Medborgarlöfte", "Citizen promise"},
	"head.council":          {"Redovisas för", "Presented to"},
	"label.previous":        {"Samma period året före", "Same period a year earlier"},
	"label.baseline":        {"Utgångsläge", "Baseline"},
	"label.previouswave":    {"Föregående mätning", "Previous wave"},
	"owner.unknown":         {"Ej angiven", "Not given"},
	"summary.patrols.value": {"%s h, varav %s under mörka timmar", "%s h, of which %s in the dark hours"},
	"summary.title":         {"Sammanfattning", "Summary"},
	"summary.measures":      {"Åtgärder under perioden", "Measures in the period"},
	"summary.patrols":       {"Polisens patrulltid", "Police patrol time"},
	"summary.priority":      {"Händelser i de prioriterade områdena", "Incidents in the priority districts"},
	"summary.survey":        {"Trygghetsmätning", "Safety survey"},
	"summary.nosurvey":      {"Ingen mätomgång hör till perioden.", "No survey wave belongs to this period."},
	"summary.nopatrols":     {"Ingen patrulltid registrerad.", "No patrol time recorded."},
	"commentary.heading":    {"Samordnarens kommentar", "Coordinator's commentary"},
	"commentary.empty":      {"Ingen kommentar ännu.", "No commentary yet."},

	"measures.title":       {"Åtgärder per åtagande", "Measures by commitment"},
	"measures.intro":       {"Åtgärder som var aktuella under perioden, med vilket problem var och en svarar mot.", "Measures that were current in the period, each with the problem it answers."},
	"measures.byowner":     {"Åtgärder per ansvarig part och status", "Measures by responsible party and status"},
	"measures.none":        {"Inga åtgärder under perioden.", "No measures in this period."},
	"measures.caption":     {"Åtgärder under åtagande %d", "Measures under commitment %d"},
	"commitment.heading":   {"Åtagande %d: %s", "Commitment %d: %s"},
	"commitment.none":      {"Åtgärder utanför åtagandena", "Measures outside the commitments"},
	"col.owner":            {"Ansvarig part", "Responsible party"},
	"col.done":             {"Genomförda", "Done"},
	"col.started":          {"Pågående", "Under way"},
	"col.planned":          {"Planerade", "Planned"},
	"col.notdone":          {"Inte genomförda", "Not done"},
	"col.total":            {"Totalt", "Total"},
	"col.measure":          {"Åtgärd", "Measure"},
	"col.type":             {"Typ", "Type"},
	"col.district":         {"Område", "District"},
	"col.answers":          {"Svarar mot", "Answers"},
	"col.responsible":      {"Ansvarig", "Responsible"},
	"col.status":           {"Status", "Status"},
	"col.dates":            {"Tid", "Dates"},
	"col.period":           {"Period", "Period"},
	"total":                {"Totalt", "Total"},
	"kommunwide":           {"Hela kommunen", "Whole municipality"},
	"status.done":          {"Genomförd", "Done"},
	"status.started":       {"Pågår", "Under way"},
	"status.planned":       {"Planerad", "Planned"},
	"status.cancelled":     {"Inställd", "Cancelled"},
	"status.not_feasible":  {"Inte genomförbar", "Not feasible"},
	"owner.kommun":         {"Kommunen", "The municipality"},
	"owner.polis":          {"Polisen", "The police"},
	"owner.joint":          {"Kommunen och polisen gemensamt", "Municipality and police jointly"},
	"owner.property_owner": {"Fastighetsägare", "Property owner"},
	"type.patrol":          {"Patrullering", "Patrol"},
	"type.lighting":        {"Belysning", "Lighting"},
	"type.vegetation":      {"Växtlighet", "Vegetation"},
	"type.camera":          {"Kamerabevakning", "Camera surveillance"},
	"type.safety_host":     {"Trygghetsvärdar", "Safety hosts"},
	"type.youth_activity":  {"Verksamhet för unga", "Youth activities"},
	"type.supervision":     {"Tillsyn", "Inspection"},
	"type.dialogue":        {"Dialog", "Dialogue"},
	"type.other":           {"Övrigt", "Other"},
	"horizon.short":        {"kort sikt", "short term"},
	"horizon.long":         {"lång sikt", "long term"},

	"focus.title":          {"Fokusområde: ", "Focus area: "},
	"focus.done":           {"Gjort och påbörjat", "Done and started"},
	"focus.done.none":      {"Ingen genomförd eller pågående åtgärd svarar direkt mot fokusområdet under perioden.", "No measure done or under way answers this focus area directly in the period."},
	"focus.situation":      {"Lägesbild", "Situation"},
	"focus.situation.none": {"Det finns ingen lägesbild för fokusområdet.", "There are no situation figures for this focus area."},
	"darkshare":            {"%s av händelserna under %s inträffade under dygnets mörka timmar.", "%s of the incidents in %s happened in the dark hours of the day."},
	"districts.chart":      {"%s: händelser per område, %s jämfört med %s", "%s: incidents per district, %s compared with %s"},
	"districts.desc": {"Liggande stapeldiagram med ett stapelpar per område: fylld stapel för %s, randig stapel för %s. Ett dolt litet antal visas som text utan stapel. Samma uppgifter finns i tabellen under diagrammet.",
		"Horizontal bar chart with a pair of bars per district: a solid bar for %s, a striped bar for %s. A hidden small count is shown as text without a bar. The table below the chart has the same figures."},
	"districts.caption": {"%s: händelser per område", "%s: incidents by district"},
	"priority":          {"(prioriterat)", "(priority)"},
	"priority.star":     {"* prioriterat område", "* priority district"},
	"small": {"Färre än %d händelser visas som <%d, och en summa med sådana delar som ≥ (minst) summan av de visade delarna.",
		"Fewer than %d incidents are shown as <%d, and a sum with such parts as ≥ (at least) the sum of the parts shown."},

	"patrols.title": {"Polisens närvaro i områdena", "Police presence in the districts"},
	"patrols.chart": {"Patrulltid per område, %s", "Patrol time per district, %s"},
	"patrols.desc": {"Liggande stapeldiagram: varje stapel är patrulltiden i ett område, delad i tid under mörka timmar (fylld) och övrig tid (randig). Samma uppgifter finns i tabellen under diagrammet.",
		"Horizontal bar chart: each bar is the patrol time in one district, split into time in the dark hours (solid) and other time (striped). The table below the chart has the same figures."},
	"patrols.dark":    {"Mörka timmar", "Dark hours"},
	"patrols.light":   {"Övrig tid", "Other time"},
	"patrols.caption": {"Patrulltid per område, timmar", "Patrol time per district, hours"},
	"patrols.label":   {"%s h, %s i mörker", "%s h, %s dark"},
	"patrols.none":    {"Ingen patrulltid är registrerad för perioden.", "No patrol time is recorded for the period."},
	"col.hours":       {"Timmar", "Hours"},
	"col.darkhours":   {"Varav mörka timmar", "Of which dark hours"},
	"col.darkshare":   {"Andel i mörker", "Share in the dark"},

	"situation.title": {"Prioriterade områden jämfört med övriga", "Priority districts compared with the rest"},
	"situation.intro": {"Händelser inom fokusområdena i de prioriterade områdena (%s) och i övriga områden (%s), i antal och per 1 000 invånare under perioden.",
		"Incidents within the focus areas in the priority districts (%s) and in the other districts (%s), as counts and per 1,000 inhabitants in the period."},
	"situation.caption":    {"Händelser i prioriterade och övriga områden", "Incidents in priority and other districts"},
	"situation.population": {"Invånare: prioriterade områden %s, övriga områden %s.", "Inhabitants: priority districts %s, other districts %s."},
	"situation.effect": {"Förändringen mot utgångsläget i de prioriterade områdena jämfört med övriga (skillnad i skillnader) är %s per 1 000 invånare (95 %% konfidensintervall %s till %s): %s.",
		"The change against the baseline in the priority districts compared with the rest (difference in differences) is %s per 1,000 inhabitants (95%% confidence interval %s to %s): %s."},
	"situation.noeffect": {"Förändringen mot utgångsläget kan inte skattas: %s.", "The change against the baseline cannot be estimated: %s."},
	"col.prio.n":         {"Prioriterade, antal", "Priority, count"},
	"col.prio.rate":      {"Prioriterade, per 1 000", "Priority, per 1,000"},
	"col.rest.n":         {"Övriga, antal", "Other, count"},
	"col.rest.rate":      {"Övriga, per 1 000", "Other, per 1,000"},
	"col.diff":           {"Skillnad per 1 000 (prioriterade − övriga)", "Difference per 1,000 (priority − other)"},

	"reading.no_change": {"ingen påvisbar förändring", "no detectable change"},
	"reading.increase":  {"ökning", "increase"},
	"reading.decrease":  {"minskning", "decrease"},
	"reading.no_data":   {"otillräckligt underlag", "insufficient data"},

	"surveys.title": {"Trygghetsmätning", "Safety survey"},
	"surveys.none": {"Ingen mätomgång av trygghetsmätningen hör till perioden. Nästa mätning redovisas i uppföljningen efter den.",
		"No wave of the safety survey belongs to this period. The next wave is reported in the follow-up after it."},
	"surveys.name":         {"Mätning", "Survey"},
	"surveys.year":         {"Mätår", "Survey year"},
	"surveys.refyear":      {"Referensår", "Reference year"},
	"surveys.respondents":  {"Svarande", "Respondents"},
	"surveys.responserate": {"Svarsfrekvens", "Response rate"},
	"source":               {"Källa", "Source"},
	"surveys.chart.share":  {"Andelar med 95 %%-konfidensintervall, %s jämfört med %s", "Shares with 95%% confidence intervals, %s compared with %s"},
	"surveys.chart.index":  {"Problemindex 0–6 med 95 %%-konfidensintervall, %s jämfört med %s", "Problem index 0–6 with 95%% confidence intervals, %s compared with %s"},
	"surveys.desc": {"Punktdiagram: för varje indikator och område visar en fylld romb värdet %s och en ofylld cirkel värdet %s, med ett streck för konfidensintervallet. Samma uppgifter finns i tabellen under diagrammet.",
		"Dot chart: for each indicator and area a solid diamond shows the value for %s and an open circle the value for %s, with a line for the confidence interval. The table below the chart has the same figures."},
	"surveys.caption.share": {"Andelar i procent med 95 %-konfidensintervall", "Shares in percent with 95% confidence intervals"},
	"surveys.caption.index": {"Problemindex (0 = knappast ett problem, 6 = alarmerande) med 95 %-konfidensintervall", "Problem index (0 = hardly a problem, 6 = alarming) with 95% confidence intervals"},
	"col.indicator":         {"Indikator", "Indicator"},
	"col.area":              {"Område", "Area"},
	"col.n":                 {"Svarande (n)", "Respondents (n)"},
	"col.ci":                {"%s (95 %% KI)", "%s (95%% CI)"},
	"col.change.share":      {"Förändring, procentenheter (95 % KI)", "Change, percentage points (95% CI)"},
	"col.change.index":      {"Förändring, indexenheter (95 % KI)", "Change, index points (95% CI)"},
	"col.reading":           {"Bedömning", "Reading"},
	"lowerbetter":           {"lägre är bättre", "lower is better"},
	"to":                    {"till", "to"},

	"notdone.title":     {"Det som inte blev gjort", "What was not done"},
	"notdone.cancelled": {"Inställt eller inte genomförbart", "Cancelled or not feasible"},
	"notdone.late":      {"Försenat", "Delayed"},
	"notdone.none":      {"Alla åtgärder under perioden är genomförda, pågår eller är planerade enligt tidplanen.", "Every measure in the period is done, under way or planned on schedule."},
	"reason":            {"Skäl: %s", "Reason: %s"},

	"method.title":   {"Om underlaget", "About the figures"},
	"method.sources": {"Källor", "Sources"},
	"method.small": {"Små tal: färre än %d händelser visas som <%d, och en summa med sådana delar som ≥ (minst) summan av de visade delarna, så att ingen siffra i rapporten, ensam eller tillsammans med andra, avslöjar ett dolt tal.",
		"Small numbers: fewer than %d incidents are shown as <%d, and a sum with such parts as ≥ (at least) the sum of the parts shown, so that no figure in the report, alone or with others, reveals a hidden one."},
	"method.dark": {"Mörka timmar: solens medelpunkt är mer än 6° under horisonten (efter borgerlig skymning) på platsen och vid tidpunkten. Tider visas i svensk tid.",
		"Dark hours: the centre of the sun is more than 6° below the horizon (after civil twilight) at the place and time. Times are in Swedish time."},
	"method.rates": {"Per 1 000 invånare: antalet händelser under perioden delat med områdenas befolkning, gånger 1 000.",
		"Per 1,000 inhabitants: the number of incidents in the period divided by the districts' population, times 1,000."},
	"method.ci": {"Intervallen är 95 % konfidensintervall. En förändring vars intervall omfattar noll redovisas som ingen påvisbar förändring.",
		"Intervals are 95% confidence intervals. A change whose interval includes zero is reported as no detectable change."},
	"method.trace": {"Varje siffra kan spåras till de poster den bygger på.", "Every figure can be traced to the records it is based on."},
}

// msg is the message key in lang ("en", else Swedish). A missing key is
// shown as itself in brackets, which the tests look for.
func msg(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return "[" + key + "]"
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}

// tr translates into one language: tr(lang).t(key), tr(lang).f(key, args…).
type tr string

func (l tr) t(key string) string { return msg(string(l), key) }

func (l tr) f(key string, a ...any) string { return fmt.Sprintf(msg(string(l), key), a...) }

var (
	monthsSV = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

func monthName(lang string, m time.Month) string {
	if lang == "en" {
		return monthsEN[m-1]
	}
	return monthsSV[m-1]
}

// longDate is "24 maj 2023" or "24 May 2023".
func longDate(lang string, t time.Time) string {
	y, m, d := t.Date()
	return fmt.Sprintf("%d %s %d", d, monthName(lang, m), y)
}

// dateRange is "1 januari–30 april 2023"; the years are both written when
// they differ.
func dateRange(lang string, from, to time.Time) string {
	sep := "–"
	if lang == "en" {
		sep = " – "
	}
	if from.Year() == to.Year() {
		return fmt.Sprintf("%d %s%s%s", from.Day(), monthName(lang, from.Month()), sep, longDate(lang, to))
	}
	return longDate(lang, from) + sep + longDate(lang, to)
}

// dateTime is "24 maj 2023 kl. 14.05" or "24 May 2023 at 14:05".
func dateTime(lang string, t time.Time) string {
	if lang == "en" {
		return longDate(lang, t) + " at " + t.Format("15:04")
	}
	return longDate(lang, t) + " kl. " + t.Format("15.04")
}

// isoDate is the calendar date of t, the form Swedish tables use.
func isoDate(t time.Time) string { return t.Format(time.DateOnly) }

// num formats v with dec decimals: a decimal comma and a no-break space
// between thousands in Swedish, a point and commas in English, and a real
// minus sign.
func num(lang string, v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	p := math.Pow10(dec)
	v = math.Round(v*p) / p
	if v == 0 {
		v = 0 // no "−0"
	}
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	group, point := "\u00a0", ","
	if lang == "en" {
		group, point = ",", "."
	}
	if len(intPart) > 3 {
		var b strings.Builder
		for i, c := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteString(group)
			}
			b.WriteRune(c)
		}
		intPart = b.String()
	}
	if frac != "" {
		intPart += point + frac
	}
	if neg {
		return "−" + intPart
	}
	return intPart
}

// signed is num with a plus sign on positive values, for changes.
func signed(lang string, v float64, dec int) string {
	s := num(lang, v, dec)
	if s != "0" && !strings.HasPrefix(s, "−") && strings.Trim(s, "0.,") != "" {
		return "+" + s
	}
	return s
}

// percent formats a share (0–1) as "34 %" or "34%".
func percent(lang string, share float64, dec int) string {
	if lang == "en" {
		return num(lang, share*100, dec) + "%"
	}
	return num(lang, share*100, dec) + "\u00a0%"
}
