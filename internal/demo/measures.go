package demo

import (
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// demoMeasures are examples of what the promise's commitment led to:
// patrols, lighting, vegetation, cameras and youth work in the priority
// districts. They are synthetic, and marked so.
func demoMeasures() []*app.Measure {
	d := func(y int, m time.Month, day int) *app.Date { v := app.NewDate(y, m, day); return &v }
	return []*app.Measure{
		{Type: "patrol", Horizon: app.HorizonShort, OwnerParty: app.PartyPolis, Unit: "Lokalpolisområde Katrineholm",
			Title: "Patrullering till fots i Centrum fredag och lördag kväll", DistrictKey: "centrum",
			PlannedStart: d(2022, 2, 1), PlannedEnd: d(2023, 12, 31), ActualStart: d(2022, 2, 4),
			Status: app.MeasureStarted, Progress: 80, ProblemFocusArea: "violence"},
		{Type: "lighting", Horizon: app.HorizonLong, OwnerParty: app.PartyKommun, Unit: "Samhällsbyggnadsförvaltningen",
			Title: "Ny belysning i gångtunneln vid Nävertorp", DistrictKey: "navertorp",
			PlannedStart: d(2022, 4, 1), PlannedEnd: d(2022, 10, 31), ActualStart: d(2022, 5, 2), ActualEnd: d(2022, 9, 30),
			Status: app.MeasureDone, Progress: 100, ProblemRef: "Trygghetsvandring i Nävertorp, mars 2022: mörk gångtunnel"},
		{Type: "vegetation", Horizon: app.HorizonShort, OwnerParty: "property_owner", Unit: "Bostadsbolaget",
			Title: "Röjning av buskage längs gångvägen i Norr", DistrictKey: "norr",
			PlannedStart: d(2022, 5, 1), PlannedEnd: d(2022, 6, 30), ActualStart: d(2022, 5, 16), ActualEnd: d(2022, 6, 10),
			Status: app.MeasureDone, Progress: 100, ProblemRef: "EST-rapporter om skymd sikt, våren 2022"},
		{Type: "camera", Horizon: app.HorizonLong, OwnerParty: app.PartyJoint, Unit: "Kommunen och polisen",
			Title: "Kamerabevakning vid resecentrum", DistrictKey: "centrum",
			PlannedStart: d(2022, 9, 1), PlannedEnd: d(2023, 6, 30), ActualStart: d(2023, 1, 15),
			Status: app.MeasureStarted, Progress: 60, ProblemFocusArea: "violence",
			Camera: &app.CameraAssessment{Assessed: d(2022, 11, 8), Decision: "Kamerabevakning av resecentrums entré och perrong kvällar och nätter; integritetsintresset vägs mot återkommande våld",
				Document: "KS/2022:417 (påhittat)", View: "Entrén och perrong 1, inte bostäder", Review: d(2024, 1, 15)},
			Milestones: []app.Milestone{{Date: *d(2022, 11, 8), Text: "Intresseavvägning beslutad", Done: true},
				{Date: *d(2023, 1, 15), Text: "Kamerorna i drift", Done: true}, {Date: *d(2024, 1, 15), Text: "Omprövning"}}},
		{Type: "youth_activity", Horizon: app.HorizonLong, OwnerParty: app.PartyKommun, Unit: "Fritidsförvaltningen",
			Title: "Fältassistenter och öppen verksamhet i Nävertorp kvällstid", DistrictKey: "navertorp",
			PlannedStart: d(2022, 8, 15), PlannedEnd: d(2023, 12, 31), ActualStart: d(2022, 8, 22),
			Status: app.MeasureStarted, Progress: 50, ProblemFocusArea: "youth_crime"},
		{Type: "supervision", Horizon: app.HorizonShort, OwnerParty: app.PartyKommun, Unit: "Alkohol- och tobakstillsyn",
			Title:       "Samordnad tillsyn av serveringsställen i Centrum",
			DistrictKey: "centrum", PlannedStart: d(2023, 9, 1), PlannedEnd: d(2023, 11, 30),
			Status: app.MeasurePlanned, ProblemFocusArea: "drugs"},
		{Type: "dialogue", Horizon: app.HorizonShort, OwnerParty: app.PartyJoint, Unit: "Kommunen och polisen",
			Title: "Dialogmöte med unga på Norr", DistrictKey: "norr", PlannedStart: d(2022, 11, 1), PlannedEnd: d(2022, 11, 30),
			Status: app.MeasureCancelled, StatusReason: "Flyttat till vårens skoldialoger", ProblemFocusArea: "youth_crime"},
	}
}
