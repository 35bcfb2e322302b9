// Package open311 serves Trygg's reports through Open311 GeoReport v2
// (http://wiki.open311.org/GeoReport_v2), the standard that municipal case
// systems and third-party apps already speak. It is only the protocol: paths,
// parameters, validation, the XML and JSON encodings and the error lists.
// What a jurisdiction, a service or a request is in Trygg is decided by the
// Backend, which the web layer implements.
//
// The routes, all under /open311/:
//
//	GET       /open311/discovery.{json,xml}
//	GET       /open311/v2/services.{json,xml}
//	GET       /open311/v2/services/{service_code}.{json,xml}
//	GET, POST /open311/v2/requests.{json,xml}
//	GET       /open311/v2/requests/{service_request_id}.{json,xml}
//	GET       /open311/v2/tokens/{token}.{json,xml}
//
// Privacy (places, not persons): of the personal fields the spec lets a
// client send with a new request, only email reaches the Backend, so that
// the reporter can be told about progress. first_name, last_name, phone,
// device_id and account_id are never read, and no response echoes any of
// them.
//
// Where the spec leaves room, this package decides:
//   - Statuses: 404 for what does not exist (including unknown formats and
//     paths), 403 for a missing or bad api_key, 400 for any other client
//     error, as the spec says; but 429 for a rate limit and 500 for our own
//     failures, whose details are logged, never sent. Wrong methods get
//     405 with Allow. Every error body is the spec's list of {code,
//     description}, and all field errors of a request come in one list.
//   - GET requests: without dates the window is the last 90 days; with one
//     date it is the 90 days from start_date or up to end_date; a range of
//     more than 90 days is a 400, not silently cut. page (from 1) and
//     page_size (1–1000, default 1000) page through the rest.
//   - Output: ids are strings. Fields the spec lists are always present,
//     null (JSON) or empty (XML) when unknown, except expected_datetime,
//     account_id and, after a POST, whichever of service_request_id and
//     token is not given, which are left out.
package open311

