package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"time"
)

// The wire types follow the spec's field names. Both encodings come from
// one set of structs: the spec defines JSON as a mechanical mapping of the
// XML (the "Spark convention"), in which an empty element is null.

// format is a response encoding, chosen by the resource's extension.
type format int

const (
	formatXML format = iota // the spec's required format, so the default
	formatJSON
)

func (f format) contentType() string {
	if f == formatJSON {
		return "application/json; charset=utf-8"
	}
	return "text/xml; charset=utf-8"
}

// nstr is a string that is null in JSON, an empty element in XML, when "".
type nstr string

func (s nstr) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// ntime is a date/time in the spec's W3C format, in the time's own zone
// (the spec wants the offset, not UTC); null or empty when zero.
type ntime time.Time

func (t ntime) String() string {
	if time.Time(t).IsZero() {
		return ""
	}
	return time.Time(t).Format(time.RFC3339)
}

func (t ntime) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

func (t ntime) MarshalJSON() ([]byte, error) { return nstr(t.String()).MarshalJSON() }

// nfloat is a coordinate; null or empty when absent. It is written in the
// shortest form that reads back exactly, never in exponent form.
type nfloat struct {
	v  float64
	ok bool
}

func coord(v float64) nfloat { return nfloat{v, !math.IsNaN(v) && !math.IsInf(v, 0)} }

func (f nfloat) MarshalText() ([]byte, error) {
	if !f.ok {
		return nil, nil
	}
	return strconv.AppendFloat(nil, f.v, 'f', -1, 64), nil
}

func (f nfloat) MarshalJSON() ([]byte, error) {
	if !f.ok {
		return []byte("null"), nil
	}
	return f.MarshalText()
}

// list is a JSON array and, in XML, an element with one child named item
// per value: <services><service>…</service></services>. An empty list is
// [] in JSON, never null, and an empty element in XML.
type list[T any] struct {
	item  string
	items []T
}

func newList[T any](item string, items []T) list[T] { return list[T]{item, items} }

func (l list[T]) MarshalJSON() ([]byte, error) {
	if len(l.items) == 0 {
		return []byte("[]"), nil
	}
	return json.Marshal(l.items)
}

func (l list[T]) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, it := range l.items {
		if err := e.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: l.item}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

type wireDiscovery struct {
	Changeset  string             `json:"changeset" xml:"changeset"`
	Contact    string             `json:"contact" xml:"contact"`
	KeyService string             `json:"key_service" xml:"key_service"`
	Endpoints  list[wireEndpoint] `json:"endpoints" xml:"endpoints"`
}

type wireEndpoint struct {
	Specification string       `json:"specification" xml:"specification"`
	URL           string       `json:"url" xml:"url"`
	Changeset     string       `json:"changeset" xml:"changeset"`
	Type          string       `json:"type" xml:"type"`
	Formats       list[string] `json:"formats" xml:"formats"`
}

