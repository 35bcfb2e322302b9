package report

import (
	"strings"
	"testing"
	"time"
)

func TestCountParse(t *testing.T) {
	for _, c := range []struct {
		in   Count
		kind countKind
		v    float64
		bad  bool
	}{
		{"", countNone, 0, false},
		{"–", countNone, 0, false},
		{"37", countExact, 37, false},
		{"12,5", countExact, 12.5, false},
		{"12.5", countExact, 12.5, false},
		{"1 234", countExact, 1234, false},
		{"1\u00a0234", countExact, 1234, false},
		{"≥ 12", countLower, 12, false},
		{"≥12", countLower, 12, false},
		{">= 12", countLower, 12, false},
		{"<5", countHidden, 5, false},
		{"< 10", countHidden, 10, false},
		{"fem", 0, 0, true},
		{"-3", 0, 0, true},
		{"NaN", 0, 0, true},
		{"Inf", 0, 0, true},
		{"1e3", 0, 0, true},
		{"≥", 0, 0, true},
		{"12,", 0, 0, true},
		{"0x10", 0, 0, true},
	} {
		p, err := c.in.parse()
		if c.bad {
			if err == nil {
				t.Errorf("%q: no error", c.in)
			}
			continue
		}
		if err != nil || p.kind != c.kind || p.v != c.v {
			t.Errorf("%q = %+v, %v; want kind %d, %v", c.in, p, err, c.kind, c.v)
		}
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    float64
		dec  int
		want string
	}{
		{"sv", 0, 0, "0"},
		{"sv", 12.5, 1, "12,5"},
		{"en", 12.5, 1, "12.5"},
		{"sv", 1057.5, 1, "1\u00a0057,5"},
		{"en", 1057.5, 1, "1,057.5"},
		{"sv", 1234567, 0, "1\u00a0234\u00a0567"},
		{"sv", -0.8, 1, "−0,8"},
		{"sv", -0.04, 1, "0,0"}, // no "−0,0"
		{"sv", 999.96, 1, "1\u00a0000,0"},
	} {
		if got := num(c.lang, c.v, c.dec); got != c.want {
			t.Errorf("num(%s, %v, %d) = %q, want %q", c.lang, c.v, c.dec, got, c.want)
		}
	}
	if got := signed("sv", 7.6, 1); got != "+7,6" {
		t.Errorf("signed = %q", got)
	}
	if got := signed("sv", 0, 1); got != "0,0" {
		t.Errorf("signed(0) = %q", got)
	}
	if got := percent("sv", 0.528, 0); got != "53\u00a0%" {
		t.Errorf("percent sv = %q", got)
	}
	if got := percent("en", 0.528, 0); got != "53%" {
		t.Errorf("percent en = %q", got)
	}
}

func TestDates(t *testing.T) {
	from, to := time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	if got := dateRange("sv", from, to); got != "1 september–31 december 2023" {
		t.Errorf("sv: %q", got)
	}
	if got := dateRange("en", from, time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)); got != "1 September 2023 – 31 January 2024" {
		t.Errorf("en: %q", got)
	}
	// A period given in Stockholm time keeps its calendar day.
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	if got := calendar(time.Date(2023, 5, 1, 0, 0, 0, 0, sthlm)); got.Day() != 1 || got.Month() != 5 {
		t.Errorf("calendar = %v", got)
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct{ max, min, top, step float64 }{
		{41, 1, 50, 10},
		{0, 1, 1, 1},
		{3, 1, 3, 1},
		{412, 1, 500, 100},
		{38, 5, 40, 10},
		{7, 1, 8, 2},
	} {
		top, step := niceScale(c.max, c.min)
		if top != c.top || step != c.step {
			t.Errorf("niceScale(%v) = %v, %v; want %v, %v", c.max, top, step, c.top, c.step)
		}
	}
}

// TestBarChartSmallNumbers: a hidden count gets no bar, a lower bound a
// bar to the bound, and both keep their text.
func TestBarChartSmallNumbers(t *testing.T) {
	c := barChart("c", "t", "d", "sv", []string{"a", "b"}, []barRow{{Label: "X", Values: []Count{"<5", "≥ 20"}}}, "")
	if len(c.Rects) != 3 { // two legend boxes and one bar
		t.Fatalf("%d rects, want 3", len(c.Rects))
	}
	bar := c.Rects[2]
	if !bar.Hatch || bar.W != plotRight-plotLeft {
		t.Errorf("lower bound bar = %+v", bar)
	}
	var texts []string
	for _, s := range c.Texts {
		texts = append(texts, s.S)
	}
	if got := strings.Join(texts, "|"); !strings.Contains(got, "<5|≥ 20") {
		t.Errorf("texts = %s", got)
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs("Ett\r\ntvå\n \nTre\n\n\n")
	if len(got) != 2 || len(got[0]) != 2 || got[0][1] != "två" || got[1][0] != "Tre" {
		t.Errorf("paragraphs = %q", got)
	}
	if paragraphs("  \n\n ") != nil {
		t.Error("blank commentary gives paragraphs")
	}
}

func TestMessages(t *testing.T) {
	for k, m := range messages {
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("message %q lacks a language", k)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("message %q: the languages take different arguments", k)
		}
	}
}
