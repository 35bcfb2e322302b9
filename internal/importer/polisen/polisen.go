// Package polisen reads the Swedish Police's public event notices
// (https://polisen.se/api/events) and turns each into an incident with an
// event time, a kommun and a class. It is pure: no database, no clock except
// in Client.
//
// The traps of the API (DESIGN.md §4) and how they are handled here:
//   - datetime is when the notice was published, often the day after the
//     event. The event time comes from name ("06 juni 18.50, Trafikbrott,
//     Kungsör": Stockholm local time, Swedish month, no year) with the year
//     from url (/aktuellt/handelser/2025/juni/6/…), see eventTime.
//   - location.gps is the centre of the kommun or county, never the scene.
//     Lat/Lon are kept only for a rough map; districts must come from place
//     names in the text (package gazetteer), not from coordinates.
//   - Since early 2026 location.name is the county ("Södermanlands län") and
//     the kommun is only the last comma-separated part of name.
//   - type is an open set with spelling variants: see NormType and Classify.
//   - "Sammanfattning natt" notices summarise the night 22–07 and hold much
//     of the dark-hours picture in their body text: see AttachBody and Item.
//
// All times are converted from Europe/Stockholm (with its DST) to UTC. The
// package embeds the time zone database (time/tzdata) so that the result
// does not depend on the host.
package polisen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Stockholm must not depend on the host's zoneinfo.
)

// stockholm is the zone of every time written by the police.
var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic("polisen: " + err.Error()) // cannot happen with time/tzdata
	}
	return loc
}()

// Notice is one police event notice.
type Notice struct {
	ID        int64
	Name      string
	Summary   string
	URL       string    // as given, usually relative to https://polisen.se
	Type      string    // trimmed, inner spaces collapsed; see NormType for matching
	Published time.Time // UTC, from datetime: when the notice was published, not the event
	Location  string    // location.name as given (a kommun, or since 2026 a county)
	Kommun    string    // "" for county-wide notices
	County    string    // set when location.name (or the name's place) is a county
	// Lat and Lon come from location.gps: the centre of the kommun or
	// county, NOT the scene of the event.
	Lat, Lon float64
	// From and To bound the event time in UTC: an instant when equal (the
	// name gave a time), else a window (the local day, or 22–07 for a night
	// summary). TimeExact is true only for the instant.
	From, To  time.Time
	TimeExact bool
	Body      []string // paragraphs of the notice page, set by AttachBody
	Items     []Item   // incidents listed in a night summary, set by AttachBody
}

// NoticeError is why one element of the array was rejected.
type NoticeError struct {
	Index int    // position in the JSON array
	ID    int64  // 0 when unknown
	Field string // JSON field, e.g. "datetime" or "location.name"
	Value string // offending value, when short enough to quote
	Err   error
}

func (e *NoticeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "notice %d", e.Index)
	if e.ID != 0 {
		fmt.Fprintf(&b, " (id %d)", e.ID)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " %q", e.Value)
	}
	return b.String() + ": " + e.Err.Error()
}

func (e *NoticeError) Unwrap() error { return e.Err }

// apiNotice is the wire format. The id stays raw so that a string id or a
// bad value can be reported with the notice's index instead of aborting.
type apiNotice struct {
	ID       json.RawMessage `json:"id"`
	Datetime string          `json:"datetime"`
	Name     string          `json:"name"`
	Summary  string          `json:"summary"`
	URL      string          `json:"url"`
	Type     string          `json:"type"`
	Location struct {
		Name string `json:"name"`
		GPS  string `json:"gps"`
	} `json:"location"`
}

// Parse reads the API's JSON array, one notice at a time. It is strict about
// what an incident needs (id, name, url, datetime, a readable event date)
// and lenient about the rest (missing gps, odd type spelling).
//
// A notice that cannot be used is skipped and reported: the returned error
// joins one *NoticeError per rejected notice, and the good notices are still
// returned. Broken JSON stops the parse at that point.
func Parse(r io.Reader) ([]Notice, error) {
	var out []Notice
	var errs []error
	err := decodeArray(r, func(i int, dec *json.Decoder) error {
		var a apiNotice
		if err := dec.Decode(&a); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return &NoticeError{Index: i, Err: err} // syntax error: the stream is lost
			}
			id, _ := parseID(a.ID)
			field := te.Field
			if field == "" {
				field = "(element)"
			}
			errs = append(errs, &NoticeError{Index: i, ID: id, Field: field, Err: fmt.Errorf("want %s, got JSON %s", te.Type, te.Value)})
			return nil
		}
		n, err := a.notice()
		if err != nil {
			err.Index = i
			errs = append(errs, err)
			return nil
		}
		out = append(out, n)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

// decodeArray calls each for every element of a top-level JSON array.
func decodeArray(r io.Reader, each func(i int, dec *json.Decoder) error) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("reading start of array: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("want a JSON array, got %v", tok)
	}
	i := 0
	for ; dec.More(); i++ {
		if err := each(i, dec); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("after element %d: %w", i, err)
	}
	return nil
}

