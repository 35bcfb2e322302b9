package survey

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// labelKey is how labels and codes are compared: NFC (a Mac export may
// write "ö" as o + U+0308), lower case, runs of white space as one space,
// and every dash as "-" ("16–29 år" is typed "16-29 år" as often as not).
func labelKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r >= '\u2010' && r <= '\u2015' || r == '\u2212':
			r = '-'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// nameKey is how column names and question codes are compared: lower case,
// letters and digits only, so that the LimeSurvey code "unsafeevening" (it
// allows no underscore) answers to the question code "unsafe_evening".
func nameKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// parseDecimal reads a plain decimal number with a decimal comma or point
// ("1,25", "1.25", "-0,5"). Grouping, exponents, NaN and Inf are refused.
func parseDecimal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return 0, false
	}
	b := []byte(s)
	digits, sep := 0, false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case (c == '+' || c == '-') && i == 0:
		case (c == ',' || c == '.') && !sep && digits > 0:
			sep, b[i] = true, '.'
		default:
			return 0, false
		}
	}
	if digits == 0 || b[len(b)-1] == '.' {
		return 0, false
	}
	x, err := strconv.ParseFloat(string(b), 64)
	return x, err == nil && !math.IsInf(x, 0)
}

// parseCount reads a whole number ≥ 0, digits optionally grouped by spaces
// ("1 234", also U+00A0 and U+202F).
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '\u00a0' || r == '\u202f':
		default:
			return 0, false
		}
	}
	if b.Len() == 0 || b.Len() > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(b.String())
	return n, err == nil
}

// timeLayouts are the submission times the tools write: LimeSurvey
// "2025-03-14 18:22:05" (server time), Kobo "2025-03-14T17:22:05" (UTC),
// ODK Central "2025-03-14T17:22:05.123Z". time.Parse accepts fractional
// seconds after the seconds even when a layout has none.
var timeLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339, true},
	{"2006-01-02 15:04:05Z07:00", true},
	{"2006-01-02T15:04:05Z0700", true},
	{"2006-01-02 15:04:05 Z07:00", true},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02 15:04", false},
	{"2006-01-02T15:04", false},
	{"2006-01-02", false},
}

// parseTime reads a submission time; one without an offset is wall-clock
// time in loc. The result is UTC.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, s)
		} else {
			t, err = time.ParseInLocation(l.layout, s, loc)
		}
		if err == nil {
			return t.UTC(), t.Year() >= 1990 && t.Year() <= 2100
		}
	}
	return time.Time{}, false
}

// excelTime reads an Excel serial date-time (days since 1899-12-30, or
// since 1904-01-01 in a workbook with the 1904 system) as wall-clock time
// in loc. Serials before 61 (1900-03-01) are refused: Excel counts a 29
// February 1900 that never was.
func excelTime(s string, date1904 bool, loc *time.Location) (time.Time, bool) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(x >= 61 && x < 2958466) {
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(x)
	secs := math.Round((x - days) * 86400)
	w := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
	return t.UTC(), t.Year() >= 1990 && t.Year() <= 2100
}

// areaError says what is wrong with a DeSO or RegSO code, or "" if nothing:
// DeSO is the kommun code, A, B or C, and four digits (0483C1010); RegSO is
// the kommun code, R and three digits (0483R001).
func areaError(code string) string {
	shape := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r >= '0' && r <= '9':
				b.WriteByte('9')
			case r == 'A' || r == 'B' || r == 'C':
				b.WriteByte('L')
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	switch shape(code) {
	case "9999L9999", "9999R999":
		return ""
	case "999L9999", "999R999":
		return "is not a DeSO (e.g. 0483C1010) or RegSO (e.g. 0483R001) code: has a spreadsheet dropped the leading zero?"
	}
	return "is not a DeSO (e.g. 0483C1010) or RegSO (e.g. 0483R001) code"
}

// suggest returns the candidate nearest to s by edit distance on labelKey,
// if it is close enough to be a typo.
func suggest(s string, candidates []string) (string, bool) {
	k := labelKey(s)
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		if d := editDistance(k, labelKey(c)); d < bestD {
			best, bestD = c, d
		}
	}
	limit := 1 + utf8.RuneCountInString(k)/6
	return best, bestD > 0 && bestD <= min(limit, 3)
}

// editDistance is Levenshtein's distance in runes; long strings are not
// compared, as nobody misspells a paragraph into a label.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 100 || len(rb) > 100 {
		return math.MaxInt
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
