package csvin

import (
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo
)

func stockholm(t testing.TB) *zone {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return newZone(loc)
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestParseStampAndWindow(t *testing.T) {
	z := stockholm(t)
	for _, tt := range []struct {
		in       string
		from, to string // RFC 3339 UTC; to "" means an instant; from "" means an error
	}{
		{"2023-02-15 22:10", "2023-02-15T21:10:00Z", ""},
		{"2023-02-15T22:10:00", "2023-02-15T21:10:00Z", ""},
		{"2023-02-15 22:10:00", "2023-02-15T21:10:00Z", ""},
		{"2023-02-15 22.10", "2023-02-15T21:10:00Z", ""},
		{"2023-2-5 7:05", "2023-02-05T06:05:00Z", ""},
		{"  2023-07-15 22:10  ", "2023-07-15T20:10:00Z", ""}, // summer time
		{"2023-02-15T22:10:00.250", "2023-02-15T21:10:00.25Z", ""},
		{"2023-02-15T22:10:00,5", "2023-02-15T21:10:00.5Z", ""},
		{"2023-02-15T22:10:00Z", "2023-02-15T22:10:00Z", ""},
		{"2023-02-15T22:10:00+01:00", "2023-02-15T21:10:00Z", ""},
		{"2023-02-15T22:10:00-0330", "2023-02-16T01:40:00Z", ""},
		{"2023-02-15 22:10:00 +02", "2023-02-15T20:10:00Z", ""},
		{"2025-06-07 7:32:06 +02:00", "2025-06-07T05:32:06Z", ""}, // as the police API writes it
		{"2023-02-15", "2023-02-14T23:00:00Z", "2023-02-15T23:00:00Z"},
		{"15/2/2023", "2023-02-14T23:00:00Z", "2023-02-15T23:00:00Z"},
		{"15.2.2023", "2023-02-14T23:00:00Z", "2023-02-15T23:00:00Z"},
		{"01.02.2023", "2023-01-31T23:00:00Z", "2023-02-01T23:00:00Z"}, // day first: 1 February
		{"15/2/2023 22:10", "2023-02-15T21:10:00Z", ""},
		{"29/2/2024", "2024-02-28T23:00:00Z", "2024-02-29T23:00:00Z"},
		// DST: the spring gap is read as the clock shows after the change,
		// the autumn overlap takes the first occurrence.
		{"2023-03-26 01:59", "2023-03-26T00:59:00Z", ""},
		{"2023-03-26 02:30", "2023-03-26T01:30:00Z", ""}, // = 03:30 CEST
		{"2023-03-26 03:30", "2023-03-26T01:30:00Z", ""},
		{"2023-10-29 01:59", "2023-10-28T23:59:00Z", ""},
		{"2023-10-29 02:30", "2023-10-29T00:30:00Z", ""}, // = 02:30 CEST, not CET
		{"2023-10-29 03:00", "2023-10-29T02:00:00Z", ""},
		{"2023-03-26", "2023-03-25T23:00:00Z", "2023-03-26T22:00:00Z"}, // a 23-hour day
		{"2023-10-29", "2023-10-28T22:00:00Z", "2023-10-29T23:00:00Z"}, // a 25-hour day

		{"31/2/2023", "", ""},
		{"2023-02-29", "", ""},
		{"2023-13-01", "", ""},
		{"2023-02-15 24:00", "", ""},
		{"2023-02-15 22:60", "", ""},
		{"2023-02-15 22:10:61", "", ""},
		{"2023-02-15 22", "", ""},
		{"2023-02-15 22:1", "", ""},
		{"2023-02-15T", "", ""},
		{"2023-02-15Z", "", ""},
		{"2023-02-15 22:10 CET", "", ""},
		{"2023-02-15 22:10+1", "", ""},
		{"2023-02-15 22:10+19:00", "", ""},
		{"2023-02-15 22.10.05,5", "", ""},
		{"2023-02-15 22:10:00.1234567890", "", ""},
		{"15/2/23", "", ""},
		{"15/2.2023", "", ""},
		{"2/15/2023", "", ""}, // US order is not guessed
		{"0001-01-01", "", ""},
		{"1899-12-30", "", ""},
		{"20230215", "", ""},
		{"igår kväll", "", ""},
		{"", "", ""},
	} {
		st, ok := parseStamp(tt.in)
		if tt.from == "" {
			if ok {
				t.Errorf("parseStamp(%q) = %+v, want an error", tt.in, st)
			}
			continue
		}
		if !ok {
			t.Errorf("parseStamp(%q) failed", tt.in)
			continue
		}
		wantTo := tt.to
		if wantTo == "" {
			wantTo = tt.from
		}
		from, to := z.window(st)
		if !from.Equal(utc(tt.from)) || !to.Equal(utc(wantTo)) || from.Location() != time.UTC || to.Location() != time.UTC {
			t.Errorf("%q: %v – %v, want %s – %s", tt.in, from, to, tt.from, wantTo)
		}
	}
}

// TestZoneAgainstTimeDate checks the hand-made conversion against the
// standard library for every half hour of 2023 except the two DST hours,
// where it decides differently on purpose (time.Date takes the second
// occurrence in autumn).
func TestZoneAgainstTimeDate(t *testing.T) {
	z := stockholm(t)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for wall := start; wall.Year() == 2023; wall = wall.Add(30 * time.Minute) {
		y, mo, d := wall.Date()
		h, mi, _ := wall.Clock()
		if mo == 3 && d == 26 && h == 2 || mo == 10 && d == 29 && h == 2 {
			continue
		}
		got := z.utc(y, int(mo), d, h, mi, 0, 0)
		want := time.Date(y, mo, d, h, mi, 0, 0, z.loc)
		if !got.Equal(want) {
			t.Fatalf("%s: %v, want %v", wall.Format("2006-01-02 15:04"), got, want.UTC())
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"58.9958", 58.9958, true},
		{"58,9958", 58.9958, true},
		{" -16,5 ", -16.5, true},
		{"+16", 16, true},
		{"6 541 233,99", 6541233.99, true},
		{"6\u00a0541\u00a0233", 6541233, true},
		{"568\u202f604.52", 568604.52, true},
		{"0", 0, true},
		{"6 54 233", 0, false},
		{"6541 233", 0, false},
		{"6 541 23", 0, false},
		{"6 541,2 3", 0, false},
		{"58,99,58", 0, false},
		{"58.99,58", 0, false},
		{",5", 0, false},
		{"5,", 0, false},
		{"-", 0, false},
		{"", 0, false},
		{"1e3", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"0x1p3", 0, false},
		{"1_000", 0, false},
		{"58°", 0, false},
		{"1234567890123456789012345678901234567890123456789012345678901234567890", 0, false},
	} {
		got, ok := parseNumber(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