func parseID(raw json.RawMessage) (int64, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || s == "null" {
		return 0, errors.New("missing")
	}
	// A quoted id is accepted: the value matters, not the JSON type.
	id, err := strconv.ParseInt(strings.Trim(s, `"`), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("not a positive integer: %s", s)
	}
	return id, nil
}

func (a *apiNotice) notice() (Notice, *NoticeError) {
	fail := func(field, value string, err error) (Notice, *NoticeError) {
		id, _ := parseID(a.ID)
		if r := []rune(value); len(r) > 80 {
			value = string(r[:80]) + "…"
		}
		return Notice{}, &NoticeError{ID: id, Field: field, Value: value, Err: err}
	}
	id, err := parseID(a.ID)
	if err != nil {
		return fail("id", "", err)
	}
	n := Notice{
		ID:       id,
		Name:     strings.TrimSpace(a.Name),
		Summary:  strings.TrimSpace(a.Summary),
		URL:      strings.TrimSpace(a.URL),
		Type:     strings.Join(strings.Fields(a.Type), " "),
		Location: a.Location.Name,
	}
	if n.Name == "" {
		return fail("name", "", errors.New("missing"))
	}
	if n.URL == "" {
		return fail("url", "", errors.New("missing"))
	}
	if n.Published, err = parsePublished(a.Datetime); err != nil {
		return fail("datetime", a.Datetime, err)
	}
	if n.From, n.To, n.TimeExact, err = eventTime(n.Name, n.URL, n.Type, n.Published); err != nil {
		return fail("name", n.Name, err)
	}
	n.Kommun, n.County = place(n.Location, n.Name, n.Type)
	if lat, lon, ok := strings.Cut(a.Location.GPS, ","); ok {
		// Lenient: a missing or odd gps only costs the map dot.
		n.Lat, _ = strconv.ParseFloat(strings.TrimSpace(lat), 64)
		n.Lon, _ = strconv.ParseFloat(strings.TrimSpace(lon), 64)
	}
	return n, nil
}

// parsePublished reads "2025-06-07 7:32:06 +02:00" (the hour is not
// zero-padded, which layout "15" accepts) or RFC 3339.
func parsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("missing")
	}
	t, err := time.Parse("2006-01-02 15:04:05 -07:00", s)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse(time.RFC3339, s); err2 != nil {
			return time.Time{}, err
		}
	}
	return t.UTC(), nil
}

