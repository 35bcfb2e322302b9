package open311_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/open311"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	stockholm = mustLocation("Europe/Stockholm")
	now       = time.Date(2026, 6, 15, 12, 0, 0, 0, stockholm)
)

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// backend is an in-memory Backend. The real one lives in the web package
// and has its own integration test; this one only has to behave as the
// interface's comments say.
type backend struct {
	tenants  map[string]*app.Tenant // by jurisdiction_id
	services []open311.Service
	requests []open311.Request // newest first
	tokens   map[string]open311.TokenStatus
	keys     map[string]bool
	fail     error // returned by every method after Jurisdiction, when set
	discard  bool  // do not keep created requests (fuzzing makes millions)

	mu      sync.Mutex
	query   open311.Query
	created []open311.NewRequest
}

func (b *backend) Jurisdiction(ctx context.Context, id string) (open311.Jurisdiction, error) {
	if id == "" {
		if len(b.tenants) != 1 {
			return open311.Jurisdiction{}, app.Errorf(app.EINVALID, "jurisdiction_id is required: this server serves %d jurisdictions", len(b.tenants))
		}
		for id, t := range b.tenants {
			return open311.Jurisdiction{ID: id, Tenant: t}, nil
		}
	}
	t, ok := b.tenants[id]
	if !ok {
		return open311.Jurisdiction{}, &app.Error{Code: app.ENOTFOUND, Field: "jurisdiction_id", Message: "not found"}
	}
	return open311.Jurisdiction{ID: id, Tenant: t}, nil
}

func (b *backend) Services(ctx context.Context, j open311.Jurisdiction) ([]open311.Service, error) {
	return b.services, b.fail
}

func (b *backend) Requests(ctx context.Context, j open311.Jurisdiction, q open311.Query) ([]open311.Request, error) {
	if b.fail != nil {
		return nil, b.fail
	}
	b.mu.Lock()
	b.query = q
	b.mu.Unlock()
	var out []open311.Request
	for _, r := range b.requests {
		switch {
		case len(q.IDs) > 0:
			if !slices.Contains(q.IDs, r.ID) {
				continue
			}
		case len(q.ServiceCodes) > 0 && !slices.Contains(q.ServiceCodes, r.ServiceCode),
			len(q.Statuses) > 0 && !slices.Contains(q.Statuses, r.Status),
			r.Requested.Before(q.Start) || r.Requested.After(q.End):
			continue
		}
		out = append(out, r)
	}
	out = out[min(q.Offset(), len(out)):]
	return out[:min(q.PageSize, len(out))], nil
}

func (b *backend) Request(ctx context.Context, j open311.Jurisdiction, id string) (open311.Request, error) {
	if b.fail != nil {
		return open311.Request{}, b.fail
	}
	for _, r := range b.requests {
		if r.ID == id {
			return r, nil
		}
	}
	return open311.Request{}, &app.Error{Code: app.ENOTFOUND, Field: "service_request_id", Message: "not found"}
}

func (b *backend) Token(ctx context.Context, j open311.Jurisdiction, token string) (open311.TokenStatus, error) {
	if b.fail != nil {
		return open311.TokenStatus{}, b.fail
	}
	ts, ok := b.tokens[token]
	if !ok {
		return ts, &app.Error{Code: app.ENOTFOUND, Field: "token", Message: "not found"}
	}
	return ts, nil
}

func (b *backend) Create(ctx context.Context, j open311.Jurisdiction, key string, in open311.NewRequest) (open311.Created, error) {
	if !b.keys[key] {
		return open311.Created{}, &app.Error{Code: app.EFORBIDDEN, Field: "api_key", Message: "is not valid for " + j.ID}
	}
	if b.fail != nil {
		return open311.Created{}, b.fail
	}
	if !b.discard {
		b.mu.Lock()
		b.created = append(b.created, in)
		b.mu.Unlock()
	}
	notice := "Din rapport granskas innan den publiceras. / Your report is reviewed before it is published."
	if in.ServiceCode == "gathering" {
		return open311.Created{Token: "tok-1", ServiceNotice: notice}, nil
	}
	return open311.Created{ServiceRequestID: "KH-0100", ServiceNotice: notice}, nil
}

func tenant(slug string) *app.Tenant {
	return &app.Tenant{ID: int64(len(slug)), Slug: slug, Name: slug + " kommun"}
}

