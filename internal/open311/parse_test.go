package open311

import (
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trygg-se/trygg/internal/app"
)

var fuzzNow = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

func TestParseDateTime(t *testing.T) {
	plus2 := time.FixedZone("", 2*3600)
	for _, tt := range []struct {
		in   string
		want time.Time // zero: refused
	}{
		{"1994-11-05T08:15:30-05:00", time.Date(1994, 11, 5, 13, 15, 30, 0, time.UTC)},
		{"1994-11-05T13:15:30Z", time.Date(1994, 11, 5, 13, 15, 30, 0, time.UTC)},
		{"2026-06-01T18:00:00.250+02:00", time.Date(2026, 6, 1, 18, 0, 0, 250e6, plus2)},
		{"2026-06-01T18:00+02:00", time.Date(2026, 6, 1, 18, 0, 0, 0, plus2)},
		{"2026-06-01T18:00:00 02:00", time.Date(2026, 6, 1, 18, 0, 0, 0, plus2)}, // "+" decoded to " "
		{"2026-06-01T18:00:00", time.Time{}},                                     // no zone
		{"2026-06-01", time.Time{}},
		{"2026-06-01 18:00:00Z", time.Time{}},
		{"2026-13-01T00:00:00Z", time.Time{}},
		{"2026-06-01T24:00:00Z", time.Time{}},
		{"2026-06-01T18:00:00+0200", time.Time{}},
		{"1717257600", time.Time{}},
		{"", time.Time{}},
		{strings.Repeat("2", 100), time.Time{}},
	} {
		got, ok := parseDateTime(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("parseDateTime(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestAttributeCode(t *testing.T) {
	for _, tt := range []struct {
		key, code string
		ok        bool
	}{
		{"attribute[kind]", "kind", true},
		{"attribute[when][]", "when", true},
		{"attribute[WHISPAWN]", "WHISPAWN", true},
		{"attribute[a.b:c-d_e]", "a.b:c-d_e", true},
		{"attribute", "", true},
		{"attribute[]", "", true},
		{"attribute[]]", "", true},
		{"attribute[a][b]", "", true},
		{"attribute[a b]", "", true},
		{"attribute[å]", "", true},
		{"attribute[" + strings.Repeat("a", maxIDLen+1) + "]", "", true},
		{"attributes", "", false},
		{"attr[x]", "", false},
		{"description", "", false},
	} {
		code, ok := attributeCode(tt.key)
		if code != tt.code || ok != tt.ok {
			t.Errorf("attributeCode(%q) = %q, %v; want %q, %v", tt.key, code, ok, tt.code, tt.ok)
		}
	}
}

func TestCheckText(t *testing.T) {
	for _, tt := range []struct {
		in        string
		max       int
		multiline bool
		ok        bool
	}{
		{"Järnvägsgatan 5", 20, false, true},
		{"rad ett\r\nrad två\tflik", 40, true, true},
		{"rad ett\nrad två", 40, false, false},
		{"åäö", 3, false, true}, // characters, not bytes
		{"åäöx", 3, false, false},
		{"a\x00b", 10, true, false},
		{"a\u0085b", 10, true, false}, // NEL is a C1 control
		{"\xff", 10, true, false},
	} {
		if got := checkText(tt.in, tt.max, tt.multiline); (got == "") != tt.ok {
			t.Errorf("checkText(%q, %d, %v) = %q, want ok %v", tt.in, tt.max, tt.multiline, got, tt.ok)
		}
	}
}

// fuzzService has an attribute of every datatype.
var fuzzService = Service{Code: "s", Attributes: []Attribute{
	{Variable: true, Code: "str", Datatype: String},
	{Variable: true, Code: "txt", Datatype: Text},
	{Variable: true, Code: "num", Datatype: Number, Required: true},
	{Variable: true, Code: "dt", Datatype: DateTime},
	{Variable: true, Code: "one", Datatype: SingleValueList, Values: []AttributeValue{{"a", "A"}, {"b", "B"}}},
	{Variable: true, Code: "many", Datatype: MultiValueList, Values: []AttributeValue{{"a", "A"}, {"b", "B"}}},
	{Variable: false, Code: "info", Datatype: Text},
}}

// checkInvalid fails unless err is a non-empty list of EINVALID errors,
// each with a message, which is what the handler turns into a 400.
func checkInvalid(t *testing.T, err error) {
	t.Helper()
	var fe fieldErrors
	if !errors.As(err, &fe) || len(fe) == 0 {
		t.Fatalf("error %T %v is not a fieldErrors", err, err)
	}
	for _, e := range fe {
		ae, ok := e.(*app.Error)
		if !ok || ae.Code != app.EINVALID || ae.Message == "" || ae.Field == "" {
			t.Fatalf("error %#v is not an EINVALID field error", e)
		}
	}
	if app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("ErrorCode = %q", app.ErrorCode(err))
	}
}

// FuzzParseQuery: any query string either gives field errors or a query
// within the spec's bounds.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"",
		"status=open,closed&service_code=a,b&page=2&page_size=50",
		"start_date=2026-01-01T00:00:00Z&end_date=2026-03-01T00:00:00%2B02:00",
		"start_date=2026-01-01T00:00:00+02:00",
		"end_date=2026-04-01T00:00Z",
		"service_request_id=1,2,,3&status=nope",
		"start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
		"page=999999999999999999999&page_size=-1",
		"start_date=0000-01-01T00:00:00Z",
		"end_date=9999-12-31T23:59:59.999999999-23:59",
		"status=open&status=closed&status=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return // the handler refuses these before parseQuery
		}
		q, err := parseQuery(v, fuzzNow)
		if err != nil {
			checkInvalid(t, err)
			return
		}
		if q.Page < 1 || q.Page > maxPage || q.PageSize < 1 || q.PageSize > MaxPageSize || q.Offset() < 0 {
			t.Fatalf("paging out of bounds: %+v", q)
		}
		if len(q.IDs) > 0 {
			if len(q.IDs) > maxListItems || !q.Start.IsZero() || q.ServiceCodes != nil || q.Statuses != nil {
				t.Fatalf("ids query has other filters: %+v", q)
			}
			return
		}
		if q.Start.IsZero() || q.End.IsZero() || q.End.Before(q.Start) || q.End.After(q.Start.AddDate(0, 0, WindowDays)) {
			t.Fatalf("window [%v, %v] out of bounds", q.Start, q.End)
		}
		for _, s := range q.Statuses {
			if s != Open && s != Closed {
				t.Fatalf("status %q", s)
			}
		}
		for _, c := range q.ServiceCodes {
			if c == "" || checkText(c, maxIDLen, false) != "" {
				t.Fatalf("service code %q", c)
			}
		}
	})
}