import (
	"context"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// Backend is what Trygg gives the protocol; the web package implements it.
// Every method returns *app.Error values for what the client did wrong; the
// handler turns their codes into the spec's statuses (ENOTFOUND 404,
// EFORBIDDEN and EUNAUTHENTICATED 403, ERATELIMIT 429, EINVALID and the rest
// 400) and uses the Message, prefixed with the Field if there is one, as the
// error description. Any other error is a 500 whose details are logged and
// never sent.
type Backend interface {
	// Jurisdiction resolves a jurisdiction_id. id is "" when the client sent
	// none: return the only tenant, or EINVALID ("jurisdiction_id is
	// required") when the installation serves several. An unknown id is
	// ENOTFOUND.
	Jurisdiction(ctx context.Context, id string) (Jurisdiction, error)

	// Services returns the service types citizens can report in j, each
	// with its attributes (the service definition). The handler serves
	// both the list and single definitions from it, and checks POSTed
	// attributes against it, so it should be cheap (it is a short list).
	Services(ctx context.Context, j Jurisdiction) ([]Service, error)

	// Requests returns the public requests matching q, which is validated
	// and defaulted: at most q.PageSize requests after skipping q.Offset(),
	// newest requested_datetime first (then by ID, so pages are stable).
	// When q.IDs is set it is the only filter, as the spec says.
	Requests(ctx context.Context, j Jurisdiction, q Query) ([]Request, error)

	// Request returns one public request; ENOTFOUND when it does not exist
	// or is not public (unreviewed, rejected, another tenant's).
	Request(ctx context.Context, j Jurisdiction, id string) (Request, error)

	// Token tells what became of a request created with a token (a service
	// of type batch). TokenStatus.ServiceRequestID is "" while the request
	// has no public id yet (e.g. it awaits review). ENOTFOUND for an
	// unknown token.
	Token(ctx context.Context, j Jurisdiction, token string) (TokenStatus, error)

	// Create files a new request. in is validated against the service's
	// definition already; apiKey is non-empty but unchecked. Return
	// EFORBIDDEN (or EUNAUTHENTICATED) for a key that is not valid for j,
	// ERATELIMIT when the key has sent too much, EINVALID with a Field
	// for what only Trygg can judge (e.g. a point outside the kommun).
	// Free text (Description, AddressString, string and text attributes)
	// is unmasked client input: mask personal data before storing it.
	Create(ctx context.Context, j Jurisdiction, apiKey string, in NewRequest) (Created, error)
}

// Jurisdiction is a tenant as Open311 sees it. The handler does not look
// inside; it hands it back to the Backend on every later call.
type Jurisdiction struct {
	ID     string      // jurisdiction_id, e.g. "katrineholm.se"
	Tenant *app.Tenant // the tenant the Backend resolved it to
}

// ServiceType says what a client gets back from POST requests.
type ServiceType string

// Service types of the spec.
const (
	Realtime ServiceType = "realtime" // service_request_id at once
	Batch    ServiceType = "batch"    // a token, later exchanged for an id
	Blackbox ServiceType = "blackbox" // neither
)

// Service is a kind of request citizens can make (a report category in
// Trygg). Its metadata flag is derived: true when it has attributes.
type Service struct {
	Code        string // service_code
	Name        string // service_name
	Description string
	Type        ServiceType // "" is taken as Realtime
	Keywords    string      // comma-separated synonyms
	Group       string
	Attributes  []Attribute // the service definition; may be empty
}

// Datatype is the type of an attribute's input.
type Datatype string

// Attribute datatypes of the spec.
const (
	String          Datatype = "string" // one line
	Number          Datatype = "number"
	DateTime        Datatype = "datetime"
	Text            Datatype = "text" // may have line breaks
	SingleValueList Datatype = "singlevaluelist"
	MultiValueList  Datatype = "multivaluelist"
)

// Attribute is one extra field of a service definition.
type Attribute struct {
	Variable            bool // false: shown to the user, takes no input
	Code                string
	Datatype            Datatype
	Required            bool
	DatatypeDescription string
	Order               int // 1 is shown first
	Description         string
	Values              []AttributeValue // for the list datatypes
}

// AttributeValue is one choice of a list attribute.
type AttributeValue struct {
	Key  string
	Name string
}

// Status is a request's state. Open311 knows only these two; the Backend
// maps Trygg's own states onto them.
type Status string

// Request statuses.
const (
	Open   Status = "open"
	Closed Status = "closed"
)

// LatLong is a WGS84 point.
type LatLong struct {
	Lat, Long float64
}

// Request is a public service request. Empty strings and zero times are
// sent as null (JSON) or an empty element (XML), except Expected, which is
// left out when zero; times are written in their own zone.
type Request struct {
	ID                string // service_request_id
	Status            Status // must be Open or Closed
	StatusNotes       string
	ServiceName       string
	ServiceCode       string
	Description       string
	AgencyResponsible string
	ServiceNotice     string
	Requested         time.Time
	Updated           time.Time
	Expected          time.Time
	Address           string
	AddressID         string
	Zipcode           string
	Point             *LatLong // nil when the request has no coordinates
	MediaURL          string
}

// Query is a validated GET requests query.
type Query struct {
	// IDs, when set, are the service_request_ids asked for; all the
	// other filters are then ignored (the spec says the ids override
	// them), Start and End are zero.
	IDs []string
	// ServiceCodes and Statuses are empty for "any".
	ServiceCodes []string
	Statuses     []Status
	// Start and End bound requested_datetime, both inclusive. They are
	// always set when IDs is empty and never more than 90 days apart.
	Start, End time.Time
	// Page counts from 1; PageSize is 1..MaxPageSize.
	Page, PageSize int
}

// Offset is the number of requests before the page.
func (q Query) Offset() int { return (q.Page - 1) * q.PageSize }

// TokenStatus is the answer to GET tokens/{token}.
type TokenStatus struct {
	Token            string
	ServiceRequestID string // "" while the request has no public id
}

// NewRequest is a validated POST requests. It holds no name, phone or
// device: the handler never reads those fields.
type NewRequest struct {
	ServiceCode string
	// Location: at least one of Point, AddressString and AddressID is set.
	Point         *LatLong
	AddressString string
	AddressID     string
	Description   string // at most 4,000 characters, may have line breaks
	MediaURL      string // an absolute http(s) URL, or ""
	// Email is only for telling the reporter about progress; never publish it.
	Email string
	// Attributes maps an attribute code to its values (one, except for a
	// multivaluelist), checked against the service definition.
	Attributes map[string][]string
}

// Created is what the Backend made of a NewRequest. Set ServiceRequestID
// for a realtime service or Token for a batch one; if both are set only
// the id is sent, as the spec allows only one.
type Created struct {
	ServiceRequestID string
	Token            string
	ServiceNotice    string // what happens next, e.g. that it is reviewed first
}
