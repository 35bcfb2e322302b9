package app

import (
	"context"
	"strings"
	"time"
)

// SourceDialogue is the incident source of places named at a citizen
// dialogue: what people said counts in the lägesbild beside what police
// and staff saw.
const SourceDialogue = "dialogue"

// Dialogue kinds.
const (
	DialogueCitizen     = "citizen"       // medborgardialog, open to all
	DialogueYouth       = "youth"         // at a school or youth centre
	DialogueWalkAndTalk = "walk_and_talk" // a conversation while walking the area
)

// DialogueKinds lists the kinds in display order.
var DialogueKinds = []string{DialogueCitizen, DialogueYouth, DialogueWalkAndTalk}

// Dialogue is a medborgardialog: who was asked (groups and how many, never
// names), what they raised and which places they named. Each named place
// becomes an incident of SourceDialogue, so that the dialogue counts in
// the lägesbild as its own source.
type Dialogue struct {
	ID       int64 `json:"id"`
	TenantID int64 `json:"-"`
	// Date is the day the dialogue was held.
	Date Date `json:"date"`
	// Kind is citizen, youth or walk_and_talk.
	Kind string `json:"kind"`
	// Place is where it was held, e.g. "Nävertorpsskolan".
	Place string `json:"place"`
	// TargetGroup is who it was for, e.g. "unga 13–19 år".
	TargetGroup string `json:"target_group"`
	// Participants counts the participants by group ("flickor" → 12).
	Participants map[string]int `json:"participants"`
	// Themes are the category keys (ReportCategories) of what was raised.
	Themes []string `json:"themes"`
	// Places are the places named, in the order they were recorded.
	Places []DialoguePlace `json:"places"`
	// Summary is what was said, with personal data masked before it is
	// stored.
	Summary   string    `json:"summary"`
	Synthetic bool      `json:"synthetic"`
	CreatedAt time.Time `json:"created_at"`
}

