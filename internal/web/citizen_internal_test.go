package web

import (
	"testing"
	"time"
)

// TestLastEvening: the citizen form's default date, with "evening", is
// never in the future, whatever the hour the form is opened.
func TestLastEvening(t *testing.T) {
	for _, c := range []struct{ now, want string }{
		{"2026-12-06T05:40:00Z", "2026-12-05"}, // 06:40 in Stockholm
		{"2026-12-06T16:59:00Z", "2026-12-05"}, // 17:59
		{"2026-12-06T17:00:00Z", "2026-12-06"}, // 18:00
		{"2026-12-06T23:30:00Z", "2026-12-06"}, // 00:30 on the 7th: the 6th's evening
		{"2026-06-15T16:30:00Z", "2026-06-15"}, // 18:30, summer time
		{"2026-06-15T15:30:00Z", "2026-06-14"}, // 17:30, summer time
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		if got := lastEvening(now); got != c.want {
			t.Errorf("lastEvening(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}
