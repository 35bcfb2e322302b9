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
	ProblemFocusArea string `json:"problem_focus_area"`
	ProblemRef       string `json:"problem_ref"`
	Synthetic        bool   `json:"synthetic"`
	DistrictKey      string `json:"district"` // filled on reads
	// CostSEK is what the measure cost in kronor, when known.
	CostSEK *int `json:"cost_sek,omitempty"`
	// Milestones are dated steps on the way, in date order.
	Milestones []Milestone `json:"milestones"`
	// Camera is what the law asks of camera surveillance since April 2025;
	// nil for other measures.
	Camera    *CameraAssessment `json:"camera,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Milestone is a dated step of a measure.
type Milestone struct {
	Date Date   `json:"date"`
	Text string `json:"text"`
	Done bool   `json:"done"`
}

// CameraAssessment is the documented balancing of interests
// (intresseavvägning) a camera needs, where it looks, and when the
// decision is to be reviewed.
type CameraAssessment struct {
	Assessed *Date  `json:"assessed"` // date of the balancing of interests
	Decision string `json:"decision"`
	Document string `json:"document"` // reference to the document (diarienummer)
	View     string `json:"view"`     // place and what the camera sees
	Review   *Date  `json:"review"`   // review by this date
}

// ReviewOverdue reports whether a camera's review date has passed on day.
func (m *Measure) ReviewOverdue(day Date) bool {
	return m.Type == "camera" && m.Camera != nil && m.Camera.Review != nil && m.Camera.Review.Before(day) &&
		m.Status != MeasureCancelled && m.Status != MeasureNotFeasible
}

// RollUp sets each parent's progress to the mean of its children's, from
// the leaves up, and returns the measures ordered parent first with the
// depth of each. A parent's own progress is what it had only when it has
// no children.
func RollUp(ms []*Measure) (ordered []*Measure, depth map[int64]int) {
	children := map[int64][]*Measure{}
	byID := map[int64]*Measure{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	var roots []*Measure
	for _, m := range ms {
		if m.ParentID != nil && byID[*m.ParentID] != nil && *m.ParentID != m.ID {
			children[*m.ParentID] = append(children[*m.ParentID], m)
		} else {
			roots = append(roots, m)
		}
	}
	depth = map[int64]int{}
	seen := map[int64]bool{}
	var walk func(m *Measure, d int) int
	walk = func(m *Measure, d int) int {
		if seen[m.ID] { // a cycle in stored data: stop rather than loop
			return m.Progress
		}
		seen[m.ID] = true
		ordered = append(ordered, m)
		depth[m.ID] = d
		if cs := children[m.ID]; len(cs) > 0 {
			sum := 0
			for _, c := range cs {
				sum += walk(c, d+1)
			}
			m.Progress = (sum + len(cs)/2) / len(cs)
		}
		return m.Progress
	}
	for _, r := range roots {
		walk(r, 0)
	}
	for _, m := range ms { // only in a cycle, which the store refuses to make
		if !seen[m.ID] {
			walk(m, 0)
		}
	}
	return ordered, depth
}

// MeasureTypes are the kinds of measure a tenant starts with.
var MeasureTypes = []string{"patrol", "lighting", "vegetation", "camera", "safety_host", "youth_activity", "supervision", "dialogue", "other"}

// Owner parties of a measure.
var MeasureOwners = []string{PartyKommun, PartyPolis, PartyJoint, "property_owner"}

// Validate reports the first invalid field of m. A measure must name the
// problem it answers: Brå found that link is what measures usually lack.
// Whether its type is one of the tenant's (Tenant.AllMeasureTypes) the
// store checks, since it knows the tenant.
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
	case strings.TrimSpace(m.Type) == "" || len(m.Type) > 60:
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
	case m.ParentID != nil && m.ID != 0 && *m.ParentID == m.ID:
		return FieldErrorf("parent", "En åtgärd kan inte vara sin egen huvudåtgärd / A measure cannot be its own parent.")
	case m.CostSEK != nil && (*m.CostSEK < 0 || *m.CostSEK > 1_000_000_000):
		return FieldErrorf("cost", "Kostnaden anges i hela kronor, 0 eller mer / Cost is whole kronor, 0 or more.")
	case len(m.Milestones) > 50:
		return FieldErrorf("milestones", "Högst 50 delmål / At most 50 milestones.")
	}
	for _, ms := range m.Milestones {
		if strings.TrimSpace(ms.Text) == "" || len(ms.Text) > 300 || ms.Date.IsZero() {
			return FieldErrorf("milestones", "Varje delmål behöver datum och text (högst 300 tecken) / Each milestone needs a date and a text.")
		}
	}
	// A camera may be planned before it is assessed, but not run without
	// the documented balancing of interests the law asks for.
	if m.Type == "camera" && (m.Status == MeasureStarted || m.Status == MeasureDone) {
		c := m.Camera
		if c == nil || c.Assessed == nil || strings.TrimSpace(c.Decision) == "" || strings.TrimSpace(c.Document) == "" || c.Review == nil {
			return FieldErrorf("camera", "En kamera som är igång behöver en dokumenterad intresseavvägning (datum, beslut, dokument) och ett omprövningsdatum / A running camera needs a documented balancing of interests and a review date.")
		}
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
	// UpdateMeasures updates several in one transaction: all or none.
	UpdateMeasures(ctx context.Context, tenantID int64, ms []*Measure) error
	// FindMeasure returns ENOTFOUND unless the tenant has it.
	FindMeasure(ctx context.Context, tenantID, id int64) (*Measure, error)
	// FindMeasures returns the tenant's measures, newest first.
	FindMeasures(ctx context.Context, tenantID int64) ([]*Measure, error)
}
