package demo

import (
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// demoDialogues are two synthetic dialogues, in the second tertial of
// each year so that the adopted follow-ups list them: a youth dialogue
// that names places after dark, and a walk-and-talk in Norr.
func demoDialogues() []*app.Dialogue {
	return []*app.Dialogue{
		{Date: app.NewDate(2022, time.May, 18), Kind: app.DialogueYouth, Place: "Fritidsgården i Nävertorp", TargetGroup: "unga 13–19 år",
			Participants: map[string]int{"flickor": 11, "pojkar": 13}, Themes: []string{"gathering", "drug_dealing", "poor_lighting"},
			Summary:   "[Syntetisk demo] Ungdomarna tog upp gångtunneln och parkeringen bakom centrumhuset som otrygga efter mörkrets inbrott.",
			Synthetic: true,
			Places: []app.DialoguePlace{
				{DistrictKey: "navertorp", Description: "Gångtunneln", AfterDark: true, Theme: "poor_lighting"},
				{DistrictKey: "navertorp", Description: "Parkeringen bakom centrumhuset", AfterDark: true, Theme: "drug_dealing"},
			}},
		{Date: app.NewDate(2023, time.June, 7), Kind: app.DialogueWalkAndTalk, Place: "Norr, från skolan till idrottsplatsen",
			TargetGroup: "boende i Norr", Participants: map[string]int{"boende": 9, "kommunen": 2, "polisen": 1},
			Themes: []string{"vegetation", "traffic"}, Synthetic: true,
			Summary: "[Syntetisk demo] Buskarna längs gångvägen är röjda och uppskattade; mopedåkning på gångvägen kvällstid togs upp.",
			Places: []app.DialoguePlace{
				{DistrictKey: "norr", Description: "Gångvägen mot idrottsplatsen", AfterDark: true, Theme: "traffic"},
			}},
	}
}
