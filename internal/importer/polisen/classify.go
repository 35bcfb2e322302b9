package polisen

import "strings"

// Focus areas of the local safety work that a police type can feed.
const (
	FocusViolence = "violence"
	FocusDrugs    = "drugs"
	// FocusYouthCrime is never set by type: youth crime is about the
	// offender's age, which the type cannot tell. It needs the text ("en
	// man i 15-årsåldern", "ungdomar") or other sources.
	FocusYouthCrime = "youth_crime"
)

// Class is what a police type means for the analysis: a short English
// category key and the focus area it feeds ("" for none).
type Class struct{ Category, FocusArea string }

// classTable lists every type seen 2022-09 → 2026-08 (97 values, see
// testdata/event_types_observed.tsv). Decisions worth knowing:
//   - violence: assault, robbery (every variant), threats (also bomb
//     threats), homicide, shootings, violence against officials (also
//     "Sabotage mot blåljusverksamhet", mostly attacks on emergency crews),
//     rape and "Sexualbrott", kidnapping, "Bråk" (fights), and "Explosion"/
//     "Detonation" (in these notices mostly attacks on homes and doors).
//   - not violence: "Knivlagen" and "Vapenlagen" (carrying, found in police
//     stops: they measure police activity as much as risk), "Mordbrand"
//     (arson), "Sedlighetsbrott", alarms ("Larm Överfall" is an alarm, not
//     an assault).
//   - drugs: "Narkotikabrott" only. "Rattfylleri" (alcohol or drugs at the
//     wheel) is traffic.
var classTable = []struct {
	category, focus, types string // types separated by "|"
}{
	{"assault", FocusViolence, "Misshandel|Misshandel, grov|Bråk"},
	{"robbery", FocusViolence, "Rån|Rån, försök|Rån övrigt|Rån väpnat"},
	{"threat", FocusViolence, "Olaga hot|Bombhot"},
	{"homicide", FocusViolence, "Mord/dråp|Mord/dråp, försök"},
	{"shooting", FocusViolence, "Skottlossning|Skottlossning, misstänkt"},
	{"explosion", FocusViolence, "Explosion|Detonation"},
	{"violence_official", FocusViolence, "Våld/hot mot tjänsteman|Sabotage mot blåljusverksamhet"},
	{"sexual", FocusViolence, "Våldtäkt|Våldtäkt, försök|Sexualbrott"},
	{"kidnapping", FocusViolence, "Olaga frihetsberövande/människorov"},
	{"sexual", "", "Sedlighetsbrott"},
	{"weapons", "", "Knivlagen|Vapenlagen"},
	{"drugs", FocusDrugs, "Narkotikabrott"},
	{"burglary", "", "Inbrott|Inbrott, försök|Stöld/inbrott"},
	{"theft", "", "Stöld|Stöld, försök|Motorfordon, stöld|Motorfordon, anträffat stulet|Häleri"},
	{"fraud", "", "Bedrägeri|Åldringsbrott|Förfalskningsbrott|Missbruk av urkund|Ekobrott"},
	{"vandalism", "", "Skadegörelse"},
	{"trespass", "", "Olaga intrång|Hemfridsbrott"},
	{"fire", "", "Brand|Mordbrand"},
	{"traffic", "", "Trafikolycka|Trafikolycka, personskada|Trafikolycka, vilt|Trafikolycka, singel|" +
		"Trafikolycka, smitning från|Trafikbrott|Trafikkontroll|Trafikhinder|Rattfylleri|Olovlig körning|Sjölagen"},
	{"disorder", "", "Fylleri/LOB|Fylleri|Ofredande/förargelse|Ordningslagen|Smällar|Alkohollagen"},
	{"accident", "", "Arbetsplatsolycka|Fjällräddning|Räddningsinsats|Sjukdom/olycksfall|Vållande till kroppsskada|Spridning smitta/kemikalier"},
	{"alarm", "", "Larm Överfall|Larm Inbrott|Brand automatlarm|Varningslarm/haveri"},
	{"police_activity", "", "Kontroll|Kontroll person/fordon|Polisinsats/kommendering"},
	{"summary", "", "Sammanfattning natt|Sammanfattning kväll och natt|Sammanfattning dag|Sammanfattning kväll|" +
		"Sammanfattning eftermiddag|Sammanfattning helg|Sammanfattning dygn|Sammanfattning vecka"},
	{"info", "", "Information|Uppdatering"},
	{"other", "", "Övrigt|Försvunnen person|Farligt föremål, misstänkt|Djur|Anträffad död|Anträffat gods|" +
		"Efterlyst person|Skyddslagen|Miljöbrott|Luftfartslagen|Utlänningslagen|Hets mot folkgrupp|" +
		"Lagen om hundar och katter|Upphittat föremål"},
}

// DefaultClasses returns a fresh map from normalised type (NormType) to
// class for all observed police types. Callers may add or override entries.
func DefaultClasses() map[string]Class {
	m := make(map[string]Class, 100)
	for _, row := range classTable {
		for _, t := range strings.Split(row.types, "|") {
			m[NormType(t)] = Class{row.category, row.focus}
		}
	}
	return m
}

// Classify looks up a type as the API writes it. Unknown types return
// Class{Category: "other"} and false: keep them and list them in the
// import summary so that classes can be added.
func Classify(typ string, classes map[string]Class) (Class, bool) {
	c, ok := classes[NormType(typ)]
	if !ok {
		return Class{Category: "other"}, false
	}
	return c, true
}

// decomposed turns the combining forms of å, ä, ö (NFD text) into the
// precomposed letters, and commas into spaces.
var decomposed = strings.NewReplacer(
	"a\u030a", "å", "a\u0308", "ä", "o\u0308", "ö", "A\u030a", "Å", "A\u0308", "Ä", "O\u0308", "Ö", ",", " ",
)

// NormType is the matching key of a type: lower case, commas dropped,
// spaces collapsed and trimmed (also around "/"), å/ä/ö precomposed. "Rån, övrigt",
// "Rån övrigt" and " rån  övrigt " are one key.
func NormType(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(decomposed.Replace(s))), " ")
	return strings.ReplaceAll(strings.ReplaceAll(s, " /", "/"), "/ ", "/") // "Våld / hot"
}