// newBackend is one tenant, Katrineholm, with three services and three
// public requests.
func newBackend() *backend {
	return &backend{
		tenants: map[string]*app.Tenant{"katrineholm.se": tenant("katrineholm")},
		services: []open311.Service{
			{
				Code: "poor_lighting", Name: "Dålig belysning", Description: "Trasig eller saknad belysning",
				Keywords: "lampa, mörkt, gatlykta", Group: "miljö",
				Attributes: []open311.Attribute{
					{Variable: true, Code: "kind", Datatype: open311.SingleValueList, Required: true, Order: 1,
						Description: "Vad är det för belysning?",
						Values:      []open311.AttributeValue{{Key: "street", Name: "Gatubelysning"}, {Key: "path", Name: "Gång- och cykelväg"}}},
					{Variable: true, Code: "when", Datatype: open311.MultiValueList, Order: 2, Description: "När är det mörkt?",
						Values: []open311.AttributeValue{{Key: "evening", Name: "Kväll"}, {Key: "night", Name: "Natt"}}},
					{Variable: true, Code: "count", Datatype: open311.Number, Order: 3, Description: "Hur många lampor?",
						DatatypeDescription: "Ett heltal"},
					{Variable: true, Code: "since", Datatype: open311.DateTime, Order: 4, Description: "Sedan när?"},
					{Variable: false, Code: "info", Datatype: open311.Text, Order: 5, Description: "Akuta fel: ring 0150-570 00."},
				},
			},
			{Code: "vegetation", Name: "Skymmande växtlighet", Type: open311.Realtime},
			{Code: "gathering", Name: "Personer som samlas och skapar otrygghet", Type: open311.Batch, Group: "ordning"},
		},
		requests: []open311.Request{
			{
				ID: "KH-0003", Status: open311.Open, ServiceCode: "poor_lighting", ServiceName: "Dålig belysning",
				Description: "Tre lampor är trasiga vid gångtunneln.", AgencyResponsible: "Samhällsbyggnadsförvaltningen",
				Requested: time.Date(2026, 6, 14, 22, 15, 0, 0, stockholm), Updated: time.Date(2026, 6, 15, 8, 0, 0, 0, stockholm),
				Address: "Gångtunneln vid Järnvägsgatan, Centrum, Katrineholm", Point: &open311.LatLong{Lat: 58.99578, Long: 16.20562},
			},
			{
				ID: "KH-0002", Status: open311.Closed, StatusNotes: "Buskarna är klippta.", ServiceCode: "vegetation",
				ServiceName: "Skymmande växtlighet", ServiceNotice: "Åtgärdas inom två veckor.",
				Requested: time.Date(2026, 5, 2, 9, 30, 0, 0, time.UTC), Updated: time.Date(2026, 5, 20, 14, 0, 0, 0, stockholm),
				Expected: time.Date(2026, 5, 16, 0, 0, 0, 0, stockholm),
				Address:  "Stadsparken, Katrineholm", AddressID: "KH-ADR-17", Zipcode: "641 30",
				MediaURL: "https://trygg.example.se/media/KH-0002.jpg",
			},
			{
				ID: "KH-0001", Status: open311.Open, ServiceCode: "poor_lighting", ServiceName: "Dålig belysning",
				Requested: time.Date(2026, 1, 10, 17, 0, 0, 0, stockholm), Updated: time.Date(2026, 1, 10, 17, 0, 0, 0, stockholm),
			},
		},
		tokens: map[string]open311.TokenStatus{
			"tok-pending": {Token: "tok-pending"},
			"tok-done":    {Token: "tok-done", ServiceRequestID: "KH-0003"},
		},
		keys: map[string]bool{"nyckel-1": true},
	}
}

func mustHandler(tb testing.TB, b open311.Backend) *open311.Handler {
	tb.Helper()
	return mustHandlerLog(tb, b, slog.New(slog.DiscardHandler))
}

func mustHandlerLog(tb testing.TB, b open311.Backend, log *slog.Logger) *open311.Handler {
	tb.Helper()
	h, err := open311.New(b, open311.Config{
		Log:        log,
		BaseURL:    "https://trygg.example.se/",
		Contact:    "Trygg, Katrineholms kommun: trygg@katrineholm.se",
		KeyService: "Ansök om API-nyckel hos kommunen: trygg@katrineholm.se",
		Changeset:  "2026-06-01T00:00:00Z",
		Now:        func() time.Time { return now },
	})
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", name, got)
	}
}

func TestNew(t *testing.T) {
	for _, base := range []string{"", "trygg.example.se", "ftp://trygg.example.se", "https://", "https://x/?a=b", "/open311"} {
		if _, err := open311.New(newBackend(), open311.Config{BaseURL: base}); err == nil {
			t.Errorf("New(BaseURL %q) accepted", base)
		}
	}
	if _, err := open311.New(nil, open311.Config{BaseURL: "https://x"}); err == nil {
		t.Error("New(nil backend) accepted")
	}
}

func TestDiscovery(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := get(h, "/open311/discovery."+f)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			d := decodeObject[specDiscovery](t, rec, f, "discovery")
			want := specDiscovery{
				Changeset:  "2026-06-01T00:00:00Z",
				Contact:    "Trygg, Katrineholms kommun: trygg@katrineholm.se",
				KeyService: "Ansök om API-nyckel hos kommunen: trygg@katrineholm.se",
				Endpoints: []specEndpoint{{
					Specification: "http://wiki.open311.org/GeoReport_v2",
					URL:           "https://trygg.example.se/open311/v2",
					Changeset:     "2026-06-01T00:00:00Z",
					Type:          "production",
					Formats:       []string{"text/xml", "application/json"},
				}},
			}
			if !reflect.DeepEqual(d, want) {
				t.Errorf("discovery\n got %+v\nwant %+v", d, want)
			}
			golden(t, "discovery."+f, rec.Body.Bytes())
		})
	}
}

func TestServices(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := get(h, "/open311/v2/services."+f)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			ss := decodeList[specService](t, rec, f, "services", "service")
			if got, want := len(ss), 3; got != want {
				t.Fatalf("%d services, want %d", got, want)
			}
			if s := ss[0]; s.Code != "poor_lighting" || s.Name != "Dålig belysning" || !s.Metadata || s.Type != "realtime" ||
				s.Keywords == nil || *s.Keywords != "lampa, mörkt, gatlykta" || s.Group == nil || *s.Group != "miljö" {
				t.Errorf("services[0] = %+v", s)
			}
			if s := ss[1]; s.Metadata || s.Type != "realtime" {
				t.Errorf("services[1]: metadata %v, type %q; want false, realtime", s.Metadata, s.Type)
			}
			if s := ss[2]; s.Type != "batch" {
				t.Errorf("services[2].type = %q, want batch", s.Type)
			}
			if f == "json" && (ss[1].Description != nil || ss[1].Group != nil) {
				t.Errorf("empty description and group should be null: %+v", ss[1])
			}
			golden(t, "services."+f, rec.Body.Bytes())
		})
	}
}