var months = map[string]time.Month{
	"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
	"juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

var (
	// "06 juni 18.50, …", "6 juni 18:50, …", "06 juni, …"
	nameRE = regexp.MustCompile(`^(\d{1,2})\s+(\p{L}+)(?:\s+(\d{1,2})[.:](\d{2}))?\s*(?:,|$)`)
	// "/aktuellt/handelser/2025/juni/6/06-juni-18.50-…"
	urlRE = regexp.MustCompile(`/(\d{4})/(\p{L}+)/(\d{1,2})(?:/|$)`)
)

type civilDate struct {
	y int
	m time.Month
	d int
}

func (c civilDate) at(h, min int) time.Time {
	return time.Date(c.y, c.m, c.d, h, min, 0, 0, stockholm)
}

func validDate(y int, m time.Month, d int) (civilDate, bool) {
	t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	return civilDate{y, m, d}, t.Month() == m && t.Day() == d
}

// eventTime works out when the event happened.
//
// The date is the name's day and month ("06 juni …"); it wins over the
// url's date, which is usually the same but sometimes the next day. The
// year is the one that puts the name's date closest to the url's date
// (else the publication date), so "31 december 23.10" published under
// 2026/januari/1 is 2025-12-31.
//
// With a time in the name the result is an instant; without one it is the
// local day [00:00, 24:00), 23 or 25 hours long on DST days. A night summary
// ("Sammanfattning natt", published around 07–08 with that morning's date in
// its name) covers 22:00 the evening before to 07:00 on the named date,
// which its body confirms ("mellan klockan 22.00-07.00"). For other
// summaries the name's time is the publication time, so they get the day.
// A local time that does not exist or exists twice (the DST hour 02–03) is
// resolved by time.Date and may be an hour off.
func eventTime(name, url, typ string, published time.Time) (from, to time.Time, exact bool, err error) {
	ref, ok := urlDate(url)
	if !ok {
		p := published.In(stockholm)
		ref = civilDate{p.Year(), p.Month(), p.Day()}
	}
	m := nameRE.FindStringSubmatch(name)
	if m == nil {
		return from, to, false, errors.New(`no "D månad" date at the start`)
	}
	day, _ := strconv.Atoi(m[1])
	mon, ok := months[strings.ToLower(m[2])]
	if !ok {
		return from, to, false, fmt.Errorf("unknown month %q", m[2])
	}
	date, best := civilDate{}, -1
	for y := ref.y - 1; y <= ref.y+1; y++ {
		c, ok := validDate(y, mon, day)
		if !ok {
			continue
		}
		dist := int(c.at(12, 0).Sub(ref.at(12, 0)).Abs().Hours() / 24)
		if best < 0 || dist < best {
			date, best = c, dist
		}
	}
	if best < 0 {
		return from, to, false, fmt.Errorf("no such date: %s %s", m[1], m[2])
	}
	kind := summaryKind(typ, name)
	switch {
	case kind == nightSummary:
		return date.at(-2, 0).UTC(), date.at(7, 0).UTC(), false, nil
	case kind == otherSummary || m[3] == "":
		return date.at(0, 0).UTC(), date.at(24, 0).UTC(), false, nil
	}
	h, _ := strconv.Atoi(m[3])
	mi, _ := strconv.Atoi(m[4])
	if h > 23 || mi > 59 {
		return from, to, false, fmt.Errorf("no such time: %s.%s", m[3], m[4])
	}
	t := date.at(h, mi).UTC()
	return t, t, true, nil
}

func urlDate(url string) (civilDate, bool) {
	m := urlRE.FindStringSubmatch(url)
	if m == nil {
		return civilDate{}, false
	}
	y, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[3])
	mon, ok := months[strings.ToLower(m[2])]
	if !ok {
		return civilDate{}, false
	}
	return validDate(y, mon, d)
}

const (
	notSummary = iota
	nightSummary
	otherSummary
)

// summaryKind tells night summaries ("Sammanfattning natt", also "…kväll
// och natt", whose Södermanland texts state 22–07 as well) from other
// summaries (dag, helg, vecka …), by type or else by name.
func summaryKind(typ, name string) int {
	for _, s := range []string{NormType(typ), strings.ToLower(name)} {
		if i := strings.Index(s, "sammanfattning"); i >= 0 {
			rest, _, _ := strings.Cut(s[i:], ",")
			if strings.Contains(rest, "natt") {
				return nightSummary
			}
			return otherSummary
		}
	}
	return notSummary
}

// IsNightSummary reports whether n summarises a night (22–07).
func (n *Notice) IsNightSummary() bool { return summaryKind(n.Type, n.Name) == nightSummary }

// place finds the kommun and county. location.name is the kommun, except
// when it is a county: then the kommun is the last comma-separated part of
// name, unless that part is the county itself or part of the type (a
// county-wide notice such as "Sammanfattning natt, Södermanlands län").
func place(location, name, typ string) (kommun, county string) {
	location = strings.TrimSpace(location)
	if !isCounty(location) && location != "" {
		return location, ""
	}
	county = location
	_, rest, ok := strings.Cut(name, ",")
	if !ok {
		return "", county
	}
	rest = strings.TrimSpace(rest)
	last := rest
	if i := strings.LastIndexByte(rest, ','); i >= 0 {
		last = strings.TrimSpace(rest[i+1:])
	}
	switch {
	case last == "" || strings.EqualFold(rest, typ):
		return "", county
	case isCounty(last):
		if county == "" {
			county = last
		}
		return "", county
	}
	if k, ok := kommunIndex.canonical(last); ok {
		last = k // the API's own spelling, e.g. "Upplands väsby"
	}
	return last, county
}

func isCounty(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "län" || strings.HasSuffix(s, " län") || strings.HasSuffix(s, "slän")
}