// DialoguePlace is a place named at a dialogue: a district, a point, or
// both, and whether it was said to be unsafe after dark.
type DialoguePlace struct {
	DistrictKey string   `json:"district"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	Description string   `json:"description"`
	// AfterDark means the place was named as unsafe in the evening and at
	// night, not during the day.
	AfterDark bool `json:"after_dark"`
	// Theme is the category key of what was said about the place; ""
	// takes the dialogue's first theme.
	Theme string `json:"theme"`
}

// Limits on a dialogue, generous for a real one and small enough that a
// form cannot fill the database.
const (
	maxDialogueGroups = 20
	maxDialoguePlaces = 50
	maxParticipants   = 100_000
)

// Validate reports the first invalid field of d.
func (d *Dialogue) Validate() error {
	switch {
	case d.Date.IsZero():
		return FieldErrorf("date", "Ange datum för dialogen / Give the date of the dialogue.")
	case !isDialogueKind(d.Kind):
		return FieldErrorf("kind", "Välj medborgardialog, ungdomsdialog eller walk-and-talk / Choose a citizen dialogue, a youth dialogue or a walk-and-talk.")
	case strings.TrimSpace(d.Place) == "":
		return FieldErrorf("place", "Ange var dialogen hölls / Give where the dialogue was held.")
	case len(d.Place) > 200 || len(d.TargetGroup) > 200:
		return FieldErrorf("place", "Plats och målgrupp får vara högst 200 tecken / Place and target group are at most 200 characters.")
	case len(d.Summary) > 10000:
		return FieldErrorf("summary", "Sammanfattningen får vara högst 10 000 tecken / The summary is at most 10,000 characters.")
	case len(d.Participants) > maxDialogueGroups:
		return FieldErrorf("participants", "Högst 20 grupper / At most 20 groups.")
	case len(d.Places) > maxDialoguePlaces:
		return FieldErrorf("places", "Högst 50 platser / At most 50 places.")
	}
	for g, n := range d.Participants {
		switch {
		case strings.TrimSpace(g) == "" || len(g) > 100:
			return FieldErrorf("participants", "Ge varje grupp ett namn på högst 100 tecken / Give each group a name of at most 100 characters.")
		case n < 0 || n > maxParticipants:
			return FieldErrorf("participants", "Antalet deltagare ska vara 0–100 000 / The number of participants must be 0–100,000.")
		}
	}
	for i, t := range d.Themes {
		if _, ok := ReportCategory(t); !ok {
			return FieldErrorf("themes", "Okänt tema %q / Unknown theme.", t)
		}
		for _, u := range d.Themes[:i] {
			if u == t {
				return FieldErrorf("themes", "Temat %q finns två gånger / The theme is there twice.", t)
			}
		}
	}
	for _, p := range d.Places {
		if err := p.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (p *DialoguePlace) validate() error {
	switch {
	case (p.Lat == nil) != (p.Lon == nil):
		return FieldErrorf("places", "En punkt behöver både latitud och longitud / A point needs both latitude and longitude.")
	case p.Lat != nil && !(*p.Lat >= -90 && *p.Lat <= 90 && *p.Lon >= -180 && *p.Lon <= 180):
		return FieldErrorf("places", "Punkten ligger utanför kartan / The point is off the map.")
	case p.DistrictKey == "" && p.Lat == nil:
		return FieldErrorf("places", "Ange område eller punkt för varje plats / Give a district or a point for each place.")
	case len(p.Description) > 500:
		return FieldErrorf("places", "En platsbeskrivning får vara högst 500 tecken / A place description is at most 500 characters.")
	}
	if _, ok := ReportCategory(p.Theme); p.Theme != "" && !ok {
		return FieldErrorf("places", "Okänt tema %q / Unknown theme.", p.Theme)
	}
	return nil
}

func isDialogueKind(k string) bool {
	for _, x := range DialogueKinds {
		if k == x {
			return true
		}
	}
	return false
}

// TotalParticipants is the number of participants over all groups.
func (d *Dialogue) TotalParticipants() int {
	n := 0
	for _, c := range d.Participants {
		n += c
	}
	return n
}

// PlaceCategory is the category a named place counts as: its own theme,
// else the dialogue's first theme, else "other".
func (d *Dialogue) PlaceCategory(p DialoguePlace) string {
	switch {
	case p.Theme != "":
		return p.Theme
	case len(d.Themes) > 0:
		return d.Themes[0]
	}
	return "other"
}

// Window is when a place named on day counts as observed, in loc (the
// kommun's zone): the whole day, or 18:00–06:00 when it was named as
// unsafe after dark. People speak of "the evenings", not of an hour, so a
// window, weighted by its dark fraction, is the honest time.
func (p DialoguePlace) Window(day Date, loc *time.Location) (from, to time.Time) {
	y, m, dd := day.Date()
	if p.AfterDark {
		return time.Date(y, m, dd, 18, 0, 0, 0, loc).UTC(), time.Date(y, m, dd+1, 6, 0, 0, 0, loc).UTC()
	}
	return time.Date(y, m, dd, 0, 0, 0, 0, loc).UTC(), time.Date(y, m, dd+1, 0, 0, 0, 0, loc).UTC()
}

// DialogueService stores dialogues; every method enforces the tenant.
type DialogueService interface {
	// CreateDialogue stores d and, with it, each named place as an
	// accepted incident of SourceDialogue. EINVALID, also for a district
	// of another tenant.
	CreateDialogue(ctx context.Context, d *Dialogue) error
	// FindDialogues returns the dialogues dated in [from, to), newest
	// first.
	FindDialogues(ctx context.Context, tenantID int64, from, to Date) ([]*Dialogue, error)
	// FindDialogue returns ENOTFOUND unless the tenant has the dialogue.
	FindDialogue(ctx context.Context, tenantID, id int64) (*Dialogue, error)
	// DeleteDialogue removes a dialogue recorded by mistake and its
	// places' incidents; ENOTFOUND, ECONFLICT if a report was merged into
	// one of those incidents.
	DeleteDialogue(ctx context.Context, tenantID, id int64) error
}
