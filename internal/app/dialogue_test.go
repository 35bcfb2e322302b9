package app

import (
	"testing"
	"time"
)

func TestDialogueWindow(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Skip(err)
	}
	for _, tt := range []struct {
		name      string
		day       Date
		afterDark bool
		from, to  time.Time
	}{
		{"winter day", NewDate(2023, 1, 10), false, time.Date(2023, 1, 9, 23, 0, 0, 0, time.UTC), time.Date(2023, 1, 10, 23, 0, 0, 0, time.UTC)},
		{"winter evening", NewDate(2023, 1, 10), true, time.Date(2023, 1, 10, 17, 0, 0, 0, time.UTC), time.Date(2023, 1, 11, 5, 0, 0, 0, time.UTC)},
		{"summer evening", NewDate(2023, 6, 10), true, time.Date(2023, 6, 10, 16, 0, 0, 0, time.UTC), time.Date(2023, 6, 11, 4, 0, 0, 0, time.UTC)},
		{"night of the clock change", NewDate(2023, 3, 25), true, time.Date(2023, 3, 25, 17, 0, 0, 0, time.UTC), time.Date(2023, 3, 26, 4, 0, 0, 0, time.UTC)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			from, to := DialoguePlace{AfterDark: tt.afterDark}.Window(tt.day, loc)
			if !from.Equal(tt.from) || !to.Equal(tt.to) {
				t.Errorf("Window = %v – %v, want %v – %v", from, to, tt.from, tt.to)
			}
		})
	}
}

func TestDialoguePlaceCategory(t *testing.T) {
	d := &Dialogue{}
	for _, tt := range []struct {
		themes []string
		place  string
		want   string
	}{
		{[]string{"gathering", "drug_dealing"}, "violence", "violence"},
		{[]string{"gathering", "drug_dealing"}, "", "gathering"},
		{nil, "", "other"},
	} {
		d.Themes = tt.themes
		if got := d.PlaceCategory(DialoguePlace{Theme: tt.place}); got != tt.want {
			t.Errorf("PlaceCategory(%v, %q) = %q, want %q", tt.themes, tt.place, got, tt.want)
		}
	}
}