func TestServiceDefinition(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := get(h, "/open311/v2/services/poor_lighting."+f)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			d := decodeObject[specDefinition](t, rec, f, "service_definition")
			if d.Code != "poor_lighting" || len(d.Attributes) != 5 {
				t.Fatalf("definition = %+v", d)
			}
			a := d.Attributes[0]
			if !a.Variable || a.Code != "kind" || a.Datatype != "singlevaluelist" || !a.Required || a.Order != 1 ||
				!reflect.DeepEqual(a.Values, []specValue{{"street", "Gatubelysning"}, {"path", "Gång- och cykelväg"}}) {
				t.Errorf("attributes[0] = %+v", a)
			}
			if a := d.Attributes[2]; a.Datatype != "number" || a.Values != nil || *a.DatatypeDescription != "Ett heltal" {
				t.Errorf("attributes[2] = %+v", a)
			}
			if a := d.Attributes[4]; a.Variable {
				t.Errorf("attributes[4].variable = true, want false")
			}
			golden(t, "service_definition."+f, rec.Body.Bytes())

			// A service without attributes has an empty definition, not a 404.
			rec = get(h, "/open311/v2/services/vegetation."+f)
			if rec.Code != http.StatusOK {
				t.Fatalf("vegetation: status %d\n%s", rec.Code, rec.Body)
			}
			if d := decodeObject[specDefinition](t, rec, f, "service_definition"); d.Code != "vegetation" || len(d.Attributes) != 0 {
				t.Errorf("vegetation definition = %+v", d)
			}
			if f == "json" && !strings.Contains(rec.Body.String(), `"attributes": []`) {
				t.Errorf("attributes should be [], not null:\n%s", rec.Body)
			}
		})
	}
}

// TestNotFound: unknown resources, services and formats are 404 in the
// spec's error format: JSON when the path asks for it, XML otherwise.
func TestNotFound(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, tt := range []struct {
		path   string
		format string
	}{
		{"/open311/v2/services/no_such_service.json", "json"},
		{"/open311/v2/services/no_such_service.xml", "xml"},
		{"/open311/v2/services.html", "xml"},
		{"/open311/v2/services.JSON", "xml"},
		{"/open311/v2/services", "xml"},
		{"/open311/v2/services.", "xml"},
		{"/open311/v2/services/.json", "json"},
		{"/open311/v2/services/poor_lighting.csv", "xml"},
		{"/open311/v2/requests.yaml", "xml"},
		{"/open311/v2/requests/KH-0003.txt", "xml"},
		{"/open311/v2/requests/KH-9999.json", "json"},
		{"/open311/v2/requests/KH%00.json", "json"},
		{"/open311/v2/tokens/nope.xml", "xml"},
		{"/open311/discovery.html", "xml"},
		{"/open311/discovery", "xml"},
		{"/open311/v2.json", "json"},
		{"/open311/v2/unknown.json", "json"},
		{"/open311/v3/services.json", "json"},
		{"/open311/", "xml"},
		{"/open311/v2/services/a/b.json", "json"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(h, tt.path)
			if rec.Code != http.StatusNotFound {
				t.Fatalf("status %d, want 404\n%s", rec.Code, rec.Body)
			}
			specErrors(t, rec, tt.format)
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, tt := range []struct {
		method, path, allow string
	}{
		{http.MethodPost, "/open311/v2/services.json", "GET, HEAD"},
		{http.MethodDelete, "/open311/v2/requests.json", "GET, POST, HEAD"},
		{http.MethodPut, "/open311/v2/requests/KH-0003.xml", "GET, HEAD"},
		{http.MethodPost, "/open311/discovery.xml", "GET, HEAD"},
		{http.MethodPost, "/open311/v2/tokens/tok-done.json", "GET, HEAD"},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := do(h, tt.method, tt.path, formType, "")
			if rec.Code != http.StatusMethodNotAllowed {
				t.Fatalf("status %d, want 405\n%s", rec.Code, rec.Body)
			}
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow: %q, want %q", got, tt.allow)
			}
			specErrors(t, rec, strings.TrimPrefix(filepath.Ext(tt.path), "."))
		})
	}
}

