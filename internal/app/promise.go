package app

import (
	"context"
	"time"
)

// Promise statuses, in the order a promise moves through them.
const (
	PromiseDraft   = "draft"
	PromiseAdopted = "adopted"
	PromiseActive  = "active"
	PromiseEnded   = "ended"
)

// Parties to an agreement or a commitment.
const (
	PartyKommun = "kommun"
	PartyPolis  = "polis"
	PartyJoint  = "joint" // kommun and polis together
)

// Agreement is the samverkansöverenskommelse between kommun and police; a
// promise is part of one.
type Agreement struct {
	ID        int64     `json:"-"`
	TenantID  int64     `json:"-"`
	Title     string    `json:"title"`
	ValidFrom time.Time `json:"valid_from"`
	ValidTo   time.Time `json:"valid_to"`
}

// Promise is a medborgarlöfte: what kommun and police promise the citizens
// for a period, with its focus areas, priority districts and commitments.
type Promise struct {
	ID               int64         `json:"-"`
	TenantID         int64         `json:"-"`
	AgreementID      int64         `json:"-"`
	Slug             string        `json:"slug"` // e.g. "2022-2023"
	Title            string        `json:"title"`
	Parties          []string      `json:"parties"` // PartyKommun, PartyPolis
	Signatories      []Signatory   `json:"signatories"`
	ValidFrom        Date          `json:"valid_from"`
	ValidTo          Date          `json:"valid_to"`
	Background       string        `json:"background"` // the lägesbild in words
	Goal             string        `json:"goal"`       // the overall goal (effekter)
	FollowUp         string        `json:"follow_up"`  // how and to whom it is followed up
	FollowUpsPerYear int           `json:"follow_ups_per_year"`
	Council          string        `json:"council"` // e.g. "Rådet för trygghet och säkerhet"
	Status           string        `json:"status"`
	FocusAreas       []*FocusArea  `json:"focus_areas"`
	Commitments      []*Commitment `json:"commitments"`
	// PriorityDistricts holds district keys.
	PriorityDistricts []string `json:"priority_districts"`
}

// Signatory signs a promise for a party. Only a role and a name of office are
// kept; the promise is a public document.
type Signatory struct {
	Party string `json:"party"`
	Title string `json:"title"` // e.g. "Kommunstyrelsens ordförande"
	Name  string `json:"name,omitempty"`
}

// FocusArea is a problem the promise targets, e.g. violence or drugs.
type FocusArea struct {
	ID          int64  `json:"-"`
	Key         string `json:"key"` // "violence", "drugs", "youth_crime"
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	Description string `json:"description"`
}

// Commitment is one thing the parties promise to do ("Kommunen och Polisen
// lovar gemensamt att …"), with example measures.
type Commitment struct {
	ID       int64    `json:"-"`
	Party    string   `json:"party"`
	Text     string   `json:"text"`
	Examples []string `json:"examples"`
}

// Validate reports the first invalid field of p.
func (p *Promise) Validate() error {
	switch {
	case p.Title == "":
		return FieldErrorf("title", "Rubriken måste anges.")
	case p.ValidFrom.IsZero() || p.ValidTo.IsZero():
		return FieldErrorf("valid_from", "Giltighetstiden måste anges.")
	case p.ValidTo.Before(p.ValidFrom):
		return FieldErrorf("valid_to", "Giltighetstiden kan inte sluta före den börjar.")
	}
	switch p.Status {
	case PromiseDraft, PromiseAdopted, PromiseActive, PromiseEnded:
	default:
		return FieldErrorf("status", "Okänd status %q.", p.Status)
	}
	return nil
}

// PromiseService manages promises.
type PromiseService interface {
	// FindPromises returns a tenant's promises, newest validity first, with
	// focus areas, commitments and priority districts attached.
	FindPromises(ctx context.Context, tenantID int64) ([]*Promise, error)
}
