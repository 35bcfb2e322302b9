package sun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Date is a calendar date, interpreted in a time zone by [ComputeDay].
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "2025-12-21".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("sun: parse date %q: %w", s, err)
	}
	return DateOf(t), nil
}

// DateOf returns t's calendar date in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// bounds returns the local day [start, end) in Unix seconds: local midnight to
// the next local midnight, so 23 or 25 hours long on DST days.
func (d Date) bounds(loc *time.Location) (start, end float64, err error) {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if d.Year < 1 || d.Year > 9999 || DateOf(t) != d {
		return 0, 0, fmt.Errorf("sun: invalid date %v (years 1..9999)", d)
	}
	return secs(t), secs(time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, loc)), nil
}

// Kind says whether the sun rises and sets on a day.
type Kind int8

const (
	Normal      Kind = iota // the sun crosses −0.833° at least once
	PolarNight              // the sun stays below −0.833° all day
	MidnightSun             // the sun stays above −0.833° all day
)

var kindNames = [...]string{"normal", "polar_night", "midnight_sun"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int8(k))
	}
	return kindNames[k]
}

// Day holds the sun's events on one local date at one place. An event is nil
// when it does not happen on that date; times are in Location. Events belong
// to the date on which they happen: at 59° N in mid-May the nautical dusk of
// one evening can fall at 00:03 the next date, so the first date has none
// and the next shows 00:03. When an angle is crossed more than once in a day,
// dawn and sunrise are the first rising crossing, sunset and dusk the last
// setting one.
type Day struct {
	Date     Date
	Place    Place
	Location *time.Location
	Kind     Kind

	Sunrise, Sunset                    *time.Time // −0.833°
	CivilDawn, CivilDusk               *time.Time // −6°
	NauticalDawn, NauticalDusk         *time.Time // −12°
	AstronomicalDawn, AstronomicalDusk *time.Time // −18°
}

// ComputeDay computes the events of local date d at p. A nil loc means
// Europe/Stockholm (which needs the time-zone database, e.g. time/tzdata).
func ComputeDay(d Date, p Place, loc *time.Location) (Day, error) {
	start, end, loc, err := prepare(d, p, loc)
	if err != nil {
		return Day{}, err
	}
	e0, found := scan(p, start, end, []float64{SunriseAngle, CivilAngle, NauticalAngle, AstronomicalAngle})
	day := Day{Date: d, Place: p, Location: loc}
	day.Sunrise, day.Sunset = pick(found[0], loc)
	day.CivilDawn, day.CivilDusk = pick(found[1], loc)
	day.NauticalDawn, day.NauticalDusk = pick(found[2], loc)
	day.AstronomicalDawn, day.AstronomicalDusk = pick(found[3], loc)
	switch {
	case len(found[0]) > 0:
		day.Kind = Normal
	case e0 > SunriseAngle: // no crossing, so the whole day is on e0's side
		day.Kind = MidnightSun
	default:
		day.Kind = PolarNight
	}
	return day, nil
}

// AtAngle returns when the sun's centre rises through and sets through the
// elevation angle (degrees) on local date d at p, nil when it does not; e.g.
// −15° for Schlyter's tables. A nil loc means Europe/Stockholm.
func AtAngle(d Date, p Place, loc *time.Location, angle float64) (rise, set *time.Time, err error) {
	if !(angle >= -90 && angle <= 90) {
		return nil, nil, fmt.Errorf("sun: angle %v outside -90..90", angle)
	}
	start, end, loc, err := prepare(d, p, loc)
	if err != nil {
		return nil, nil, err
	}
	_, found := scan(p, start, end, []float64{angle})
	rise, set = pick(found[0], loc)
	return rise, set, nil
}

func prepare(d Date, p Place, loc *time.Location) (start, end float64, _ *time.Location, err error) {
	if err := p.Validate(); err != nil {
		return 0, 0, nil, err
	}
	if loc == nil {
		if loc, err = time.LoadLocation("Europe/Stockholm"); err != nil {
			return 0, 0, nil, fmt.Errorf("sun: default time zone: %w", err)
		}
	}
	start, end, err = d.bounds(loc)
	return start, end, loc, err
}

// pick returns the first rising and the last setting crossing, as times in loc.
func pick(cs []crossing, loc *time.Location) (rise, set *time.Time) {
	for _, c := range cs {
		t := toTime(c.at, loc)
		if c.rising && rise == nil {
			rise = &t
		} else if !c.rising {
			set = &t
		}
	}
	return rise, set
}

// MarshalJSON renders the day as one object; events are RFC 3339 with the
// zone's offset, rounded to the minute, or null when they do not happen.
func (d Day) MarshalJSON() ([]byte, error) {
	ev := func(t *time.Time) *string {
		if t == nil {
			return nil
		}
		s := t.Round(time.Minute).Format(time.RFC3339)
		return &s
	}
	return json.Marshal(struct {
		Date             string  `json:"date"`
		Kind             string  `json:"kind"`
		Sunrise          *string `json:"sunrise"`
		Sunset           *string `json:"sunset"`
		CivilDawn        *string `json:"civil_dawn"`
		CivilDusk        *string `json:"civil_dusk"`
		NauticalDawn     *string `json:"nautical_dawn"`
		NauticalDusk     *string `json:"nautical_dusk"`
		AstronomicalDawn *string `json:"astronomical_dawn"`
		AstronomicalDusk *string `json:"astronomical_dusk"`
	}{d.Date.String(), d.Kind.String(), ev(d.Sunrise), ev(d.Sunset), ev(d.CivilDawn), ev(d.CivilDusk),
		ev(d.NauticalDawn), ev(d.NauticalDusk), ev(d.AstronomicalDawn), ev(d.AstronomicalDusk)})
}

// WriteText writes the day as a readable Swedish/English block, times rounded
// to the minute with the zone's abbreviation (it changes on DST days), "—"
// for events that do not happen.
func (d Day) WriteText(w io.Writer) error {
	kinds := map[Kind]string{Normal: "normal dag / normal day", PolarNight: "polarnatt / polar night", MidnightSun: "midnattssol / midnight sun"}
	zone := "UTC"
	if d.Location != nil {
		zone = d.Location.String()
	}
	var b bytes.Buffer
	line := func(label, value string) { fmt.Fprintf(&b, "%-42s %s\n", label, value) }
	line("Datum / Date", fmt.Sprintf("%v (%s)", d.Date, zone))
	line("Plats / Place", d.Place.String())
	line("Typ av dag / Kind of day", kinds[d.Kind])
	for _, e := range []struct {
		label string
		t     *time.Time
	}{
		{"Astronomisk gryning / Astronomical dawn", d.AstronomicalDawn},
		{"Nautisk gryning / Nautical dawn", d.NauticalDawn},
		{"Borgerlig gryning / Civil dawn", d.CivilDawn},
		{"Soluppgång / Sunrise", d.Sunrise},
		{"Solnedgång / Sunset", d.Sunset},
		{"Borgerlig skymning / Civil dusk", d.CivilDusk},
		{"Nautisk skymning / Nautical dusk", d.NauticalDusk},
		{"Astronomisk skymning / Astronomical dusk", d.AstronomicalDusk},
	} {
		v := "—"
		if e.t != nil {
			v = e.t.Round(time.Minute).Format("15:04 MST")
		}
		line(e.label, v)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("sun: write day %v: %w", d.Date, err)
	}
	return nil
}
