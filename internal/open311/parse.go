package open311

import (
	"fmt"
	"maps"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trygg-se/trygg/internal/app"
)

// Limits. The spec fixes the 90-day window, the 1,000 results and the
// 4,000-character description; the rest are ours, generous for any honest
// client and small enough that one request cannot tie up the server.
const (
	// MaxPageSize is the most requests one GET returns, and the default.
	MaxPageSize = 1000
	// WindowDays is the longest requested_datetime range of a query.
	WindowDays = 90
	// MaxBody is the largest POST body read.
	MaxBody = 64 << 10

	maxPage        = 1_000_000 // keeps Offset far from overflowing
	maxListItems   = 1000      // ids or codes in one comma list
	maxIDLen       = 200       // service_request_id, token, service_code, address_id, attribute values of lists
	maxKeyLen      = 256       // api_key, jurisdiction_id
	maxDescription = 4000      // characters, per the spec
	maxAddress     = 1000
	maxMediaURL    = 2048
	maxEmail       = 254 // RFC 5321 path limit
	maxString      = 1000
	maxAttributes  = 50  // distinct attribute codes in one POST
	maxAttrValues  = 200 // values over all attributes in one POST
)

// fieldErrors collects every problem of one input, so that a client learns
// them all from one 400 instead of fixing them one round trip at a time.
// It unwraps to its *app.Error values, so app.ErrorCode sees EINVALID.
type fieldErrors []error

func (es *fieldErrors) add(field, format string, args ...any) {
	*es = append(*es, app.FieldErrorf(field, format, args...))
}

func (es fieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

func (es fieldErrors) Unwrap() []error { return es }

// err returns es as an error, or nil when there is nothing in it (a nil
// fieldErrors in an error interface would not be nil).
func (es fieldErrors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// scalar returns the one value of a parameter. "Optional means that the
// response should be the same whether a parameter is passed and is empty or
// is not passed at all", so empty values do not count; two different
// values are an error, as there is no telling which one was meant.
func scalar(v url.Values, key string, errs *fieldErrors) string {
	var got string
	for _, s := range v[key] {
		switch {
		case s == "" || s == got:
		case got != "":
			errs.add(key, "given more than once with different values")
			return ""
		default:
			got = s
		}
	}
	return got
}

// listParam returns the items of a parameter that "can be declared multiple
// times, comma delimited", without blanks and duplicates.
func listParam(v url.Values, key string, maxLen int, errs *fieldErrors) []string {
	var out []string
	for _, s := range v[key] {
		for item := range strings.SplitSeq(s, ",") {
			item = strings.TrimSpace(item)
			switch {
			case item == "" || slices.Contains(out, item):
			case len(out) == maxListItems:
				errs.add(key, "more than %d values", maxListItems)
				return nil
			default:
				if p := checkText(item, maxLen, false); p != "" {
					errs.add(key, "a value %s", p)
					return nil
				}
				out = append(out, item)
			}
		}
	}
	return out
}

// checkText says what is wrong with a client's text, or "" when nothing
// is: it must be UTF-8 (the spec assumes it), have at most max characters,
// and no control characters other than line breaks and tabs in multiline
// text.
func checkText(s string, max int, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("is longer than %d characters", max)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			if multiline {
				return "contains control characters"
			}
			return "contains line breaks or control characters"
		}
	}
	return ""
}

