package app

import "time"

// Measure statuses.
const (
	MeasurePlanned     = "planned"
	MeasureStarted     = "started"
	MeasureDone        = "done"
	MeasureCancelled   = "cancelled"    // needs a reason
	MeasureNotFeasible = "not_feasible" // needs a reason
)

// Measure horizons.
const (
	HorizonShort = "short"
	HorizonLong  = "long"
)

// Measure is an åtgärd: something done in a place to answer a problem. Every
// measure names the problem it answers (ProblemFocusArea or ProblemRef);
// Brå found that this link is what is usually missing.
type Measure struct {
	ID           int64    `json:"-"`
	TenantID     int64    `json:"-"`
	PromiseID    int64    `json:"-"`
	ParentID     *int64   `json:"-"`
	Type         string   `json:"type"` // patrol, lighting, vegetation, camera, …
	Horizon      string   `json:"horizon"`
	OwnerParty   string   `json:"owner_party"`
	Unit         string   `json:"unit"` // responsible unit
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	DistrictID   *int64   `json:"-"`
	Lat, Lon     *float64 `json:"-"`
	PlannedStart *Date    `json:"planned_start"`
	PlannedEnd   *Date    `json:"planned_end"`
	ActualStart  *Date    `json:"actual_start"`
	ActualEnd    *Date    `json:"actual_end"`
	Status       string   `json:"status"`
	StatusReason string   `json:"status_reason"`
	Progress     int      `json:"progress"` // 0–100
	// The problem answered: a focus area key and/or a reference to an
	// incident cluster, hotspot, survey finding or safety-walk finding.
	ProblemFocusArea string    `json:"problem_focus_area"`
	ProblemRef       string    `json:"problem_ref"`
	Synthetic        bool      `json:"synthetic"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}
