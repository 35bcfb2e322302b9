package csvin

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// stamp is a date or date-time as written, before it is placed in time.
type stamp struct {
	year, month, day     int
	hour, min, sec, nsec int
	hasTime, hasOffset   bool
	offset               int // seconds east of UTC, when hasOffset
}

// parseStamp reads the date formats found in Swedish exports, by hand
// because trying a list of time.Parse layouts per row is the slowest part
// of an import:
//
//	2023-02-15                    date only (ISO)
//	15/2/2023, 15.2.2023          date only, day first (never US month first)
//	… followed by a time: " 22:10", " 22.10", " 22:10:05", "T22:10:00",
//	  fractions of a second (".123" or ",123"), and an offset ("Z",
//	  "+01:00", "+0100", "+01", optionally after a space).
//
// ok is false for any other text and for impossible dates (2023-02-31).
func parseStamp(s string) (st stamp, ok bool) {
	p := scanner{s: strings.TrimSpace(s)}
	a, n := p.digits()
	timeNext := false // a separator was seen, so a time must follow
	switch {
	case n == 4 && p.eat('-'): // 2023-02-15
		st.year = a
		if st.month, n = p.digits(); n < 1 || n > 2 || !p.eat('-') {
			return st, false
		}
		if st.day, n = p.digits(); n < 1 || n > 2 {
			return st, false
		}
		timeNext = p.eat('T') || p.eat(' ')
	case (n == 1 || n == 2) && (p.peek() == '/' || p.peek() == '.'): // 15/2/2023
		sep := p.s[p.i]
		p.i++
		st.day = a
		if st.month, n = p.digits(); n < 1 || n > 2 || !p.eat(sep) {
			return st, false
		}
		if st.year, n = p.digits(); n != 4 {
			return st, false
		}
		timeNext = p.eat(' ')
	default:
		return st, false
	}
	// Years outside this range are almost always a null written as a date
	// (0001-01-01 from .NET, 1899-12-30 from Excel).
	if st.year < 1900 || st.year > 2100 || st.month < 1 || st.month > 12 ||
		st.day < 1 || st.day > daysIn(st.year, st.month) {
		return st, false
	}
	if !timeNext {
		return st, p.done()
	}

	st.hasTime = true
	if st.hour, n = p.digits(); n < 1 || n > 2 || st.hour > 23 {
		return st, false
	}
	sep := p.peek()
	if sep != ':' && sep != '.' {
		return st, false
	}
	p.i++
	if st.min, n = p.digits(); n != 2 || st.min > 59 {
		return st, false
	}
	if p.eat(sep) {
		if st.sec, n = p.digits(); n != 2 || st.sec > 59 {
			return st, false
		}
		if sep == ':' && (p.eat('.') || p.eat(',')) {
			frac, n := p.digits()
			if n < 1 || n > 9 {
				return st, false
			}
			for ; n < 9; n++ {
				frac *= 10
			}
			st.nsec = frac
		}
	}
	if p.done() {
		return st, true
	}

	p.eat(' ')
	switch c := p.peek(); c {
	case 'Z', 'z':
		p.i++
		st.hasOffset = true
	case '+', '-':
		p.i++
		h, n := p.digits()
		if n == 4 { // +0100
			h, n = h/100*60+h%100, 2
		} else if n == 2 {
			h *= 60
			if p.eat(':') {
				m, mn := p.digits()
				if mn != 2 || m > 59 {
					return st, false
				}
				h += m
			}
		}
		if n != 2 || h > 18*60 {
			return st, false
		}
		st.offset, st.hasOffset = h*60, true
		if c == '-' {
			st.offset = -st.offset
		}
	}
	return st, st.hasOffset && p.done()
}

type scanner struct {
	s string
	i int
}

func (p *scanner) done() bool { return p.i == len(p.s) }

func (p *scanner) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *scanner) eat(c byte) bool {
	if p.peek() == c {
		p.i++
		return true
	}
	return false
}

// digits reads a run of ASCII digits; n is its length. The value is only
// meaningful for n <= 9, which every caller checks.
func (p *scanner) digits() (v, n int) {
	for ; p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9'; p.i++ {
		if n < 9 {
			v = v*10 + int(p.s[p.i]-'0')
		}
		n++
	}
	return v, n
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// zone converts wall-clock times in one location to UTC and caches the
// zone period of the last lookup, since consecutive rows are nearly always
// in the same one.
type zone struct {
	loc        *time.Location
	start, end int64 // the cached period [start, end), unix seconds
	off        int64 // its offset, seconds east of UTC
}