// parseDateTime parses the spec's date/time: the W3C profile of ISO 8601
// with seconds (fractions allowed) or minutes, and a zone, Z or ±hh:mm,
// which the spec says must be there. A space where the offset's sign
// belongs is taken as '+': clients that forget to escape "+01:00" in a
// query string send exactly that, and it cannot mean anything else.
func parseDateTime(s string) (time.Time, bool) {
	if len(s) > 40 {
		return time.Time{}, false
	}
	s = strings.ReplaceAll(s, " ", "+")
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseQuery validates the parameters of GET requests and fills in the
// spec's defaults: the last 90 days before now, all statuses, all
// services, the first page of MaxPageSize.
func parseQuery(v url.Values, now time.Time) (Query, error) {
	var errs fieldErrors
	q := Query{Page: 1, PageSize: MaxPageSize}
	if s := scalar(v, "page", &errs); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			errs.add("page", "must be a whole number from 1 to %d", maxPage)
		}
		q.Page = n
	}
	if s := scalar(v, "page_size", &errs); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPageSize {
			errs.add("page_size", "must be a whole number from 1 to %d", MaxPageSize)
		}
		q.PageSize = n
	}
	if q.IDs = listParam(v, "service_request_id", maxIDLen, &errs); len(q.IDs) > 0 {
		// The ids "override all other arguments": they are not applied,
		// so they are not checked either.
		return q, errs.err()
	}

	q.ServiceCodes = listParam(v, "service_code", maxIDLen, &errs)
	for _, s := range listParam(v, "status", maxIDLen, &errs) {
		switch st := Status(s); st {
		case Open, Closed:
			q.Statuses = append(q.Statuses, st)
		default:
			errs.add("status", "must be open or closed (comma-separated for both)")
		}
	}

	var start, end time.Time
	var ok bool
	if s := scalar(v, "start_date", &errs); s != "" {
		if start, ok = parseDateTime(s); !ok {
			errs.add("start_date", "must be a date and time with a zone, e.g. 2010-01-01T00:00:00Z")
		}
	}
	if s := scalar(v, "end_date", &errs); s != "" {
		if end, ok = parseDateTime(s); !ok {
			errs.add("end_date", "must be a date and time with a zone, e.g. 2010-01-01T00:00:00Z")
		}
	}
	// A missing end (or start) makes a 90-day window with the date given;
	// with neither, the window is the last 90 days, as the spec says.
	switch {
	case start.IsZero() && end.IsZero():
		end = now
		start = now.AddDate(0, 0, -WindowDays)
	case end.IsZero():
		end = start.AddDate(0, 0, WindowDays)
	case start.IsZero():
		start = end.AddDate(0, 0, -WindowDays)
	case end.Before(start):
		errs.add("end_date", "is before start_date")
	case end.After(start.AddDate(0, 0, WindowDays)):
		errs.add("end_date", "may not be more than %d days after start_date", WindowDays)
	}
	q.Start, q.End = start, end
	return q, errs.err()
}

// post is a parsed POST requests, before the service is known.
type post struct {
	apiKey    string
	apiKeyBad bool       // sent twice with different values, or not text
	req       NewRequest // Attributes as sent, not yet checked
}

// parsePost validates the fields of POST requests that need no service
// definition. It reads only the fields it names: first_name, last_name,
// phone, device_id and account_id are never looked at, so they cannot end
// up stored, logged or echoed in an error.
func parsePost(v url.Values) (post, error) {
	var errs fieldErrors
	var p post
	// A bad api_key is the spec's 403, not a field error among the 400s.
	var keyErrs fieldErrors
	p.apiKey = scalar(v, "api_key", &keyErrs)
	p.apiKeyBad = len(keyErrs) > 0 || checkText(p.apiKey, maxKeyLen, false) != ""

	field := func(key string, max int, multiline bool) string {
		s := strings.TrimSpace(scalar(v, key, &errs))
		if pr := checkText(s, max, multiline); pr != "" {
			errs.add(key, "%s", pr)
			return ""
		}
		return s
	}
	in := &p.req
	if in.ServiceCode = field("service_code", maxIDLen, false); in.ServiceCode == "" && !has(errs, "service_code") {
		errs.add("service_code", "is required")
	}
	in.AddressString = field("address_string", maxAddress, true)
	in.AddressID = field("address_id", maxIDLen, false)
	in.Description = field("description", maxDescription, true)

	lat, long := scalar(v, "lat", &errs), scalar(v, "long", &errs)
	switch {
	case lat != "" && long != "":
		la, errLat := strconv.ParseFloat(strings.TrimSpace(lat), 64)
		lo, errLong := strconv.ParseFloat(strings.TrimSpace(long), 64)
		okLat := errLat == nil && la >= -90 && la <= 90 // NaN fails both comparisons
		okLong := errLong == nil && lo >= -180 && lo <= 180
		if !okLat {
			errs.add("lat", "must be a WGS84 latitude in degrees, -90 to 90")
		}
		if !okLong {
			errs.add("long", "must be a WGS84 longitude in degrees, -180 to 180")
		}
		if okLat && okLong {
			in.Point = &LatLong{Lat: la, Long: lo}
		}
	case lat != "":
		errs.add("long", "is required with lat")
	case long != "":
		errs.add("lat", "is required with long")
	}
	if in.Point == nil && in.AddressString == "" && in.AddressID == "" &&
		!has(errs, "lat", "long", "address_string", "address_id") {
		errs.add("location", "is required: lat and long, address_string or address_id")
	}

	if s := field("media_url", maxMediaURL, false); s != "" {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			errs.add("media_url", "must be an absolute http or https URL")
		} else {
			in.MediaURL = s
		}
	}
	if s := field("email", maxEmail, false); s != "" {
		// Only a bare address is taken, not "Name <address>": a name is
		// what Trygg does not collect.
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			errs.add("email", "must be an e-mail address such as namn@example.se")
		} else {
			in.Email = s
		}
	}

	attrs, n := map[string][]string{}, 0
	for _, key := range slices.Sorted(maps.Keys(v)) { // sorted, so errors come in a stable order
		vals := v[key]
		code, ok := attributeCode(key)
		if !ok {
			continue
		}
		if code == "" {
			errs.add("attribute", "a parameter is not of the form attribute[code] or attribute[code][] with a code of letters, digits and _ . : -")
			continue
		}
		for _, s := range vals {
			if s = strings.TrimSpace(s); s == "" {
				continue // an empty value is no value
			}
			if n++; n > maxAttrValues {
				errs.add("attribute", "more than %d values", maxAttrValues)
				return p, errs.err()
			}
			if pr := checkText(s, maxDescription, true); pr != "" {
				errs.add("attribute["+code+"]", "%s", pr)
				continue
			}
			attrs[code] = append(attrs[code], s)
		}
		if len(attrs) > maxAttributes {
			errs.add("attribute", "more than %d attributes", maxAttributes)
			return p, errs.err()
		}
	}
	if len(attrs) > 0 {
		in.Attributes = attrs
	}
	return p, errs.err()
}

