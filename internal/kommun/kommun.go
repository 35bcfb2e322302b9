// Package kommun is the list of Sweden's 290 kommuner with their SCB codes,
// shared by everything that has to recognise a kommun by name or code
// (Brå statistics, police notices, tenants).
package kommun

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

// Kommun is one kommun.
type Kommun struct{ Code, Name string }

var (
	all    []Kommun
	byName map[string]Kommun // key: Key(name)
	byCode map[string]Kommun
)

func init() {
	recs, err := csv.NewReader(strings.NewReader(kommunerCSV)).ReadAll()
	if err != nil || len(recs) < 2 {
		panic("kommun: bad embedded kommuner.csv") // a build defect, caught by any test
	}
	byName, byCode = map[string]Kommun{}, map[string]Kommun{}
	for _, r := range recs[1:] {
		k := Kommun{Code: r[0], Name: r[1]}
		all = append(all, k)
		byName[Key(k.Name)], byCode[k.Code] = k, k
	}
}

// All returns the kommuner sorted by code (a copy).
func All() []Kommun { return append([]Kommun(nil), all...) }

// ByCode returns the kommun with the four-digit SCB code.
func ByCode(code string) (Kommun, bool) {
	k, ok := byCode[code]
	return k, ok
}

// ByName returns the kommun with the official name, ignoring case and
// runs of white space ("Upplands väsby" is Upplands Väsby).
func ByName(name string) (Kommun, bool) {
	k, ok := byName[Key(name)]
	return k, ok
}

// Key is the form names are compared in.
func Key(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }
