package kommun_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/trygg-se/trygg/internal/kommun"
)

func TestListMatchesSCB(t *testing.T) {
	f, err := os.Open("testdata/municipality_population_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	all := kommun.All()
	if got, want := len(all), len(recs)-1; got != want || got != 290 {
		t.Fatalf("%d kommuner, source has %d", got, want)
	}
	for i, r := range recs[1:] {
		if all[i].Code != r[0] || all[i].Name != r[1] {
			t.Errorf("kommun %d = %+v, want %s %s (regenerate kommuner.csv)", i, all[i], r[0], r[1])
		}
	}
	if k, ok := kommun.ByCode("0483"); !ok || k.Name != "Katrineholm" {
		t.Errorf("ByCode(0483) = %+v", k)
	}
	if k, ok := kommun.ByName(" upplands  VÄSBY "); !ok || k.Code != "0114" {
		t.Errorf("ByName = %+v %v", k, ok)
	}
	all[0].Name = "changed"
	if kommun.All()[0].Name == "changed" {
		t.Error("All returns the package's own slice")
	}
}
