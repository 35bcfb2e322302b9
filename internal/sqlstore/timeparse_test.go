package sqlstore

import (
	"testing"
	"time"
)

func TestParseSQLiteTime(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2023-02-15 22:10:00+00:00":           time.Date(2023, 2, 15, 22, 10, 0, 0, time.UTC),
		"2024-02-29 00:00:59+00:00":           time.Date(2024, 2, 29, 0, 0, 59, 0, time.UTC),
		"2023-02-15 22:10:00.123456789+00:00": time.Date(2023, 2, 15, 22, 10, 0, 123456789, time.UTC),
		"2023-02-15 23:10:00+01:00":           time.Date(2023, 2, 15, 22, 10, 0, 0, time.UTC),
	} {
		got, err := parseSQLiteTime([]byte(in))
		if err != nil || !got.Equal(want) {
			t.Errorf("%s = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2023-02-31 10:00:00+00:00", "2023-13-01 10:00:00+00:00", "2023-02-15 24:00:00+00:00", "2023-02-1x 10:00:00+00:00", "yesterday"} {
		if got, err := parseSQLiteTime([]byte(in)); err == nil {
			t.Errorf("%q = %v, want an error", in, got)
		}
	}
}

// FuzzParseSQLiteTime: the digit-by-digit path agrees with time.Parse.
func FuzzParseSQLiteTime(f *testing.F) {
	f.Add("2023-02-15 22:10:00+00:00")
	f.Add("2023-02-30 22:10:00+00:00")
	f.Add("0000-01-01 00:00:00+00:00")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseSQLiteTime([]byte(s))
		want, werr := time.Parse(sqliteTimeLayout, s)
		if (err == nil) != (werr == nil) || (err == nil && !got.Equal(want)) {
			t.Errorf("%q: %v, %v; time.Parse says %v, %v", s, got, err, want, werr)
		}
	})
}
