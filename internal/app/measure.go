package app

import (
	"context"
	"strings"
	"time"
)

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
	DistrictKey      string    `json:"district"` // filled on reads
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// MeasureTypes are the kinds of measure a tenant starts with.
var MeasureTypes = []string{"patrol", "lighting", "vegetation", "camera", "safety_host", "youth_activity", "supervision", "dialogue", "other"}

// Owner parties of a measure.
var MeasureOwners = []string{PartyKommun, PartyPolis, PartyJoint, "property_owner"}

// Validate reports the first invalid field of m. A measure must name the
// problem it answers: Brå found that link is what measures usually lack.
func (m *Measure) Validate() error {
	oneOf := func(v string, set []string) bool {
		for _, s := range set {
			if v == s {
				return true
			}
		}
		return false
	}
	switch {
	case strings.TrimSpace(m.Title) == "" || len(m.Title) > 200:
		return FieldErrorf("title", "Ange en rubrik (högst 200 tecken) / Give a title (at most 200 characters).")
	case !oneOf(m.Type, MeasureTypes):
		return FieldErrorf("type", "Välj typ av åtgärd / Choose a type.")
	case m.Horizon != HorizonShort && m.Horizon != HorizonLong:
		return FieldErrorf("horizon", "Välj kort eller lång sikt / Choose short or long term.")
	case !oneOf(m.OwnerParty, MeasureOwners):
		return FieldErrorf("owner_party", "Välj ansvarig part / Choose the owner.")
	case m.ProblemFocusArea == "" && strings.TrimSpace(m.ProblemRef) == "":
		return FieldErrorf("problem", "Ange vilket problem åtgärden svarar mot / Name the problem the measure answers.")
	case m.Progress < 0 || m.Progress > 100:
		return FieldErrorf("progress", "Framsteg anges 0–100 %% / Progress is 0–100 %%.")
	case m.PlannedStart != nil && m.PlannedEnd != nil && m.PlannedEnd.Before(*m.PlannedStart):
		return FieldErrorf("planned_end", "Planerat slut före start / Planned end before start.")
	case len(m.Description) > 5000:
		return FieldErrorf("description", "Beskrivningen är för lång / The description is too long.")
	}
	switch m.Status {
	case MeasurePlanned, MeasureStarted, MeasureDone:
	case MeasureCancelled, MeasureNotFeasible:
		if strings.TrimSpace(m.StatusReason) == "" {
			return FieldErrorf("status_reason", "Ange skälet / Give the reason.")
		}
	default:
		return FieldErrorf("status", "Okänd status / Unknown status.")
	}
	return nil
}

// MeasureService stores measures; every method enforces the tenant.
type MeasureService interface {
	// CreateMeasure returns EINVALID.
	CreateMeasure(ctx context.Context, m *Measure) error
	// UpdateMeasure replaces the editable fields; EINVALID, ENOTFOUND.
	UpdateMeasure(ctx context.Context, m *Measure) error
	// FindMeasure returns ENOTFOUND unless the tenant has it.
	FindMeasure(ctx context.Context, tenantID, id int64) (*Measure, error)
	// FindMeasures returns the tenant's measures, newest first.
	FindMeasures(ctx context.Context, tenantID int64) ([]*Measure, error)
}
