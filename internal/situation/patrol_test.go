package situation_test

import (
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/situation"
)

func TestPatrols(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2023, 2, 10, h, 0, 0, 0, time.UTC) }
	// Dark from 17:00: a 16–19 patrol is two thirds dark.
	dark := func(from, to time.Time) (float64, error) {
		var d time.Duration
		for t := from; t.Before(to); t = t.Add(time.Minute) {
			if t.Hour() >= 17 {
				d += time.Minute
			}
		}
		return d.Hours() / to.Sub(from).Hours(), nil
	}
	got, err := situation.Patrols([]situation.PatrolSpan{
		{From: at(16), To: at(19), Districts: []string{"centrum"}},
		{From: at(18), To: at(20), Districts: []string{"centrum", "norr"}}, // one hour each, all dark
		{From: at(20), To: at(19), Districts: []string{"norr"}},            // ends before it starts: left out
	}, dark)
	if err != nil {
		t.Fatal(err)
	}
	want := []situation.PatrolHours{{District: "centrum", Hours: 4, DarkHours: 3, Patrols: 2}, {District: "norr", Hours: 1, DarkHours: 1, Patrols: 1}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