// has reports whether errs already holds an error about one of fields,
// so that a bad value is not reported a second time as a missing one.
func has(errs fieldErrors, fields ...string) bool {
	for _, e := range errs {
		if ae, ok := e.(*app.Error); ok && slices.Contains(fields, ae.Field) {
			return true
		}
	}
	return false
}

// attributeCode returns the code of an attribute[code] or attribute[code][]
// parameter; ok is false for other parameters, code is "" for a malformed
// one. Codes are limited to a safe set of characters so that they can be
// named in error messages.
func attributeCode(key string) (code string, ok bool) {
	rest, ok := strings.CutPrefix(key, "attribute")
	if !ok || (rest != "" && rest[0] != '[') {
		return "", false // another parameter, e.g. "attributes"
	}
	rest, _ = strings.CutSuffix(rest, "[]")
	if len(rest) < 3 || rest[0] != '[' || rest[len(rest)-1] != ']' || len(rest)-2 > maxIDLen {
		return "", true
	}
	code = rest[1 : len(rest)-1]
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.:-", r)) {
			return "", true
		}
	}
	return code, true
}

// checkAttributes checks the attributes sent against the service's
// definition and returns those to store. Unknown codes are an error rather
// than dropped silently, so that a client with an outdated definition
// finds out.
func checkAttributes(s Service, sent map[string][]string) (map[string][]string, error) {
	var errs fieldErrors
	for _, code := range slices.Sorted(maps.Keys(sent)) {
		if !slices.ContainsFunc(s.Attributes, func(a Attribute) bool { return a.Code == code }) {
			errs.add("attribute["+code+"]", "is not an attribute of service %s", s.Code)
		}
	}
	out := map[string][]string{}
	for _, a := range s.Attributes {
		field := "attribute[" + a.Code + "]"
		vals := sent[a.Code]
		switch {
		case len(vals) == 0:
			if a.Variable && a.Required {
				errs.add(field, "is required")
			}
			continue
		case !a.Variable:
			errs.add(field, "is information only and takes no value")
			continue
		case len(vals) > 1 && a.Datatype != MultiValueList:
			errs.add(field, "takes one value")
			continue
		}
		if a.Datatype == MultiValueList {
			vals = dedupe(vals)
		}
		if p := checkValue(a, vals); p != "" {
			errs.add(field, "%s", p)
			continue
		}
		out[a.Code] = vals
	}
	if len(out) == 0 {
		out = nil
	}
	return out, errs.err()
}

// dedupe returns vals without repeats, in their first order.
func dedupe(vals []string) []string {
	var out []string
	for _, v := range vals {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// checkValue says what is wrong with the values of a variable attribute.
func checkValue(a Attribute, vals []string) string {
	switch a.Datatype {
	case String:
		return checkText(vals[0], maxString, false)
	case Text:
		return checkText(vals[0], maxDescription, true)
	case Number:
		if f, err := strconv.ParseFloat(vals[0], 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "must be a number"
		}
	case DateTime:
		if _, ok := parseDateTime(vals[0]); !ok {
			return "must be a date and time with a zone, e.g. 2010-01-01T00:00:00Z"
		}
	case SingleValueList, MultiValueList:
		for _, v := range vals {
			if !slices.ContainsFunc(a.Values, func(av AttributeValue) bool { return av.Key == v }) {
				return "must be one of the keys in the service definition"
			}
		}
	default:
		// The definition is the Backend's; a datatype the spec does not
		// know cannot be checked, so its input is refused rather than
		// stored unchecked.
		return "has a datatype this server cannot check"
	}
	return ""
}
