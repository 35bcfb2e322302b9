package bra

import (
	_ "embed"
	"encoding/csv"
	"strings"
)

// kommunerCSV is the 290 kommuner (code,name) as in SCB's 2024 population
// table; testdata/municipality_population_2024.csv is the source and a test
// keeps the two in step. The division has been stable since Knivsta (2003)
// and Heby's move to Uppsala län (2007, code 1917 → 0331).
//
//go:embed kommuner.csv
var kommunerCSV string

type kommun struct{ code, name string }

var (
	kommuner []kommun
	byKey    map[string]kommun // key: lower-case official name
)

func init() {
	recs, err := csv.NewReader(strings.NewReader(kommunerCSV)).ReadAll()
	if err != nil || len(recs) < 2 {
		panic("bra: bad embedded kommuner.csv") // a build defect, caught by any test
	}
	byKey = make(map[string]kommun, len(recs)-1)
	for _, r := range recs[1:] {
		k := kommun{code: r[0], name: r[1]}
		kommuner = append(kommuner, k)
		byKey[strings.ToLower(k.name)] = k
	}
}

// KommunNames returns the official names of Sweden's 290 kommuner, sorted
// by kommun code.
func KommunNames() []string {
	names := make([]string, len(kommuner))
	for i, k := range kommuner {
		names[i] = k.name
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
func lookupKommun(s string) (kommun, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(decomposed.Replace(s)), " "))
	if k, ok := byKey[key]; ok {
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
	if k, ok := byKey[key]; ok {
		return k, true
	}
	if key == "falu" { // the one irregular genitive: Falu kommun is Falun
		return byKey["falun"], true
	}
	if rest, ok := strings.CutSuffix(key, "s"); ok {
		k, ok := byKey[rest]
		return k, ok
	}
	return kommun{}, false
}

// isNational reports whether s is the national-total label.
func isNational(s string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(s), " "), nationalName)
}

// KommunName returns the official name of the kommun with the four-digit
// SCB code.
func KommunName(code string) (string, bool) {
	for _, k := range kommuner {
		if k.code == code {
			return k.name, true
		}
	}
	return "", false
}
