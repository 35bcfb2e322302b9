package app

import (
	"context"
	"iter"
	"time"
)

// Incident sources.
const (
	SourcePolice  = "police"  // police events API notices
	SourceEST     = "est"     // staff observation (EST method)
	SourceCitizen = "citizen" // citizen report
	SourceWalk    = "walk"    // safety-walk finding
	SourceCSV     = "csv"     // generic import
)

// Review states. Nothing unreviewed counts in public figures.
const (
	ReviewPending  = "pending"
	ReviewAccepted = "accepted"
	ReviewRejected = "rejected"
	ReviewMerged   = "merged" // duplicate of another incident
)

// Incident is one händelse or observation. Its time is an instant
// (OccurredFrom == OccurredTo) or a window known only roughly ("sometime
// tonight"), which analyses weight by the window's dark fraction.
type Incident struct {
	ID           int64      `json:"-"`
	TenantID     int64      `json:"-"`
	Source       string     `json:"source"`
	ExternalID   string     `json:"external_id"` // e.g. the police notice id
	ParentID     *int64     `json:"-"`           // a night-summary notice's item points to the notice
	Category     string     `json:"category"`
	FocusArea    string     `json:"focus_area"` // focus area key, or ""
	OccurredFrom time.Time  `json:"occurred_from"`
	OccurredTo   time.Time  `json:"occurred_to"`
	PublishedAt  *time.Time `json:"published_at,omitempty"`
	Lat, Lon     *float64   `json:"-"`
	DistrictID   *int64     `json:"-"` // nil: kommun-wide or outside every district
	Place        string     `json:"place"`
	Text         string     `json:"text"` // personal data masked before storing
	ReviewState  string     `json:"review_state"`
	Synthetic    bool       `json:"synthetic"`
	CreatedAt    time.Time  `json:"created_at"`

	// Darkness is dark, twilight or light for an instant, "" for a window,
	// which has DarkFraction (0–1) instead. An instant's fraction is 1 if
	// dark, else 0, so that sums over both kinds are meaningful.
	Darkness     string  `json:"darkness"`
	DarkFraction float64 `json:"dark_fraction"`
	// SourceRef leads back to the source row: "FILE:LINE", a notice id or
	// a report id.
	SourceRef   string `json:"source_ref"`
	DistrictKey string `json:"district"` // filled on reads
	// ParentExternalID links a night-summary item to its notice on import.
	ParentExternalID string `json:"-"`
	Unsafety         *int   `json:"unsafety,omitempty"` // EST: how unsafe it felt, 1–5
	ReporterID       *int64 `json:"-"`
	ReviewNote       string `json:"review_note,omitempty"`
	// MergedInto is the report a duplicate was merged into.
	MergedInto *int64 `json:"merged_into,omitempty"`
	// StatusTokenHash and ContactEmail belong to a citizen report: the
	// hash of its private status link, and an address for a reply that no
	// page or API ever shows.
	StatusTokenHash string `json:"-"`
	ContactEmail    string `json:"-"`
}

// IsWindow reports whether the incident is known only to a time window.
func (i *Incident) IsWindow() bool { return i.OccurredTo.After(i.OccurredFrom) }

// Validate reports the first invalid field.
func (i *Incident) Validate() error {
	switch {
	case i.Source == "":
		return FieldErrorf("source", "Källa saknas.")
	case i.OccurredFrom.IsZero():
		return FieldErrorf("occurred_from", "Tidpunkt saknas.")
	case i.OccurredTo.Before(i.OccurredFrom):
		return FieldErrorf("occurred_to", "Tidsfönstret slutar före det börjar.")
	case i.Unsafety != nil && (*i.Unsafety < 1 || *i.Unsafety > 5):
		return FieldErrorf("unsafety", "Otryggheten anges 1–5.")
	case len(i.Text) > 10000:
		return FieldErrorf("text", "Texten får vara högst 10 000 tecken.")
	}
	switch i.ReviewState {
	case ReviewPending, ReviewAccepted, ReviewRejected, ReviewMerged:
	default:
		return FieldErrorf("review_state", "Okänt granskningsläge %q.", i.ReviewState)
	}
	return nil
}

// IncidentFilter narrows an incident listing; zero fields are not applied.
type IncidentFilter struct {
	From, To    time.Time // occurred_from in [From, To)
	Source      string
	District    string // district key; "-" for kommun-wide (no district)
	FocusArea   string
	Category    string
	Darkness    string // dark, twilight, light, window
	ReviewState string
	ReporterID  *int64
	Limit       int // 0: 100
	Offset      int
}

// IncidentFact is the part of an incident that figures are made of: what,
// where (district, and the point when asked for), when and how dark — no
// text, no place name, nothing about who reported it.
type IncidentFact struct {
	ID                          int64
	Source, Category, FocusArea string
	DistrictKey                 string // "" is kommun-wide
	OccurredFrom, OccurredTo    time.Time
	Darkness                    string
	DarkFraction                float64
	ReviewState                 string
	Lat, Lon                    *float64
}

// IncidentService stores incidents. Every method takes the tenant and
// enforces it in its queries.
type IncidentService interface {
	// UpsertIncidents stores incidents from an import in one transaction:
	// new (source, external id) pairs are added, changed ones updated,
	// identical ones left alone.
	// It reads incs as a stream, so that a million-row file is never held
	// in memory; an error from incs rolls everything back.
	UpsertIncidents(ctx context.Context, tenantID int64, incs iter.Seq2[*Incident, error]) (ImportResult, error)
	// CreateIncident stores one report (EST, citizen); EINVALID.
	CreateIncident(ctx context.Context, inc *Incident) error
	// FindIncidents lists incidents, newest first, with the total.
	FindIncidents(ctx context.Context, tenantID int64, f IncidentFilter) ([]*Incident, int, error)
	// FindIncidentFacts returns what the lägesbild counts of the incidents
	// f selects, in no order and without a total; f.Limit 0 means all.
	// Points only when asked: without them it reads an index alone.
	FindIncidentFacts(ctx context.Context, tenantID int64, f IncidentFilter, points bool) ([]IncidentFact, error)
	// FindIncident returns ENOTFOUND unless the tenant has it.
	FindIncident(ctx context.Context, tenantID, id int64) (*Incident, error)
	// FindIncidentByStatusToken returns the incident whose status link has
	// the hash, or ENOTFOUND.
	FindIncidentByStatusToken(ctx context.Context, tenantID int64, tokenHash string) (*Incident, error)
	// ReviewIncident records a reviewer's decision, keeping the original
	// in the audit log; EINVALID, ENOTFOUND.
	ReviewIncident(ctx context.Context, tenantID, id int64, rv Review) error
}

// Review is a reviewer's decision on a pending report.
type Review struct {
	State string // accepted, rejected (needs a Note), merged (needs MergedInto), pending
	Note  string
	// Edit, when not nil, corrects category, district and text.
	Edit *IncidentEdit
	// MergedInto is the report this one repeats. It must be another of the
	// tenant's reports that is not itself merged away.
	MergedInto int64
}

// IncidentEdit is a reviewer's correction of a report.
type IncidentEdit struct {
	Category   string
	DistrictID *int64
	Text       string
}

// BraFigure is one kommun's reported crime in a year, from Brå's open
// statistics; KommunCode "" is the national total.
type BraFigure struct {
	Year       int
	KommunCode string
	KommunName string
	Count      *int
	Per100k    *float64
}
