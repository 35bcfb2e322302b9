package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sun"
)

// cmdSun prints a day's sun events and kind at a place.
func cmdSun(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "sun")
	lat := fs.Float64("lat", 58.9958, "latitud / latitude, WGS84 (default Katrineholm)")
	lon := fs.Float64("lon", 16.2072, "longitud / longitude, WGS84")
	date := fs.String("date", "", "datum / date YYYY-MM-DD (default today)")
	tz := fs.String("tz", "Europe/Stockholm", "tidszon / time zone (IANA)")
	asJSON := fs.Bool("json", false, "skriv JSON / print one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return app.Errorf(app.EINVALID, "unknown time zone %q", *tz)
	}
	d := sun.DateOf(time.Now().In(loc))
	if *date != "" {
		if d, err = sun.ParseDate(*date); err != nil {
			return err
		}
	}
	day, err := sun.ComputeDay(d, sun.Place{Lat: *lat, Lon: *lon}, loc)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(day)
	}
	return day.WriteText(e.stdout)
}