func TestHead(t *testing.T) {
	h := mustHandler(t, newBackend())
	rec := do(h, http.MethodHead, "/open311/v2/services.json", "", "")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("HEAD: status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestJurisdiction: with several tenants, jurisdiction_id is required (400)
// and must exist (404), on every resource that takes it.
func TestJurisdiction(t *testing.T) {
	b := newBackend()
	b.tenants["flen.se"] = tenant("flen")
	h := mustHandler(t, b)
	const form = "api_key=nyckel-1&service_code=vegetation&address_string=Stadsparken"
	for _, tt := range []struct {
		name, method, target, body string
		status                     int
		want                       string
	}{
		{"services required", "GET", "/open311/v2/services.json", "", 400, "jurisdiction_id is required"},
		{"services unknown", "GET", "/open311/v2/services.json?jurisdiction_id=stockholm.se", "", 404, "jurisdiction_id: not found"},
		{"services ok", "GET", "/open311/v2/services.json?jurisdiction_id=flen.se", "", 200, ""},
		{"definition required", "GET", "/open311/v2/services/vegetation.xml", "", 400, "jurisdiction_id is required"},
		{"requests required", "GET", "/open311/v2/requests.json", "", 400, "jurisdiction_id is required"},
		{"requests ok", "GET", "/open311/v2/requests.json?jurisdiction_id=katrineholm.se", "", 200, ""},
		{"request required", "GET", "/open311/v2/requests/KH-0003.json", "", 400, "jurisdiction_id is required"},
		{"token unknown", "GET", "/open311/v2/tokens/tok-done.json?jurisdiction_id=x", "", 404, "jurisdiction_id: not found"},
		{"two values", "GET", "/open311/v2/services.json?jurisdiction_id=flen.se&jurisdiction_id=katrineholm.se", "", 400, "jurisdiction_id: given more than once"},
		{"post required", "POST", "/open311/v2/requests.json", form, 400, "jurisdiction_id is required"},
		{"post unknown", "POST", "/open311/v2/requests.json", form + "&jurisdiction_id=nope", 404, "jurisdiction_id: not found"},
		{"post ok", "POST", "/open311/v2/requests.json", form + "&jurisdiction_id=flen.se", 200, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, tt.method, tt.target, formType, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			f := strings.TrimPrefix(filepath.Ext(strings.Split(tt.target, "?")[0]), ".")
			if tt.status != 200 {
				if d := descriptions(specErrors(t, rec, f)); !strings.Contains(d, tt.want) {
					t.Errorf("errors %q, want %q", d, tt.want)
				}
			}
		})
	}
}

// TestQuery: what GET requests passes to the Backend, and which queries
// it refuses with 400.
func TestQuery(t *testing.T) {
	day := func(y int, m time.Month, d, h int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, 0, 0, 0, loc)
	}
	plus2 := time.FixedZone("", 2*3600)
	for _, tt := range []struct {
		name  string
		query string
		want  open311.Query // when status is 200
		errs  []string      // descriptions, when status is 400
	}{
		{name: "defaults: last 90 days, first page of 1000",
			want: open311.Query{Start: now.AddDate(0, 0, -90), End: now, Page: 1, PageSize: 1000}},
		{name: "empty parameters are absent", query: "status=&service_code=&start_date=&page=",
			want: open311.Query{Start: now.AddDate(0, 0, -90), End: now, Page: 1, PageSize: 1000}},
		{name: "statuses comma list", query: "status=open,closed",
			want: open311.Query{Statuses: []open311.Status{"open", "closed"}, Start: now.AddDate(0, 0, -90), End: now, Page: 1, PageSize: 1000}},
		{name: "statuses repeated", query: "status=closed&status=open&status=closed",
			want: open311.Query{Statuses: []open311.Status{"closed", "open"}, Start: now.AddDate(0, 0, -90), End: now, Page: 1, PageSize: 1000}},
		{name: "service codes", query: "service_code=poor_lighting,+vegetation&service_code=gathering",
			want: open311.Query{ServiceCodes: []string{"poor_lighting", "vegetation", "gathering"}, Start: now.AddDate(0, 0, -90), End: now, Page: 1, PageSize: 1000}},
		{name: "range", query: "start_date=2026-01-01T00:00:00Z&end_date=2026-03-01T00:00:00%2B02:00",
			want: open311.Query{Start: day(2026, 1, 1, 0, time.UTC), End: day(2026, 3, 1, 0, plus2), Page: 1, PageSize: 1000}},
		{name: "unescaped + in offset", query: "start_date=2026-01-01T00:00:00+02:00",
			want: open311.Query{Start: day(2026, 1, 1, 0, plus2), End: day(2026, 4, 1, 0, plus2), Page: 1, PageSize: 1000}},
		{name: "only end", query: "end_date=2026-04-01T00:00Z",
			want: open311.Query{Start: day(2026, 1, 1, 0, time.UTC), End: day(2026, 4, 1, 0, time.UTC), Page: 1, PageSize: 1000}},
		{name: "fractional seconds", query: "start_date=2026-01-01T00:00:00.5Z&end_date=2026-01-02T00:00:00Z",
			want: open311.Query{Start: day(2026, 1, 1, 0, time.UTC).Add(time.Second / 2), End: day(2026, 1, 2, 0, time.UTC), Page: 1, PageSize: 1000}},
		{name: "paging", query: "page=3&page_size=25",
			want: open311.Query{Start: now.AddDate(0, 0, -90), End: now, Page: 3, PageSize: 25}},
		{name: "ids override the rest", query: "service_request_id=KH-0001,KH-0002&status=bogus&start_date=yesterday",
			want: open311.Query{IDs: []string{"KH-0001", "KH-0002"}, Page: 1, PageSize: 1000}},

		{name: "bad start", query: "start_date=2026-01-01", errs: []string{"start_date: must be a date and time with a zone"}},
		{name: "no zone", query: "end_date=2026-01-01T00:00:00", errs: []string{"end_date: must be a date and time with a zone"}},
		{name: "bad status", query: "status=pending", errs: []string{"status: must be open or closed"}},
		{name: "end before start", query: "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", errs: []string{"end_date: is before start_date"}},
		{name: "more than 90 days", query: "start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z", errs: []string{"end_date: may not be more than 90 days after start_date"}},
		{name: "page 0", query: "page=0", errs: []string{"page: must be a whole number from 1"}},
		{name: "page not a number", query: "page=two", errs: []string{"page: must be a whole number from 1"}},
		{name: "page_size too big", query: "page_size=1001", errs: []string{"page_size: must be a whole number from 1 to 1000"}},
		{name: "two starts", query: "start_date=2026-01-01T00:00:00Z&start_date=2026-01-02T00:00:00Z", errs: []string{"start_date: given more than once"}},
		{name: "malformed", query: "status=%zz", errs: []string{"The query string is malformed"}},
		{name: "every error at once", query: "status=pending&start_date=x&page=-1",
			errs: []string{"page: must be", "status: must be open or closed", "start_date: must be"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend()
			h := mustHandler(t, b)
			rec := get(h, "/open311/v2/requests.json?"+tt.query)
			if tt.errs != nil {
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("status %d, want 400\n%s", rec.Code, rec.Body)
				}
				es := specErrors(t, rec, "json")
				if len(es) != len(tt.errs) {
					t.Fatalf("errors %+v, want %d", es, len(tt.errs))
				}
				for i, e := range es {
					if e.Code != 400 || !strings.HasPrefix(e.Description, tt.errs[i]) {
						t.Errorf("error %d = %+v, want 400 %q…", i, e, tt.errs[i])
					}
				}
				return
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			got := b.query
			if !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) {
				t.Errorf("window [%v, %v], want [%v, %v]", got.Start, got.End, tt.want.Start, tt.want.End)
			}
			got.Start, got.End, tt.want.Start, tt.want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestRequests checks each field of GET requests against the spec: ids as
// strings, times in the spec's format with their offset, null for what is
// empty, expected_datetime only when known.
func TestRequests(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := get(h, "/open311/v2/requests."+f+"?start_date=2026-05-01T00:00:00Z")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			rs := decodeList[specRequest](t, rec, f, "service_requests", "request")
			if len(rs) != 2 {
				t.Fatalf("%d requests, want 2 (KH-0001 is outside the window)", len(rs))
			}
			r := rs[0]
			if *r.ID != "KH-0003" || r.Status != "open" || *r.ServiceCode != "poor_lighting" || *r.ServiceName != "Dålig belysning" ||
				*r.Requested != "2026-06-14T22:15:00+02:00" || *r.Updated != "2026-06-15T08:00:00+02:00" ||
				*r.Lat != 58.99578 || *r.Long != 16.20562 || *r.AgencyResponsible != "Samhällsbyggnadsförvaltningen" {
				t.Errorf("requests[0] = %+v", r)
			}
			if r.Expected != nil {
				t.Errorf("expected_datetime = %q, want it left out when unknown", *r.Expected)
			}
			r = rs[1]
			if r.Status != "closed" || *r.StatusNotes != "Buskarna är klippta." || *r.Requested != "2026-05-02T09:30:00Z" ||
				*r.Expected != "2026-05-16T00:00:00+02:00" || *r.AddressID != "KH-ADR-17" || *r.Zipcode != "641 30" ||
				*r.MediaURL != "https://trygg.example.se/media/KH-0002.jpg" {
				t.Errorf("requests[1] = %+v", r)
			}
			if f == "json" {
				if r.Lat != nil || r.Long != nil || rs[0].StatusNotes != nil || rs[0].ServiceNotice != nil || rs[0].MediaURL != nil {
					t.Errorf("missing values should be null: %+v %+v", rs[0], rs[1])
				}
				if *rs[1].ServiceNotice != "Åtgärdas inom två veckor." {
					t.Errorf("service_notice = %v", rs[1].ServiceNotice)
				}
			} else if r.StatusNotes == nil || rs[0].Description == nil || *rs[0].Description != "Tre lampor är trasiga vid gångtunneln." {
				t.Errorf("XML requests = %+v", rs)
			}
			golden(t, "requests."+f, rec.Body.Bytes())
		})
	}
	// Every field the spec lists is there, as a value or null.
	rec := get(h, "/open311/v2/requests.json")
	for _, field := range []string{"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
		"agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "address", "address_id", "zipcode",
		"lat", "long", "media_url"} {
		if n := strings.Count(rec.Body.String(), `"`+field+`":`); n != 2 {
			t.Errorf("%q appears %d times in 2 requests", field, n)
		}
	}
}

