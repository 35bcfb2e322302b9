package report_test

import (
	"time"

	"github.com/trygg-se/trygg/internal/report"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dayp(y int, m time.Month, d int) *time.Time { return new(day(y, m, d)) }

// katrineholm is a realistic follow-up for T1 2023 of the Katrineholm
// promise 2022–2023, with synthetic figures: three priority districts
// (Centrum, Norr, Nävertorp), three focus areas, counts already through the
// small-number rules ("<5", "≥ 12"), and a survey wave. lang is "sv" or
// "en"; names and commentary follow it as the web layer would.
func katrineholm(lang string) *report.Report {
	en := lang == "en"
	pick := func(sv, eng string) string {
		if en {
			return eng
		}
		return sv
	}
	r := &report.Report{
		Lang:        lang,
		Tenant:      "Katrineholms kommun",
		Promise:     pick("Medborgarlöfte Katrineholm 2022–2023", "Citizen promise Katrineholm 2022–2023"),
		Council:     "Rådet för trygghet och säkerhet",
		Period:      "2023-T1",
		PeriodFrom:  day(2023, 1, 1),
		PeriodTo:    day(2023, 5, 1),
		Status:      report.StatusAdopted,
		AdoptedAt:   new(time.Date(2023, 5, 24, 13, 0, 0, 0, time.UTC)),
		AdoptedBy:   "Rådet för trygghet och säkerhet",
		GeneratedAt: time.Date(2023, 5, 24, 12, 5, 0, 0, time.UTC),
		Synthetic:   true,
		Dialogues: []report.Dialogue{{Date: day(2023, 3, 14), Kind: "youth", Place: "Nävertorpsskolan", TargetGroup: pick("unga 13–16 år", "young people 13–16"),
			Participants: 24, Themes: pick("Dålig belysning, Personer som samlas", "Poor lighting, People gathering")}},
		Map: []report.MapArea{
			{Name: "Centrum", Priority: true, Polygons: [][][][2]float64{{{{16.195, 58.99}, {16.22, 58.99}, {16.22, 59.002}, {16.195, 59.002}, {16.195, 58.99}}}}},
			{Name: "Nävertorp", Priority: true, Polygons: [][][][2]float64{{{{16.16, 59.002}, {16.195, 59.002}, {16.195, 59.02}, {16.16, 59.02}, {16.16, 59.002}}}}},
			{Name: "Söder", Polygons: [][][][2]float64{{{{16.195, 58.975}, {16.23, 58.975}, {16.23, 58.99}, {16.195, 58.99}, {16.195, 58.975}}}}},
		},
		FocusAreas: []report.FocusArea{
			{Key: "violence", Name: pick("Våld", "Violence"), Description: pick(
				"Våld är fortfarande ett av de största samhällsproblemen i Sverige. I Katrineholm är våld vanligt förekommande, både i skolan, hemmet och i det offentliga rummet.",
				"Violence is still one of the largest social problems in Sweden. In Katrineholm it is common at school, at home and in public places.")},
			{Key: "drugs", Name: pick("Droger", "Drugs"), Description: pick(
				"Droger drabbar våra ungdomar och boende i området både direkt och indirekt genom droghandel och störningar.",
				"Drugs affect our young people and residents directly and indirectly through dealing and disturbance.")},
			{Key: "youth_crime", Name: pick("Ungdomsbrottslighet", "Youth crime"), Description: pick(
				"Ett tuffare klimat bland ungdomar där våld och våldsbrott ökar, framförallt i högstadiet och på gymnasiet.",
				"A harsher climate among young people, with rising violence, above all in lower and upper secondary school.")},
		},
		Commitments: []report.Commitment{{
			Party: "joint",
			Text: pick("Kommunen och Polisen lovar gemensamt att sätta in åtgärder, både kortsiktiga och långsiktiga, för att öka tryggheten med särskilt fokus på stadsdelarna Centrum, Norr och Nävertorp.",
				"The municipality and the police jointly promise to put in measures, short and long term, to increase safety with a special focus on the districts Centrum, Norr and Nävertorp."),
			Measures: []report.Measure{
				{Title: pick("Patrullering till fots i Centrum fredag och lördag kväll", "Foot patrols in Centrum on Friday and Saturday evenings"),
					Type: "patrol", Horizon: "short", Owner: "polis", Unit: "Lokalpolisområde Katrineholm", District: "Centrum",
					FocusArea: "violence", Status: report.MeasureStarted, Progress: 80, Start: dayp(2022, 2, 4), End: dayp(2023, 12, 31)},
				{Title: pick("Kamerabevakning vid resecentrum", "Camera surveillance at the travel centre"),
					Type: "camera", Horizon: "long", Owner: "joint", Unit: "Kommunen och polisen", District: "Centrum",
					FocusArea: "violence", Status: report.MeasureStarted, Progress: 60, Start: dayp(2023, 1, 15), End: dayp(2023, 6, 30),
					Reason: pick("Leveransen av kamerorna försenad till maj.", "Delivery of the cameras delayed until May.")},
				{Title: pick("Ny belysning i gångtunneln vid Nävertorp", "New lighting in the pedestrian tunnel at Nävertorp"),
					Type: "lighting", Horizon: "long", Owner: "kommun", Unit: "Samhällsbyggnadsförvaltningen", District: "Nävertorp",
					Problem: pick("Trygghetsvandring i Nävertorp, mars 2022: mörk gångtunnel", "Safety walk in Nävertorp, March 2022: dark tunnel"),
					Status:  report.MeasureDone, Progress: 100, Start: dayp(2022, 5, 2), End: dayp(2023, 2, 28)},
				{Title: pick("Fältassistenter och öppen verksamhet i Nävertorp kvällstid", "Field workers and open youth activities in Nävertorp in the evenings"),
					Type: "youth_activity", Horizon: "long", Owner: "kommun", Unit: "Fritidsförvaltningen", District: "Nävertorp",
					FocusArea: "youth_crime", Status: report.MeasureStarted, Progress: 50, Start: dayp(2022, 8, 22), End: dayp(2023, 12, 31)},
				{Title: pick("Samordnad tillsyn av serveringsställen i Centrum", "Coordinated inspection of licensed premises in Centrum"),
					Type: "supervision", Horizon: "short", Owner: "kommun", Unit: "Alkohol- och tobakstillsyn", District: "Centrum",
					FocusArea: "drugs", Status: report.MeasureDone, Progress: 100, Start: dayp(2023, 2, 1), End: dayp(2023, 3, 31)},
				{Title: pick("Narkotikasökhund vid gymnasieskolorna", "Drug detection dog at the upper secondary schools"),
					Type: "other", Horizon: "short", Owner: "polis", Unit: "Lokalpolisområde Katrineholm",
					FocusArea: "drugs", Status: report.MeasurePlanned, Start: dayp(2023, 5, 15)},
				{Title: pick("Dialogmöte med unga på Norr", "Dialogue meeting with young people in Norr"),
					Type: "dialogue", Horizon: "short", Owner: "joint", Unit: "Kommunen och polisen", District: "Norr",
					FocusArea: "youth_crime", Status: report.MeasureCancelled,
					Reason: pick("Flyttat till vårens skoldialoger, där fler unga nås.", "Moved to the spring school dialogues, which reach more young people.")},
				{Title: pick("Röjning av buskage längs gångvägen i Norr", "Clearing shrubs along the footpath in Norr"),
					Type: "vegetation", Horizon: "short", Owner: "property_owner", Unit: "Bostadsbolaget", District: "Norr",
					Problem: pick("EST-rapporter om skymd sikt", "EST reports of blocked view"),
					Status:  report.MeasureNotFeasible, Reason: pick("Marken är detaljplanerad som naturmark; ny väg sökes via planändring.", "The land is zoned as natural ground; a plan change is being sought.")},
			},
		}},
		Patrols: report.PatrolBlock{
			Source: pick("Polisens registrerade patrulltid (RAR), per område", "Police recorded patrol time (RAR), per district"),
			Rows: []report.PatrolRow{
				{District: "Centrum", Priority: true, Hours: 412, DarkHours: 251.5},
				{District: "Norr", Priority: true, Hours: 186, DarkHours: 97},
				{District: "Nävertorp", Priority: true, Hours: 164.5, DarkHours: 102},
				{District: "Väster", Hours: 38, DarkHours: 12},
				{District: "Öster", Hours: 71, DarkHours: 30},
				{District: "Söder", Hours: 66, DarkHours: 25},
				{District: pick("Landsbygd och övriga orter", "Countryside and other localities"), Hours: 120, DarkHours: 41},
			},
		},
		Situation: report.SituationBlock{
			Source: pick("Polisens händelser (polisen.se) och granskade EST-rapporter, per område och fokusområde",
				"Police notices (polisen.se) and reviewed EST reports, per district and focus area"),
			Threshold:     5,
			CurrentLabel:  "2023-T1",
			PreviousLabel: "2022-T1",
			BaselineLabel: pick("Utgångsläge 2021-T1", "Baseline 2021-T1"),
			Areas: []report.SituationArea{
				{FocusArea: "violence", DarkShare: new(0.64), Rows: []report.DistrictCounts{
					{District: "Centrum", Priority: true, Current: "37", Previous: "41", Baseline: "45"},
					{District: "Norr", Priority: true, Current: "14", Previous: "18", Baseline: "16"},
					{District: "Nävertorp", Priority: true, Current: "11", Previous: "9", Baseline: "13"},
					{District: "Väster", Current: "<5", Previous: "<5", Baseline: "5"},
					{District: "Öster", Current: "8", Previous: "6", Baseline: "7"},
					{District: "Söder", Current: "9", Previous: "12", Baseline: "10"},
				}, Total: &report.DistrictCounts{District: pick("Hela kommunen", "Whole municipality"), Current: "≥ 79", Previous: "≥ 86", Baseline: "96"}},
				{FocusArea: "drugs", DarkShare: new(0.48), Rows: []report.DistrictCounts{
					{District: "Centrum", Priority: true, Current: "12", Previous: "15", Baseline: "11"},
					{District: "Norr", Priority: true, Current: "6", Previous: "<5", Baseline: "<5"},
					{District: "Nävertorp", Priority: true, Current: "7", Previous: "8", Baseline: "9"},
					{District: "Väster", Current: "<5", Previous: "<5", Baseline: "<5"},
					{District: "Öster", Current: "<5", Previous: "5", Baseline: "<5"},
					{District: "Söder", Current: "5", Previous: "<5", Baseline: "6"},
				}, Total: &report.DistrictCounts{District: pick("Hela kommunen", "Whole municipality"), Current: "≥ 30", Previous: "≥ 28", Baseline: "≥ 26"}},
				{FocusArea: "youth_crime", Rows: []report.DistrictCounts{
					{District: "Centrum", Priority: true, Current: "19", Previous: "22", Baseline: "17"},
					{District: "Norr", Priority: true, Current: "8", Previous: "7", Baseline: "6"},
					{District: "Nävertorp", Priority: true, Current: "10", Previous: "13", Baseline: "12"},
					{District: "Väster", Current: "<5", Previous: "<5", Baseline: "<5"},
					{District: "Öster", Current: "<5", Previous: "6", Baseline: "<5"},
					{District: "Söder", Current: "6", Previous: "<5", Baseline: "5"},
				}},
			},
			Priority: report.Group{Districts: []string{"Centrum", "Norr", "Nävertorp"}, Population: 13400,
				Current: "124", Previous: "138", Baseline: "132",
				CurrentRate: new(9.3), PreviousRate: new(10.3), BaselineRate: new(9.9)},
			Rest: report.Group{Districts: []string{"Väster", "Öster", "Söder", pick("Landsbygd och övriga orter", "Countryside and other localities")}, Population: 20838,
				Current: "≥ 41", Previous: "≥ 44", Baseline: "47",
				CurrentRate: nil, PreviousRate: nil, BaselineRate: new(2.3)},
			Effect: &report.Effect{Value: -0.8, Low: -3.4, High: 1.8, Reading: report.ReadingNoChange},
		},
		Survey: &report.SurveyBlock{
			Name:          pick("Polisens trygghetsmätning 2023", "Police safety survey 2023"),
			Source:        pick("Polismyndigheten, trygghetsmätning i Katrineholm (enkät, februari–mars 2023)", "Swedish Police Authority, safety survey in Katrineholm (questionnaire, February–March 2023)"),
			SurveyYear:    2023,
			ReferenceYear: 2022,
			Respondents:   1204,
			ResponseRate:  0.41,
			WaveLabel:     "2023",
			PreviousLabel: "2021",
			Indicators: []report.IndicatorRow{
				{Indicator: pick("Känner sig otrygg ute ensam sent på kvällen", "Feels unsafe out alone late in the evening"), Area: pick("Prioriterade områden", "Priority districts"),
					Kind: report.KindShare, N: 512, Current: report.Estimate{Value: 0.31, Low: 0.27, High: 0.35}, Previous: &report.Estimate{Value: 0.34, Low: 0.30, High: 0.38},
					Change: &report.Effect{Value: -0.03, Low: -0.09, High: 0.03, Reading: report.ReadingNoChange}, LowerIsBetter: true},
				{Indicator: pick("Känner sig otrygg ute ensam sent på kvällen", "Feels unsafe out alone late in the evening"), Area: pick("Övriga områden", "Other districts"),
					Kind: report.KindShare, N: 692, Current: report.Estimate{Value: 0.18, Low: 0.15, High: 0.21}, Previous: &report.Estimate{Value: 0.19, Low: 0.16, High: 0.22},
					Change: &report.Effect{Value: -0.01, Low: -0.05, High: 0.03, Reading: report.ReadingNoChange}, LowerIsBetter: true},
				{Indicator: pick("Har utsatts för våld eller hot om våld", "Has been a victim of violence or threats"), Area: pick("Hela kommunen", "Whole municipality"),
					Kind: report.KindShare, N: 1204, Current: report.Estimate{Value: 0.07, Low: 0.056, High: 0.086}, Previous: &report.Estimate{Value: 0.11, Low: 0.092, High: 0.13},
					Change: &report.Effect{Value: -0.04, Low: -0.065, High: -0.015, Reading: report.ReadingDecrease}, LowerIsBetter: true},
				{Indicator: pick("Narkotikaproblem (index 0–6)", "Drug problems (index 0–6)"), Area: pick("Prioriterade områden", "Priority districts"),
					Kind: report.KindIndex, N: 498, Current: report.Estimate{Value: 2.4, Low: 2.2, High: 2.6}, Previous: &report.Estimate{Value: 2.5, Low: 2.3, High: 2.7},
					Change: &report.Effect{Value: -0.1, Low: -0.4, High: 0.2, Reading: report.ReadingNoChange}, LowerIsBetter: true},
				{Indicator: pick("Narkotikaproblem (index 0–6)", "Drug problems (index 0–6)"), Area: pick("Övriga områden", "Other districts"),
					Kind: report.KindIndex, N: 671, Current: report.Estimate{Value: 1.3, Low: 1.2, High: 1.5}, LowerIsBetter: true},
			},
		},
		Commentary: map[string]string{
			report.SectionSummary: pick(
				"Perioden präglades av arbetet i Centrum. Antalet våldshändelser i de prioriterade områdena är något lägre än samma period i fjol, men skillnaden mot övriga områden ligger inom slumpens ramar.\n\nKamerorna vid resecentrum är försenade; se avsnittet om det som inte blev gjort.",
				"The period was marked by the work in Centrum. Violent incidents in the priority districts are slightly fewer than in the same period last year, but the difference against the other districts is within chance.\n\nThe cameras at the travel centre are delayed; see the section on what was not done."),
			report.FocusSectionKey("violence"): pick(
				"Polisen har haft fotpatrull i Centrum varje fredag och lördag.\nTvå tillfällen ställdes in på grund av händelser på annan ort.",
				"The police patrolled Centrum on foot every Friday and Saturday.\nTwo evenings were cancelled because of incidents elsewhere."),
			report.SectionNotDone: pick(
				"Dialogmötet på Norr ersätts av skoldialoger i april–maj. <b>Ingen</b> åtgärd har strukits utan ersättning & allt redovisas här.",
				"The dialogue meeting in Norr is replaced by school dialogues in April–May. <b>No</b> measure was dropped without a replacement & all is reported here."),
		},
		OtherLanguageURL: pick("/katrineholm/uppfoljning/2023-T1?lang=en", "/katrineholm/uppfoljning/2023-T1?lang=sv"),
		PDFURL:           "/katrineholm/uppfoljning/2023-T1.pdf",
	}
	return r
}
