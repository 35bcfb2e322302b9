package open311_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// This file is a small GeoReport v2 client written from the spec, not from
// the package: field names and shapes are the spec's, JSON is decoded
// strictly (an unknown field fails the test) and every XML body must be
// well formed, declared UTF-8 and have the spec's root and item elements.

type specDiscovery struct {
	Changeset  string         `json:"changeset" xml:"changeset"`
	Contact    string         `json:"contact" xml:"contact"`
	KeyService string         `json:"key_service" xml:"key_service"`
	Endpoints  []specEndpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

type specEndpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type specService struct {
	Code        string  `json:"service_code" xml:"service_code"`
	Name        string  `json:"service_name" xml:"service_name"`
	Description *string `json:"description" xml:"description"`
	Metadata    bool    `json:"metadata" xml:"metadata"`
	Type        string  `json:"type" xml:"type"`
	Keywords    *string `json:"keywords" xml:"keywords"`
	Group       *string `json:"group" xml:"group"`
}

type specDefinition struct {
	Code       string          `json:"service_code" xml:"service_code"`
	Attributes []specAttribute `json:"attributes" xml:"attributes>attribute"`
}

type specAttribute struct {
	Variable            bool        `json:"variable" xml:"variable"`
	Code                string      `json:"code" xml:"code"`
	Datatype            string      `json:"datatype" xml:"datatype"`
	Required            bool        `json:"required" xml:"required"`
	DatatypeDescription *string     `json:"datatype_description" xml:"datatype_description"`
	Order               int         `json:"order" xml:"order"`
	Description         *string     `json:"description" xml:"description"`
	Values              []specValue `json:"values" xml:"values>value"`
}

type specValue struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// specRequest is an item of <service_requests>, as returned by GET requests,
// GET request, POST requests and GET tokens (each uses some of the fields).
// service_request_id is a string: the spec's own JSON example (006) is not
// even valid JSON, and ids are opaque.
type specRequest struct {
	ID                *string  `json:"service_request_id" xml:"service_request_id"`
	Token             *string  `json:"token" xml:"token"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       *string  `json:"status_notes" xml:"status_notes"`
	ServiceName       *string  `json:"service_name" xml:"service_name"`
	ServiceCode       *string  `json:"service_code" xml:"service_code"`
	Description       *string  `json:"description" xml:"description"`
	AgencyResponsible *string  `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     *string  `json:"service_notice" xml:"service_notice"`
	Requested         *string  `json:"requested_datetime" xml:"requested_datetime"`
	Updated           *string  `json:"updated_datetime" xml:"updated_datetime"`
	Expected          *string  `json:"expected_datetime" xml:"expected_datetime"`
	Address           *string  `json:"address" xml:"address"`
	AddressID         *string  `json:"address_id" xml:"address_id"`
	Zipcode           *string  `json:"zipcode" xml:"zipcode"`
	Lat               *float64 `json:"lat" xml:"lat"`
	Long              *float64 `json:"long" xml:"long"`
	MediaURL          *string  `json:"media_url" xml:"media_url"`
	AccountID         *string  `json:"account_id" xml:"account_id"`
}

type specError struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// formats are the two encodings every test runs in.
var formats = []string{"json", "xml"}

// checkBody checks the headers and the well-formedness of a response in
// format f, and returns its body.
func checkBody(tb testing.TB, rec *httptest.ResponseRecorder, f string) []byte {
	tb.Helper()
	body := rec.Body.Bytes()
	ct := rec.Header().Get("Content-Type")
	switch f {
	case "json":
		if ct != "application/json; charset=utf-8" {
			tb.Fatalf("Content-Type=%q, want application/json; charset=utf-8", ct)
		}
		if !json.Valid(body) {
			tb.Fatalf("invalid JSON:\n%s", body)
		}
	case "xml":
		if ct != "text/xml; charset=utf-8" {
			tb.Fatalf("Content-Type=%q, want text/xml; charset=utf-8", ct)
		}
		if err := wellFormed(body); err != nil {
			tb.Fatalf("%v:\n%s", err, body)
		}
	}
	return body
}

// wellFormed checks that body is one XML document with the UTF-8
// declaration the spec requires and a single root element.
func wellFormed(body []byte) error {
	if !bytes.HasPrefix(body, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		return errors.New("no UTF-8 XML declaration")
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		return errors.New("not exactly one root element")
	}
	return nil
}

// decodeObject decodes a single-object response (discovery, a service
// definition) whose XML root is root.
func decodeObject[T any](tb testing.TB, rec *httptest.ResponseRecorder, f, root string) T {
	tb.Helper()
	body := checkBody(tb, rec, f)
	var v T
	if f == "json" {
		d := json.NewDecoder(bytes.NewReader(body))
		d.DisallowUnknownFields()
		if err := d.Decode(&v); err != nil {
			tb.Fatalf("decode %s: %v\n%s", root, err, body)
		}
		return v
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	start := rootElement(tb, d, body)
	if start.Name.Local != root {
		tb.Fatalf("root <%s>, want <%s>", start.Name.Local, root)
	}
	if err := d.DecodeElement(&v, &start); err != nil {
		tb.Fatalf("decode %s: %v\n%s", root, err, body)
	}
	return v
}

// decodeList decodes a list response: a JSON array, or an XML root element
// whose children are all item elements.
func decodeList[T any](tb testing.TB, rec *httptest.ResponseRecorder, f, root, item string) []T {
	tb.Helper()
	body := checkBody(tb, rec, f)
	var out []T
	if f == "json" {
		if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
			tb.Fatalf("not a JSON array:\n%s", body)
		}
		d := json.NewDecoder(bytes.NewReader(body))
		d.DisallowUnknownFields()
		if err := d.Decode(&out); err != nil {
			tb.Fatalf("decode %s: %v\n%s", root, err, body)
		}
		return out
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	if start := rootElement(tb, d, body); start.Name.Local != root {
		tb.Fatalf("root <%s>, want <%s>\n%s", start.Name.Local, root, body)
	}
	for {
		tok, err := d.Token()
		if err != nil {
			tb.Fatalf("read %s: %v", root, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local != item {
				tb.Fatalf("<%s> in <%s>, want only <%s>", tok.Name.Local, root, item)
			}
			var v T
			if err := d.DecodeElement(&v, &tok); err != nil {
				tb.Fatalf("decode %s: %v", item, err)
			}
			out = append(out, v)
		case xml.EndElement:
			return out
		}
	}
}

func rootElement(tb testing.TB, d *xml.Decoder, body []byte) xml.StartElement {
	tb.Helper()
	for {
		tok, err := d.Token()
		if err != nil {
			tb.Fatalf("no root element: %v\n%s", err, body)
		}
		if start, ok := tok.(xml.StartElement); ok {
			return start
		}
	}
}

// specErrors decodes the spec's error list and checks that it is not empty
// and that the first code is the HTTP status.
func specErrors(tb testing.TB, rec *httptest.ResponseRecorder, f string) []specError {
	tb.Helper()
	es := decodeList[specError](tb, rec, f, "errors", "error")
	if len(es) == 0 {
		tb.Fatalf("empty error list")
	}
	if es[0].Code != rec.Code {
		tb.Fatalf("error code %d, HTTP status %d", es[0].Code, rec.Code)
	}
	for _, e := range es {
		if e.Description == "" {
			tb.Fatalf("error %d without description", e.Code)
		}
	}
	return es
}

// descriptions joins the error descriptions, for substring checks.
func descriptions(es []specError) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Description)
		b.WriteString("\n")
	}
	return b.String()
}

// do sends one request to h.
func do(h http.Handler, method, target, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func get(h http.Handler, target string) *httptest.ResponseRecorder {
	return do(h, http.MethodGet, target, "", "")
}

const formType = "application/x-www-form-urlencoded; charset=utf-8"

func post(h http.Handler, target, body string) *httptest.ResponseRecorder {
	return do(h, http.MethodPost, target, formType, body)
}