// FuzzParsePost: any form body either gives field errors or a request with
// a service, a location and text within limits; the attribute check then
// never lets through a value the definition does not allow.
func FuzzParsePost(f *testing.F) {
	for _, s := range []string{
		"api_key=k&service_code=s&lat=58.99&long=16.2&description=Trasig+lampa",
		"api_key=k&service_code=s&address_string=Torget&attribute[num]=3&attribute[many][]=a&attribute[many][]=b&attribute[one]=a",
		"service_code=s&address_id=1&attribute[dt]=2026-06-01T18:00:00%2B02:00&attribute[str]=x&attribute[txt]=a%0Ab",
		"service_code=s&lat=NaN&long=Inf",
		"service_code=s&lat=1e400&long=-0",
		"service_code=&lat=58",
		"service_code=s&address_id=1&attribute[info]=x&attribute[]=1&attribute[x][y]=2",
		"service_code=s&address_id=1&email=a%40b.se&media_url=https%3A%2F%2Fx.se%2Fa.jpg&first_name=A&phone=1",
		"service_code=s&address_id=1&description=%FF%00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body) // partial values too: more paths to try
		p, err := parsePost(v)
		if err != nil {
			checkInvalid(t, err)
			return
		}
		in := p.req
		if in.ServiceCode == "" || (in.Point == nil && in.AddressString == "" && in.AddressID == "") {
			t.Fatalf("no service or location: %+v", in)
		}
		if pt := in.Point; pt != nil && !(math.Abs(pt.Lat) <= 90 && math.Abs(pt.Long) <= 180) {
			t.Fatalf("point %+v", *pt)
		}
		for _, s := range []string{in.ServiceCode, in.AddressString, in.AddressID, in.Description, in.MediaURL, in.Email} {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxDescription {
				t.Fatalf("text %q", s)
			}
		}
		if len(in.Attributes) > maxAttributes {
			t.Fatalf("%d attributes", len(in.Attributes))
		}
		attrs, err := checkAttributes(fuzzService, in.Attributes)
		if err != nil {
			checkInvalid(t, err)
			return
		}
		if _, ok := attrs["num"]; !ok {
			t.Fatalf("required attribute missing: %v", attrs)
		}
		for code, vals := range attrs {
			if code == "info" || len(vals) == 0 || (len(vals) > 1 && code != "many") {
				t.Fatalf("attribute %s = %q let through", code, vals)
			}
			if code == "one" || code == "many" {
				for _, v := range vals {
					if v != "a" && v != "b" {
						t.Fatalf("list value %q let through", v)
					}
				}
			}
		}
	})
}
