package app

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Follow-up statuses. An adopted follow-up is a frozen snapshot.
const (
	FollowUpDraft   = "draft"
	FollowUpAdopted = "adopted"
)

// FollowUp is a tertial report to the council. While a draft it is made
// anew from the data on every view; adoption freezes it: Snapshot then
// holds the report exactly as the council adopted it.
type FollowUp struct {
	ID       int64   `json:"-"`
	TenantID int64   `json:"-"`
	Period   Tertial `json:"period"`
	Status   string  `json:"status"`
	// Commentary is the coordinator's text per report section.
	Commentary map[string]string `json:"commentary"`
	Snapshot   json.RawMessage   `json:"snapshot,omitempty"`
	AdoptedAt  *time.Time        `json:"adopted_at,omitempty"`
	UpdatedAt  time.Time         `json:"updated_at"`
	// Corrections are the earlier versions of an adopted follow-up, each
	// with the reason it was corrected, oldest first.
	Corrections []FollowUpCorrection `json:"corrections,omitempty"`
}

// FollowUpCorrection is a replaced version of an adopted follow-up.
type FollowUpCorrection struct {
	At       time.Time       `json:"at"`
	Reason   string          `json:"reason"`
	Previous json.RawMessage `json:"previous"` // the snapshot it replaced
}

// FollowUpService stores follow-ups; every method enforces the tenant.
type FollowUpService interface {
	// FindFollowUp returns the tenant's follow-up for the period, or a new
	// draft (ID 0) when there is none.
	FindFollowUp(ctx context.Context, tenantID int64, period Tertial) (*FollowUp, error)
	// FindFollowUps returns the tenant's stored follow-ups, newest first.
	FindFollowUps(ctx context.Context, tenantID int64) ([]*FollowUp, error)
	// SaveCommentary stores a draft's commentary; ECONFLICT once adopted.
	SaveCommentary(ctx context.Context, tenantID int64, period Tertial, commentary map[string]string) error
	// AdoptFollowUp freezes the follow-up with its snapshot; ECONFLICT if
	// it is adopted already.
	AdoptFollowUp(ctx context.Context, tenantID int64, period Tertial, snapshot json.RawMessage) error
	// CorrectFollowUp replaces an adopted follow-up's snapshot with a
	// corrected one, keeping the old one with the reason; ECONFLICT unless
	// adopted, EINVALID without a reason.
	CorrectFollowUp(ctx context.Context, tenantID int64, period Tertial, reason string, snapshot json.RawMessage) error
}

// Tertial is a third of a year: T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec.
type Tertial struct {
	Year int
	N    int // 1, 2 or 3
}

var tertialRE = regexp.MustCompile(`^([0-9]{4})-T([1-3])$`)

// ParseTertial parses "2023-T2".
func ParseTertial(s string) (Tertial, error) {
	m := tertialRE.FindStringSubmatch(s)
	if m == nil {
		return Tertial{}, Errorf(EINVALID, "Ogiltig period %q, ange t.ex. 2023-T2.", s)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	return Tertial{y, n}, nil
}

func (t Tertial) String() string { return fmt.Sprintf("%04d-T%d", t.Year, t.N) }

// Start is the tertial's first day.
func (t Tertial) Start() Date { return NewDate(t.Year, time.Month(4*(t.N-1)+1), 1) }

// End is the day after the tertial's last day (exclusive end).
func (t Tertial) End() Date {
	if t.N == 3 {
		return NewDate(t.Year+1, time.January, 1)
	}
	return NewDate(t.Year, time.Month(4*t.N+1), 1)
}

// MarshalJSON writes "2023-T2".
func (t Tertial) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }
