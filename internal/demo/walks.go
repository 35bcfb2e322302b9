package demo

import (
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// demoWalks are two synthetic safety walks after dark in the priority
// districts, with findings decided three ways: one became the demo's
// lighting measure, one will not be done (with the reason), the rest wait
// for a decision — so that the walk and protocol pages show each case.
func demoWalks() []app.DemoWalk {
	return []app.DemoWalk{
		{Walk: app.Walk{Date: app.NewDate(2022, time.March, 17), AfterDark: true, DistrictKey: "navertorp", Synthetic: true,
			Participants: map[string]int{"residents": 14, "kommun": 3, "polis": 2, "property_owner": 1},
			Note:         "[Syntetisk demo] Kvällsvandring med boende, kommunen, polisen och bostadsbolaget."},
			Findings: []app.DemoFinding{
				{Finding: app.Finding{Problem: "lighting", Place: "Gångtunneln vid Nävertorp",
					Description: "Tunneln är helt mörk på kvällen; flera säger att de hellre går runt.",
					ProposedFix: "Ny belysning i tunneln och vid båda mynningarna", Unit: "Samhällsbyggnadsförvaltningen"},
					MeasureTitle: "Ny belysning i gångtunneln vid Nävertorp"},
				{Finding: app.Finding{Problem: "vegetation", Place: "Gångvägen mot centrum bakom förskolan",
					Description: "Höga buskar skymmer sikten längs gångvägen.",
					ProposedFix: "Röj buskaget ned till en halv meter", Unit: "Bostadsbolaget"}},
				{Finding: app.Finding{Problem: "littering", Place: "Återvinningsstationen",
					Description: "Skräp runt behållarna och en trasig lampa.",
					ProposedFix: "Tätare tömning och ny lampa", Unit: "Renhållningen",
					Decision: app.FindingWillNot, Reason: "Stationen flyttas hösten 2022; tömningen ändras inte före dess."}},
			}},
		{Walk: app.Walk{Date: app.NewDate(2022, time.October, 13), AfterDark: true, DistrictKey: "centrum", Synthetic: true,
			Participants: map[string]int{"residents": 9, "kommun": 2, "polis": 2, "youth": 4},
			Note:         "[Syntetisk demo] Vandring med boende och ungdomar från fritidsgården."},
			Findings: []app.DemoFinding{
				{Finding: app.Finding{Problem: "lighting", Place: "Parkeringen vid resecentrum",
					Description: "Mörka hörn mellan bilarna och en trasig armatur.",
					ProposedFix: "Byt armaturen och sätt två nya stolpar", Unit: "Samhällsbyggnadsförvaltningen"}},
				{Finding: app.Finding{Problem: "vandalism", Place: "En busskur i centrum",
					Description: "Krossat glas sedan flera veckor.",
					ProposedFix: "Byt glaset och polisanmäl skadegörelsen", Unit: "Gatuenheten"}},
			}},
	}
}
