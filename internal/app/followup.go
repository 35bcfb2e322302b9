package app

import (
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

// FollowUp is a tertial report to the council.
type FollowUp struct {
	ID        int64           `json:"-"`
	TenantID  int64           `json:"-"`
	PromiseID int64           `json:"-"`
	Period    Tertial         `json:"period"`
	Status    string          `json:"status"`
	Snapshot  json.RawMessage `json:"snapshot,omitempty"`
	AdoptedAt *time.Time      `json:"adopted_at,omitempty"`
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
