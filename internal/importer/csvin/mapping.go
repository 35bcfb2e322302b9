package csvin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

// Mapping names the file's columns for each incident field; "" means the
// file has no such column. It is usually stored next to an export format as
// JSON, e.g. {"time": "tid", "lat": "lat", "lon": "long", "text": "beskrivning"}.
type Mapping struct {
	ID       string `json:"id,omitempty"`   // the source's own id, for de-duplication
	Time     string `json:"time,omitempty"` // an instant, or a date for the whole day
	From     string `json:"from,omitempty"` // start of a window, instead of Time
	To       string `json:"to,omitempty"`   // end of the window (optional, needs From)
	Lat      string `json:"lat,omitempty"`  // WGS84 degrees
	Lon      string `json:"lon,omitempty"`
	East     string `json:"east,omitempty"` // SWEREF 99 metres, instead of Lat/Lon
	North    string `json:"north,omitempty"`
	District string `json:"district,omitempty"`
	Place    string `json:"place,omitempty"` // a place name or address
	Category string `json:"category,omitempty"`
	Text     string `json:"text,omitempty"`

	CRS       int    `json:"crs,omitempty"`       // EPSG code of East/North: 3006 (default) or 3007–3018
	TimeZone  string `json:"time_zone,omitempty"` // for times without an offset; default Europe/Stockholm
	Delimiter string `json:"delimiter,omitempty"` // ",", ";" or "\t"; sniffed from the header when ""
}

// Defaults for the optional settings.
const (
	DefaultCRS      = 3006 // SWEREF 99 TM
	DefaultTimeZone = "Europe/Stockholm"
)

// LoadMapping reads a mapping from JSON, rejects unknown keys (a misspelt
// "lattitude" must not silently drop every point), validates it and fills in
// the defaults.
func LoadMapping(r io.Reader) (Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, fmt.Errorf("mapping: %w", err)
	}
	if dec.More() {
		return Mapping{}, errors.New("mapping: unexpected data after the JSON object")
	}
	if err := m.Validate(); err != nil {
		return Mapping{}, err
	}
	return m.withDefaults(), nil
}

// Validate reports every problem with the mapping at once: a time column
// (Time, or From with an optional To) and a place column (Lat+Lon,
// East+North, District or Place) are required.
func (m Mapping) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("mapping: "+format, args...)) }
	switch {
	case m.Time == "" && m.From == "":
		bad("a time column is required: set time, or from (and optionally to)")
	case m.Time != "" && (m.From != "" || m.To != ""):
		bad("set time or from/to, not both")
	}
	if m.To != "" && m.From == "" {
		bad("to needs from")
	}
	if (m.Lat == "") != (m.Lon == "") {
		bad("lat and lon go together")
	}
	if (m.East == "") != (m.North == "") {
		bad("east and north go together")
	}
	if m.Lat != "" && m.East != "" {
		bad("set lat/lon or east/north, not both")
	}
	if m.Lat == "" && m.East == "" && m.District == "" && m.Place == "" {
		bad("a place column is required: set lat and lon, east and north, district or place")
	}
	if m.CRS != 0 {
		if _, err := sweref.ByEPSG(m.CRS); err != nil {
			bad("crs %d: use 3006 (SWEREF 99 TM) or a local zone 3007–3018", m.CRS)
		}
	}
	if m.TimeZone != "" {
		if _, err := time.LoadLocation(m.TimeZone); err != nil {
			bad("time_zone %q: %v", m.TimeZone, err)
		}
	}
	switch m.Delimiter {
	case "", ",", ";", "\t":
	default:
		bad("delimiter %q: use \",\", \";\" or \"\\t\"", m.Delimiter)
	}
	return errors.Join(errs...)
}

func (m Mapping) withDefaults() Mapping {
	if m.CRS == 0 {
		m.CRS = DefaultCRS
	}
	if m.TimeZone == "" {
		m.TimeZone = DefaultTimeZone
	}
	return m
}