func TestPagination(t *testing.T) {
	b := newBackend()
	b.requests = nil
	for i := range 5 {
		b.requests = append(b.requests, open311.Request{
			ID: fmt.Sprintf("P-%d", i+1), Status: open311.Open, ServiceCode: "vegetation",
			Requested: now.Add(-time.Duration(i+1) * time.Hour), Updated: now,
		})
	}
	h := mustHandler(t, b)
	for _, f := range formats {
		for _, tt := range []struct {
			page string
			want []string
		}{
			{"page_size=2", []string{"P-1", "P-2"}},
			{"page_size=2&page=2", []string{"P-3", "P-4"}},
			{"page_size=2&page=3", []string{"P-5"}},
			{"page_size=2&page=4", nil},
			{"page=1", []string{"P-1", "P-2", "P-3", "P-4", "P-5"}},
		} {
			t.Run(f+" "+tt.page, func(t *testing.T) {
				rec := get(h, "/open311/v2/requests."+f+"?"+tt.page)
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d\n%s", rec.Code, rec.Body)
				}
				var got []string
				for _, r := range decodeList[specRequest](t, rec, f, "service_requests", "request") {
					got = append(got, *r.ID)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("ids %v, want %v", got, tt.want)
				}
				if tt.want == nil && f == "json" && strings.TrimSpace(rec.Body.String()) != "[]" {
					t.Errorf("empty page should be [], got %s", rec.Body)
				}
			})
		}
	}
}

// TestPageSizeKept: a Backend that returns too much is cut to page_size.
func TestPageSizeKept(t *testing.T) {
	h := mustHandler(t, &greedy{newBackend()})
	rec := get(h, "/open311/v2/requests.json?page_size=1")
	if rs := decodeList[specRequest](t, rec, "json", "service_requests", "request"); len(rs) != 1 {
		t.Errorf("%d requests, want 1", len(rs))
	}
}

type greedy struct{ *backend }

