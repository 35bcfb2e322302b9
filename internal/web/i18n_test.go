package web

import (
	"maps"
	"slices"
	"testing"
)

func TestCatalogsHaveSameKeys(t *testing.T) {
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	sv, en := slices.Sorted(maps.Keys(c["sv"])), slices.Sorted(maps.Keys(c["en"]))
	for _, k := range sv {
		if _, ok := c["en"][k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
	for _, k := range en {
		if _, ok := c["sv"][k]; !ok {
			t.Errorf("sv lacks %q", k)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{{"sv", 34238, "34\u00a0238"}, {"en", 34238, "34,238"}, {"sv", 0, "0"}, {"en", -1234567, "−1,234,567"}, {"en", 999, "999"}} {
		if got := formatNumber(tt.lang, tt.n); got != tt.want {
			t.Errorf("formatNumber(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
