package gazetteer

import "strings"

// KatrineholmDefault returns the demo gazetteer of Katrineholm: entries and
// exclusions for New.
//
// It is a demo for the tenant to edit, not a survey. Most names are seen in
// real police notices about the town (testdata); the rest are well known
// (Stortorget, Nävertorpsskolan, Duveholm) or the compass districts of the
// demo (Väster, Söder). Districts are approximate, like the demo district
// polygons: a place whose district is unclear goes to "ovriga" (the rest of
// the town) rather than to a guess, and streets that cross districts are
// left out. Villages outside the town (Valla, Strångsjö, Forssjö) are left
// out too: an event there is kommun-wide.
func KatrineholmDefault() (entries []Entry, exclusions []string) {
	entries = []Entry{
		{Name: "Centrum", District: "centrum", Variants: []string{"centrala Katrineholm", "Katrineholms centrum"}},
		{Name: "Stortorget", District: "centrum"},
		{Name: "Drottninggatan", District: "centrum"},
		{Name: "Resecentrum", District: "centrum", Variants: []string{"resecentrumet"}},
		{Name: "Järnvägsstationen", District: "centrum", Variants: []string{"järnvägsstation", "Katrineholm central", "Katrineholms central"}},
		// "Sandviksskolan i centrala Katrineholm" (notice 466968).
		{Name: "Sandviksskolan", District: "centrum"},

		{Name: "Norr", District: "norr", Variants: []string{"norra Katrineholm", "norra delen av Katrineholm", "norra delarna av Katrineholm"}},
		// "stadsdelen Gersnäs i norra Katrineholm" (notice 527484).
		{Name: "Gersnäs", District: "norr"},

		{Name: "Nävertorp", District: "navertorp", Variants: []string{"Nävertorps"}},
		{Name: "Nävertorpsskolan", District: "navertorp"},

		{Name: "Öster", District: "oster", Variants: []string{"östra Katrineholm", "östra delen av Katrineholm", "östra delarna av Katrineholm"}},
		{Name: "Väster", District: "vaster", Variants: []string{"västra Katrineholm", "västra delen av Katrineholm", "västra delarna av Katrineholm"}},
		// "Vingåkersvägen i västra delarna av Katrineholm" (notice 536504).
		{Name: "Vingåkersvägen", District: "vaster"},
		{Name: "Söder", District: "soder", Variants: []string{"södra Katrineholm", "södra delen av Katrineholm", "södra delarna av Katrineholm"}},

		{Name: "Sandbäcken", District: "sandbacken", Variants: []string{"Sandbäckens"}},

		{Name: "Lasstorp", District: "ovriga"},
		{Name: "Djulö", District: "ovriga"},
		{Name: "Stohagen", District: "ovriga"},
		{Name: "Lövåsen", District: "ovriga"},
		{Name: "Skogsborg", District: "ovriga"},
		{Name: "Järvenskolan", District: "ovriga"},
		{Name: "Duveholm", District: "ovriga", Variants: []string{"Duveholmsgymnasiet"}},
	}
	exclusions = []string{
		// Directions, not districts: "riksväg 55 norr om Katrineholm".
		"norr om", "söder om", "väster om", "öster om",
		// Word boundaries already keep "Söder" out of these; listed so that
		// no variant a tenant adds can ever read the county as a district.
		"Södermanland", "Södermanlands län",
		// A logistics area outside the town (notice 639894).
		"Logistik Centrum",
	}
	return entries, append(exclusions, elsewhere(entries, neighbours)...)
}

// neighbours are the towns that share the county summaries ("Sammanfattning
// natt") with Katrineholm and have a centrum, a resecentrum, an Öster or a
// Drottninggatan of their own.
var neighbours = []string{
	"Eskilstuna", "Nyköping", "Strängnäs", "Flen", "Gnesta", "Trosa", "Oxelösund",
	"Vingåker", "Torshälla", "Mariefred", "Malmköping", "Norrköping",
}

// elsewhere returns exclusions for names that the notices place in another
// town: "området Öster i Eskilstuna", "Drottninggatan, Nyköping",
// "Nyköpings centrum".
func elsewhere(entries []Entry, towns []string) []string {
	var out []string
	for _, t := range towns {
		out = append(out, t+" centrum")
		if !strings.HasSuffix(t, "s") {
			out = append(out, t+"s centrum")
		}
		for _, e := range entries {
			for _, n := range append([]string{e.Name}, e.Variants...) {
				if strings.Contains(n, "Katrineholm") {
					continue
				}
				out = append(out, n+" i "+t, n+", "+t)
			}
		}
	}
	return out
}