func (g *greedy) Requests(ctx context.Context, j open311.Jurisdiction, q open311.Query) ([]open311.Request, error) {
	return g.backend.requests, nil
}

func TestRequest(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := get(h, "/open311/v2/requests/KH-0002."+f)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			rs := decodeList[specRequest](t, rec, f, "service_requests", "request")
			if len(rs) != 1 || *rs[0].ID != "KH-0002" || rs[0].Status != "closed" {
				t.Errorf("requests = %+v", rs)
			}
			rec = get(h, "/open311/v2/requests/KH-0009."+f)
			if rec.Code != http.StatusNotFound {
				t.Fatalf("unknown id: status %d\n%s", rec.Code, rec.Body)
			}
			if d := descriptions(specErrors(t, rec, f)); !strings.Contains(d, "service_request_id: not found") {
				t.Errorf("errors %q", d)
			}
		})
	}
}

func TestToken(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := get(h, "/open311/v2/tokens/tok-done."+f)
			rs := decodeList[specRequest](t, rec, f, "service_requests", "request")
			if rec.Code != http.StatusOK || len(rs) != 1 || *rs[0].ID != "KH-0003" || *rs[0].Token != "tok-done" {
				t.Fatalf("status %d, requests %+v", rec.Code, rs)
			}
			rec = get(h, "/open311/v2/tokens/tok-pending."+f)
			rs = decodeList[specRequest](t, rec, f, "service_requests", "request")
			if rec.Code != http.StatusOK || len(rs) != 1 || *rs[0].Token != "tok-pending" ||
				(f == "json" && rs[0].ID != nil) || (f == "xml" && *rs[0].ID != "") {
				t.Fatalf("pending: status %d, requests %+v", rec.Code, rs)
			}
			rec = get(h, "/open311/v2/tokens/tok-none."+f)
			if rec.Code != http.StatusNotFound {
				t.Fatalf("unknown token: status %d", rec.Code)
			}
			specErrors(t, rec, f)
		})
	}
}

