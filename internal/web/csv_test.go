package web

import "testing"

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"plain":          "plain",
		"=1+1":           "'=1+1",
		"+46701234567":   "'+46701234567",
		"-2":             "'-2",
		"@SUM(A1)":       "'@SUM(A1)",
		"{\"a\":\"=x\"}": "{\"a\":\"=x\"}",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
