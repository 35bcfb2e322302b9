package app

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// Assessment is a coordinator's written lägesbild for a period: what we
// see, why we think so, and what it means for the promise. Figures holds
// the figures it cites as they were when it was written (JSON), so that
// later imports and reviews never change what it said. A new version
// supersedes an earlier one, which is kept.
type Assessment struct {
	ID         int64           `json:"id"`
	TenantID   int64           `json:"-"`
	WrittenOn  Date            `json:"written_on"`
	From, To   Date            `json:"-"` // the period the figures cover, To inclusive
	Title      string          `json:"title"`
	Seen       string          `json:"seen"`
	Why        string          `json:"why"`
	Meaning    string          `json:"meaning"`
	Figures    json.RawMessage `json:"figures"`
	Supersedes *int64          `json:"supersedes,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
}

// Validate reports the first invalid field.
func (a *Assessment) Validate() error {
	switch {
	case strings.TrimSpace(a.Title) == "" || len(a.Title) > 200:
		return FieldErrorf("title", "Ange en rubrik (högst 200 tecken) / Give a title.")
	case strings.TrimSpace(a.Seen) == "" || strings.TrimSpace(a.Why) == "" || strings.TrimSpace(a.Meaning) == "":
		return FieldErrorf("seen", "Skriv vad ni ser, varför ni tror det och vad det betyder för löftet / Write what you see, why, and what it means.")
	case len(a.Seen)+len(a.Why)+len(a.Meaning) > 30000:
		return FieldErrorf("seen", "Texten är för lång / The text is too long.")
	case a.From.IsZero() || a.To.IsZero() || a.To.Before(a.From):
		return FieldErrorf("period", "Perioden är ogiltig / The period is invalid.")
	case !json.Valid(a.Figures):
		return FieldErrorf("figures", "Siffrorna saknas / The figures are missing.")
	}
	return nil
}

// AssessmentService stores assessments; they are never changed, only
// superseded by new versions.
type AssessmentService interface {
	// CreateAssessment stores a; a.Supersedes, if set, must be the
	// tenant's; EINVALID.
	CreateAssessment(ctx context.Context, a *Assessment) error
	// FindAssessments returns the tenant's assessments, newest first.
	FindAssessments(ctx context.Context, tenantID int64) ([]*Assessment, error)
	// FindAssessment returns ENOTFOUND unless the tenant has it.
	FindAssessment(ctx context.Context, tenantID, id int64) (*Assessment, error)
}