// TestCreate: POST requests, its defences and its privacy.
func TestCreate(t *testing.T) {
	const ok = "api_key=nyckel-1&service_code=vegetation&lat=58.99&long=16.2"
	long := strings.Repeat("å", 4001)
	for _, tt := range []struct {
		name        string
		target      string // "" is requests.json
		contentType string // "" is the form type
		body        string
		status      int
		errs        []string
		want        *open311.NewRequest
	}{
		{name: "lat and long", body: ok + "&description=Buskarna+skymmer+lampan.%0AKv%C3%A4llstid.", status: 200,
			want: &open311.NewRequest{ServiceCode: "vegetation", Point: &open311.LatLong{Lat: 58.99, Long: 16.2}, Description: "Buskarna skymmer lampan.\nKvällstid."}},
		{name: "address_string only", body: "api_key=nyckel-1&service_code=vegetation&address_string=Stadsparken%2C+Katrineholm", status: 200,
			want: &open311.NewRequest{ServiceCode: "vegetation", AddressString: "Stadsparken, Katrineholm"}},
		{name: "address_id only", body: "api_key=nyckel-1&service_code=vegetation&address_id=KH-ADR-17", status: 200,
			want: &open311.NewRequest{ServiceCode: "vegetation", AddressID: "KH-ADR-17"}},
		{name: "personal fields are not read", status: 200,
			body: ok + "&email=anna%40example.se&first_name=Anna&last_name=Andersson&phone=070-123+45+67&device_id=dev-42&account_id=acc-7&media_url=https%3A%2F%2Fexample.se%2Fa.jpg",
			want: &open311.NewRequest{ServiceCode: "vegetation", Point: &open311.LatLong{Lat: 58.99, Long: 16.2}, Email: "anna@example.se", MediaURL: "https://example.se/a.jpg"}},
		{name: "attributes", status: 200,
			body: "api_key=nyckel-1&service_code=poor_lighting&address_string=Tunneln&attribute[kind]=street&attribute[when][]=night&attribute[when][]=evening&attribute[when][]=night&attribute[count]=3&attribute[since]=2026-06-01T18:00:00%2B02:00",
			want: &open311.NewRequest{ServiceCode: "poor_lighting", AddressString: "Tunneln", Attributes: map[string][]string{
				"kind": {"street"}, "when": {"night", "evening"}, "count": {"3"}, "since": {"2026-06-01T18:00:00+02:00"}}}},
		{name: "api_key in the query string", target: "/open311/v2/requests.json?api_key=nyckel-1", body: "service_code=vegetation&address_id=1", status: 200,
			want: &open311.NewRequest{ServiceCode: "vegetation", AddressID: "1"}},
		{name: "no Content-Type is taken as a form", contentType: "none", body: ok, status: 200,
			want: &open311.NewRequest{ServiceCode: "vegetation", Point: &open311.LatLong{Lat: 58.99, Long: 16.2}}},

		{name: "missing api_key", body: "service_code=vegetation&lat=58.99&long=16.2", status: 403, errs: []string{"api_key: is required"}},
		{name: "wrong api_key", body: "api_key=fel&service_code=vegetation&lat=58.99&long=16.2", status: 403, errs: []string{"api_key: is not valid"}},
		{name: "missing location", body: "api_key=nyckel-1&service_code=vegetation&phone=0701234567&first_name=Anna", status: 400,
			errs: []string{"location: is required: lat and long, address_string or address_id"}},
		{name: "two api_keys", body: "api_key=nyckel-1&api_key=other&service_code=vegetation&address_id=1", status: 403, errs: []string{"api_key: is not valid"}},
		{name: "lat without long", body: "api_key=nyckel-1&service_code=vegetation&lat=58.99", status: 400, errs: []string{"long: is required with lat"}},
		{name: "lat out of range", body: "api_key=nyckel-1&service_code=vegetation&lat=91&long=NaN", status: 400,
			errs: []string{"lat: must be a WGS84 latitude", "long: must be a WGS84 longitude"}},
		{name: "missing service_code", body: "api_key=nyckel-1&lat=58.99&long=16.2", status: 400, errs: []string{"service_code: is required"}},
		{name: "unknown service_code", body: "api_key=nyckel-1&service_code=potholes&lat=58.99&long=16.2", status: 404, errs: []string{"service_code: not found"}},
		{name: "description too long", body: ok + "&description=" + long, status: 400, errs: []string{"description: is longer than 4000 characters"}},
		{name: "control characters", body: ok + "&address_string=a%00b", status: 400, errs: []string{"address_string: contains control characters"}},
		{name: "invalid UTF-8", body: ok + "&description=%FF", status: 400, errs: []string{"description: is not valid UTF-8"}},
		{name: "bad email", body: ok + "&email=Anna+%3Canna%40example.se%3E", status: 400, errs: []string{"email: must be an e-mail address"}},
		{name: "bad media_url", body: ok + "&media_url=javascript%3Aalert(1)", status: 400, errs: []string{"media_url: must be an absolute http or https URL"}},
		{name: "every field error at once", body: "api_key=nyckel-1&lat=x&long=1&description=" + long, status: 400,
			errs: []string{"service_code: is required", "description: is longer", "lat: must be"}},
		{name: "required attribute", body: "api_key=nyckel-1&service_code=poor_lighting&address_id=1", status: 400, errs: []string{"attribute[kind]: is required"}},
		{name: "bad list value", body: "api_key=nyckel-1&service_code=poor_lighting&address_id=1&attribute[kind]=moon", status: 400,
			errs: []string{"attribute[kind]: must be one of the keys"}},
		{name: "two values for a single list", body: "api_key=nyckel-1&service_code=poor_lighting&address_id=1&attribute[kind][]=street&attribute[kind][]=path", status: 400,
			errs: []string{"attribute[kind]: takes one value"}},
		{name: "bad number and datetime", body: "api_key=nyckel-1&service_code=poor_lighting&address_id=1&attribute[kind]=path&attribute[count]=many&attribute[since]=igår", status: 400,
			errs: []string{"attribute[count]: must be a number", "attribute[since]: must be a date and time"}},
		{name: "unknown attribute", body: ok + "&attribute[colour]=red", status: 400, errs: []string{"attribute[colour]: is not an attribute of service vegetation"}},
		{name: "information-only attribute", body: "api_key=nyckel-1&service_code=poor_lighting&address_id=1&attribute[kind]=path&attribute[info]=x", status: 400,
			errs: []string{"attribute[info]: is information only"}},
		{name: "malformed attribute", body: ok + "&attribute[a<b]=1", status: 400, errs: []string{"attribute: a parameter is not of the form"}},
		{name: "body too large", body: ok + "&description=" + strings.Repeat("a", open311.MaxBody), status: 400, errs: []string{"The body is larger than 64 KiB"}},
		{name: "not a form", contentType: "application/json", body: `{"service_code":"vegetation"}`, status: 400, errs: []string{"The body must be sent as Content-Type: application/x-www-form-urlencoded"}},
		{name: "not UTF-8", contentType: "application/x-www-form-urlencoded; charset=latin1", body: ok, status: 400, errs: []string{"The body must be UTF-8"}},
		{name: "malformed form", body: ok + "&description=%zz", status: 400, errs: []string{"The body is malformed"}},
		{name: "same field twice", body: ok + "&service_code=gathering", status: 400, errs: []string{"service_code: given more than once"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend()
			h := mustHandler(t, b)
			target := tt.target
			if target == "" {
				target = "/open311/v2/requests.json"
			}
			ct := tt.contentType
			switch ct {
			case "":
				ct = formType
			case "none":
				ct = ""
			}
			rec := do(h, http.MethodPost, target, ct, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			// Nothing personal comes back, whatever the outcome.
			for _, s := range []string{"Anna", "Andersson", "0701234567", "070-123", "dev-42", "acc-7", "anna@"} {
				if strings.Contains(rec.Body.String(), s) {
					t.Errorf("response echoes %q:\n%s", s, rec.Body)
				}
			}
			if tt.status != 200 {
				es := specErrors(t, rec, "json")
				if len(es) != len(tt.errs) {
					t.Fatalf("errors %+v, want %q", es, tt.errs)
				}
				for i, e := range es {
					if !strings.HasPrefix(e.Description, tt.errs[i]) {
						t.Errorf("error %d = %q, want %q…", i, e.Description, tt.errs[i])
					}
				}
				if len(b.created) != 0 {
					t.Errorf("a refused request was created: %+v", b.created)
				}
				return
			}
			rs := decodeList[specRequest](t, rec, "json", "service_requests", "request")
			if len(rs) != 1 || rs[0].ID == nil || *rs[0].ID != "KH-0100" || rs[0].Token != nil || rs[0].ServiceNotice == nil {
				t.Fatalf("response %s", rec.Body)
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", rec.Header().Get("Cache-Control"))
			}
			if len(b.created) != 1 || !reflect.DeepEqual(b.created[0], *tt.want) {
				t.Errorf("created\n got %+v\nwant %+v", b.created, *tt.want)
			}
		})
	}
}

// TestCreateToken: a batch service answers with a token and no id.
func TestCreateToken(t *testing.T) {
	h := mustHandler(t, newBackend())
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			rec := post(h, "/open311/v2/requests."+f, "api_key=nyckel-1&service_code=gathering&address_string=Torget")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
			rs := decodeList[specRequest](t, rec, f, "service_requests", "request")
			if len(rs) != 1 || rs[0].ID != nil || *rs[0].Token != "tok-1" || !strings.HasPrefix(*rs[0].ServiceNotice, "Din rapport granskas") {
				t.Errorf("response %s", rec.Body)
			}
			golden(t, "created_token."+f, rec.Body.Bytes())
		})
	}
}