type wireService struct {
	Code        string `json:"service_code" xml:"service_code"`
	Name        string `json:"service_name" xml:"service_name"`
	Description nstr   `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    nstr   `json:"keywords" xml:"keywords"`
	Group       nstr   `json:"group" xml:"group"`
}

func toWireService(s Service) wireService {
	typ := s.Type
	if typ == "" {
		typ = Realtime
	}
	return wireService{
		Code: s.Code, Name: s.Name, Description: nstr(s.Description),
		Metadata: len(s.Attributes) > 0, Type: string(typ),
		Keywords: nstr(s.Keywords), Group: nstr(s.Group),
	}
}

type wireDefinition struct {
	Code       string              `json:"service_code" xml:"service_code"`
	Attributes list[wireAttribute] `json:"attributes" xml:"attributes"`
}

type wireAttribute struct {
	Variable            bool             `json:"variable" xml:"variable"`
	Code                string           `json:"code" xml:"code"`
	Datatype            string           `json:"datatype" xml:"datatype"`
	Required            bool             `json:"required" xml:"required"`
	DatatypeDescription nstr             `json:"datatype_description" xml:"datatype_description"`
	Order               int              `json:"order" xml:"order"`
	Description         nstr             `json:"description" xml:"description"`
	Values              *list[wireValue] `json:"values,omitempty" xml:"values,omitempty"`
}

type wireValue struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

func toWireDefinition(s Service) wireDefinition {
	attrs := make([]wireAttribute, len(s.Attributes))
	for i, a := range s.Attributes {
		attrs[i] = wireAttribute{
			Variable: a.Variable, Code: a.Code, Datatype: string(a.Datatype), Required: a.Required,
			DatatypeDescription: nstr(a.DatatypeDescription), Order: a.Order, Description: nstr(a.Description),
		}
		if a.Datatype == SingleValueList || a.Datatype == MultiValueList {
			vals := make([]wireValue, len(a.Values))
			for j, v := range a.Values {
				vals[j] = wireValue(v)
			}
			attrs[i].Values = new(newList("value", vals))
		}
	}
	return wireDefinition{Code: s.Code, Attributes: newList("attribute", attrs)}
}

type wireRequest struct {
	ID                nstr   `json:"service_request_id" xml:"service_request_id"`
	Status            string `json:"status" xml:"status"`
	StatusNotes       nstr   `json:"status_notes" xml:"status_notes"`
	ServiceName       nstr   `json:"service_name" xml:"service_name"`
	ServiceCode       nstr   `json:"service_code" xml:"service_code"`
	Description       nstr   `json:"description" xml:"description"`
	AgencyResponsible nstr   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     nstr   `json:"service_notice" xml:"service_notice"`
	Requested         ntime  `json:"requested_datetime" xml:"requested_datetime"`
	Updated           ntime  `json:"updated_datetime" xml:"updated_datetime"`
	Expected          *ntime `json:"expected_datetime,omitempty" xml:"expected_datetime,omitempty"`
	Address           nstr   `json:"address" xml:"address"`
	AddressID         nstr   `json:"address_id" xml:"address_id"`
	Zipcode           nstr   `json:"zipcode" xml:"zipcode"`
	Lat               nfloat `json:"lat" xml:"lat"`
	Long              nfloat `json:"long" xml:"long"`
	MediaURL          nstr   `json:"media_url" xml:"media_url"`
}

// toWireRequest fails for a status the spec does not know: sending it
// would break clients that rely on the two values, and it is a Backend bug.
func toWireRequest(r Request) (wireRequest, error) {
	if r.Status != Open && r.Status != Closed {
		return wireRequest{}, fmt.Errorf("open311: request %q has status %q, want open or closed", r.ID, r.Status)
	}
	w := wireRequest{
		ID: nstr(r.ID), Status: string(r.Status), StatusNotes: nstr(r.StatusNotes),
		ServiceName: nstr(r.ServiceName), ServiceCode: nstr(r.ServiceCode), Description: nstr(r.Description),
		AgencyResponsible: nstr(r.AgencyResponsible), ServiceNotice: nstr(r.ServiceNotice),
		Requested: ntime(r.Requested), Updated: ntime(r.Updated),
		Address: nstr(r.Address), AddressID: nstr(r.AddressID), Zipcode: nstr(r.Zipcode),
		MediaURL: nstr(r.MediaURL),
	}
	if !r.Expected.IsZero() {
		w.Expected = new(ntime(r.Expected))
	}
	if r.Point != nil {
		w.Lat, w.Long = coord(r.Point.Lat), coord(r.Point.Long)
		if !w.Lat.ok || !w.Long.ok {
			w.Lat, w.Long = nfloat{}, nfloat{}
		}
	}
	return w, nil
}

// wireCreated answers a POST: the spec sends service_request_id or token,
// never both, and leaves out what it has not got.
type wireCreated struct {
	ID            nstr `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
	Token         nstr `json:"token,omitempty" xml:"token,omitempty"`
	ServiceNotice nstr `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
}

func toWireCreated(c Created) wireCreated {
	w := wireCreated{ID: nstr(c.ServiceRequestID), ServiceNotice: nstr(c.ServiceNotice)}
	if c.ServiceRequestID == "" {
		w.Token = nstr(c.Token)
	}
	return w
}

// wireToken answers GET tokens: service_request_id is null until the
// request has one.
type wireToken struct {
	ID    nstr `json:"service_request_id" xml:"service_request_id"`
	Token nstr `json:"token" xml:"token"`
}

type wireError struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// encode renders v; XML gets the declaration the spec requires and root as
// its root element. It encodes into memory so that a failure can still be
// answered with a clean error instead of half a document.
func encode(f format, root string, v any) ([]byte, error) {
	var buf bytes.Buffer
	if f == formatJSON {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("open311: encode %s as json: %w", root, err)
		}
		return buf.Bytes(), nil
	}
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}}); err != nil {
		return nil, fmt.Errorf("open311: encode %s as xml: %w", root, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("open311: encode %s as xml: %w", root, err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
