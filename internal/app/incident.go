package app

import "time"

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
}