func newZone(loc *time.Location) *zone { return &zone{loc: loc, start: 1, end: 0} }

func (z *zone) offsetAt(u int64) int64 {
	if u >= z.start && u < z.end {
		return z.off
	}
	t := time.Unix(u, 0).In(z.loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	z.start, z.end, z.off = math.MinInt64, math.MaxInt64, int64(off)
	if !s.IsZero() {
		z.start = s.Unix()
	}
	if !e.IsZero() {
		z.end = e.Unix()
	}
	return z.off
}

// utc returns the instant at which the clocks in z show the given time.
// A time in the spring-forward gap (02:30 on 2023-03-26 in Stockholm) never
// shows; it is read with the offset before the change, i.e. as the clock
// reads after it (03:30 CEST), as a person who wrote "02:30" most likely
// meant. A time in the autumn overlap (02:30 on 2023-10-29) shows twice;
// the first (02:30 CEST = 00:30 UTC) is taken, as Java and Python's fold=0 do.
func (z *zone) utc(y, mo, d, h, mi, s, ns int) time.Time {
	naive := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC).Unix()
	// Offsets a day either side bracket any transition near this time.
	before, after := z.offsetAt(naive-86400), z.offsetAt(naive+86400)
	u := naive - before
	if before != after {
		a, b := naive-before, naive-after
		okA, okB := z.offsetAt(a) == before, z.offsetAt(b) == after
		switch {
		case okA && okB: // overlap: the first occurrence
			u = min(a, b)
		case okB:
			u = b
		}
		// otherwise a is valid, or it is a gap and a is what we want
	}
	return time.Unix(u, int64(ns)).UTC()
}

// window returns the instant or day that st denotes: an instant has
// to == from; a date alone covers that local day, [midnight, next midnight).
func (z *zone) window(st stamp) (from, to time.Time) {
	switch {
	case !st.hasTime:
		return z.utc(st.year, st.month, st.day, 0, 0, 0, 0), z.utc(st.year, st.month, st.day+1, 0, 0, 0, 0)
	case st.hasOffset:
		from = time.Date(st.year, time.Month(st.month), st.day, st.hour, st.min, st.sec, st.nsec, time.UTC).
			Add(-time.Duration(st.offset) * time.Second)
	default:
		from = z.utc(st.year, st.month, st.day, st.hour, st.min, st.sec, st.nsec)
	}
	return from, from
}

// parseNumber reads a decimal number as spreadsheets write it: an optional
// sign, digits optionally grouped in threes by spaces (also U+00A0, U+202F;
// "6 543 210"), and a decimal comma or point ("58,9958"). Exponents, NaN,
// Inf and hex, which strconv would accept, are refused.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	var buf [64]byte
	b := buf[:0]
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		b = append(b, s[i])
		i++
	}
	group, grouped, fraction := 0, false, false
	for i < len(s) {
		c, w := s[i], 1
		switch {
		case c >= '0' && c <= '9':
			group++
			if len(b) == len(buf) || (grouped && !fraction && group > 3) {
				return 0, false
			}
			b = append(b, c)
		case (c == ',' || c == '.') && !fraction:
			if group == 0 || (grouped && group != 3) {
				return 0, false
			}
			fraction, group = true, 0
			b = append(b, '.')
		default:
			if w = space(s[i:]); w == 0 || fraction || group == 0 || group > 3 || (grouped && group != 3) {
				return 0, false
			}
			grouped, group = true, 0
		}
		i += w
	}
	if group == 0 || (grouped && !fraction && group != 3) {
		return 0, false
	}
	x, err := strconv.ParseFloat(string(b), 64)
	return x, err == nil
}

// space returns the byte length of a thousands separator at the start of s,
// or 0.
func space(s string) int {
	switch {
	case strings.HasPrefix(s, " "):
		return 1
	case strings.HasPrefix(s, "\u00a0"):
		return 2
	case strings.HasPrefix(s, "\u202f"):
		return 3
	}
	return 0
}
