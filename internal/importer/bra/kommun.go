package bra

import (
	"strings"

	"github.com/trygg-se/trygg/internal/kommun"
)

// KommunNames returns the official names of Sweden's 290 kommuner, sorted
// by kommun code.
func KommunNames() []string {
	var names []string
	for _, k := range kommun.All() {
		names = append(names, k.Name)
	}
	return names
}

// nationalName is Brå's label for the national total.
const nationalName = "Hela landet"

// decomposed turns NFD å/ä/ö (as some Mac exports write them) into the NFC
// form the name table uses; a full normaliser is not worth a dependency here.
var decomposed = strings.NewReplacer(
	"a\u030a", "å", "a\u0308", "ä", "o\u0308", "ö",
	"A\u030a", "Å", "A\u0308", "Ä", "O\u0308", "Ö",
)

// lookupKommun maps a name as Brå writes it to the official kommun.
// "Katrineholms kommun", "Stockholms stad", "Region Gotland", "Falu kommun"
// and "KATRINEHOLM" all resolve; "Borås kommun" stays Borås because the
// genitive -s is only dropped when the name without it is a kommun.
func lookupKommun(s string) (kommun.Kommun, bool) {
	key := kommun.Key(decomposed.Replace(s))
	if k, ok := kommun.ByName(key); ok {
		return k, true
	}
	if rest, ok := strings.CutPrefix(key, "region "); ok {
		key = rest // Region Gotland: Gotland is a kommun with regional tasks
	}
	for _, suffix := range []string{" kommun", " stad"} {
		if rest, ok := strings.CutSuffix(key, suffix); ok {
			key = rest
			break
		}
	}
	if k, ok := kommun.ByName(key); ok {
		return k, true
	}
	if key == "falu" { // the one irregular genitive: Falu kommun is Falun
		return kommun.ByName("falun")
	}
	if rest, ok := strings.CutSuffix(key, "s"); ok {
		return kommun.ByName(rest)
	}
	return kommun.Kommun{}, false
}

// isNational reports whether s is the national-total label.
func isNational(s string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(s), " "), nationalName)
}