// TestBackendErrors: the Backend's errors become the spec's statuses, and
// an internal error tells the client nothing about the internals.
func TestBackendErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		err    error
		status int
		want   string
	}{
		{"rate limit", app.Errorf(app.ERATELIMIT, "För många rapporter / Too many reports; try again later"), 429, "Too many reports"},
		{"field error", app.FieldErrorf("lat", "Platsen ligger utanför kommunen / outside the kommun"), 400, "lat: Platsen ligger utanför kommunen"},
		{"joined field errors", errors.Join(app.FieldErrorf("lat", "a"), app.FieldErrorf("long", "b")), 400, "lat: a\nlong: b"},
		{"wrapped not found", fmt.Errorf("sqlstore: find: %w", app.Errorf(app.ENOTFOUND, "borta")), 404, "borta"},
		{"conflict is a 400", app.Errorf(app.ECONFLICT, "dubblett"), 400, "dubblett"},
		{"internal", errors.New("sqlstore: database on fire at /var/lib/trygg.db"), 500, "Internal error"},
		{"internal code", app.Errorf(app.EINTERNAL, "secret detail"), 500, "Internal error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend()
			b.fail = tt.err
			var log bytes.Buffer
			h := mustHandlerLog(t, b, slog.New(slog.NewTextHandler(&log, nil)))
			for _, rec := range []*httptest.ResponseRecorder{
				post(h, "/open311/v2/requests.json", "api_key=nyckel-1&service_code=vegetation&address_id=1"),
				get(h, "/open311/v2/requests.json"),
			} {
				if rec.Code != tt.status {
					t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
				}
				if d := descriptions(specErrors(t, rec, "json")); !strings.Contains(d, tt.want) {
					t.Errorf("errors %q, want %q", d, tt.want)
				}
				for _, secret := range []string{"database", "trygg.db", "secret"} {
					if strings.Contains(rec.Body.String(), secret) {
						t.Errorf("response leaks %q: %s", secret, rec.Body)
					}
				}
			}
			// The operator, unlike the client, gets the details.
			if logged := strings.Contains(log.String(), tt.err.Error()); logged != (tt.status == 500) {
				t.Errorf("logged %v, want %v: %q", logged, tt.status == 500, log.String())
			}
		})
	}
}

// TestHostileContent: whatever the Backend stores, both encodings stay
// well formed and markup stays text.
func TestHostileContent(t *testing.T) {
	b := newBackend()
	b.requests = []open311.Request{{
		ID: "X<1>&\"'", Status: open311.Open, ServiceCode: "vegetation",
		Description: "<script>alert(1)</script>\x00\x1b]]>\ufffe\xff end",
		Address:     "</address><lat>0</lat>",
		Requested:   now.Add(-time.Hour), Updated: now,
	}}
	h := mustHandler(t, b)
	for _, f := range formats {
		rec := get(h, "/open311/v2/requests."+f)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", f, rec.Code)
		}
		rs := decodeList[specRequest](t, rec, f, "service_requests", "request")
		if len(rs) != 1 || *rs[0].ID != "X<1>&\"'" || *rs[0].Address != "</address><lat>0</lat>" ||
			!strings.HasPrefix(*rs[0].Description, "<script>alert(1)</script>") {
			t.Errorf("%s: %+v", f, rs)
		}
		if strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("%s: markup not escaped:\n%s", f, rec.Body)
		}
	}
}

// TestBadStatus: a status outside the spec is a Backend bug and a 500,
// not something to pass on to clients.
func TestBadStatus(t *testing.T) {
	b := newBackend()
	b.requests[0].Status = "pending_review"
	h := mustHandler(t, b)
	if rec := get(h, "/open311/v2/requests/KH-0003.xml"); rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	} else {
		specErrors(t, rec, "xml")
	}
}

// TestRoutes: the routes can be mounted one by one on the caller's mux,
// e.g. to wrap each in its own middleware.
func TestRoutes(t *testing.T) {
	h := mustHandler(t, newBackend())
	mux := http.NewServeMux()
	var seen []string
	h.Routes(func(pattern string, fn http.HandlerFunc) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			seen = append(seen, pattern)
			fn(w, r)
		})
	})
	for _, path := range []string{"/open311/discovery.json", "/open311/v2/services/vegetation.json", "/open311/v2/requests/KH-0003.json", "/open311/v2/tokens/tok-done.json", "/open311/v2/requests.json"} {
		if rec := get(mux, path); rec.Code != http.StatusOK {
			t.Errorf("%s: status %d\n%s", path, rec.Code, rec.Body)
		}
	}
	if rec := get(mux, "/open311/nothing/here.json"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown path: status %d", rec.Code)
	}
	if len(seen) != 6 {
		t.Errorf("patterns used %v", seen)
	}

	// Or the Handler is mounted whole on the caller's mux.
	outer := http.NewServeMux()
	outer.Handle(open311.Prefix+"/", h)
	if rec := get(outer, "/open311/v2/services/vegetation.xml"); rec.Code != http.StatusOK {
		t.Errorf("mounted: status %d\n%s", rec.Code, rec.Body)
	}
}
