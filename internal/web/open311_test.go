package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// The types below are written from the GeoReport v2 spec, not from the
// package: a client as a FixMyStreet-style app would write it.
type spec311Error struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

type spec311Request struct {
	ServiceRequestID string   `json:"service_request_id"`
	Status           string   `json:"status"`
	ServiceCode      string   `json:"service_code"`
	Description      *string  `json:"description"`
	RequestedDate    string   `json:"requested_datetime"`
	Lat              *float64 `json:"lat"`
	Long             *float64 `json:"long"`
	Address          *string  `json:"address"`
}

func (f *fixture) apiKey(t *app.Tenant, role app.Role) string {
	f.t.Helper()
	plain := auth.NewAPIToken()
	if err := sqlstore.NewUserService(f.env.DB).CreateToken(context.Background(), &app.Token{TenantID: t.ID, Name: "app", Role: role}, auth.HashToken(plain)); err != nil {
		f.t.Fatal(err)
	}
	return plain
}

func TestOpen311(t *testing.T) {
	f := newFixture(t)
	key := f.apiKey(f.kat, app.RoleReporter)
	get := func(path string, into any) int {
		t.Helper()
		code, body, _ := f.send("GET", path, "", nil, nil)
		if into != nil {
			var err error
			if strings.Contains(path, ".xml") {
				err = xml.Unmarshal([]byte(body), into)
			} else {
				err = json.Unmarshal([]byte(body), into)
			}
			if err != nil {
				t.Fatalf("%s: %v in %q", path, err, body)
			}
		}
		return code
	}

	var disc struct {
		Endpoints []struct{ Specification, URL string }
	}
	if code := get("/open311/discovery.json", &disc); code != 200 || len(disc.Endpoints) == 0 || !strings.HasSuffix(disc.Endpoints[0].URL, "/open311/v2") {
		t.Fatalf("discovery = %d %+v", code, disc)
	}
	// Two tenants here: the jurisdiction is required.
	var errs []spec311Error
	if code := get("/open311/v2/services.json", &errs); code != 400 || len(errs) == 0 {
		t.Errorf("services without jurisdiction = %d %v", code, errs)
	}
	var services []struct {
		ServiceCode string `json:"service_code"`
		Type        string `json:"type"`
	}
	if code := get("/open311/v2/services.json?jurisdiction_id=katrineholm", &services); code != 200 || len(services) != len(app.ReportCategories) || services[0].Type != "batch" {
		t.Fatalf("services = %d %+v", code, services)
	}
	var xmlServices struct {
		XMLName  xml.Name `xml:"services"`
		Services []struct {
			Code string `xml:"service_code"`
		} `xml:"service"`
	}
	if code := get("/open311/v2/services.xml?jurisdiction_id=katrineholm", &xmlServices); code != 200 || len(xmlServices.Services) != len(services) {
		t.Errorf("services.xml = %d", code)
	}
	if code := get("/open311/v2/services/nothing.json?jurisdiction_id=katrineholm", nil); code != 404 {
		t.Errorf("unknown service = %d", code)
	}
	if code := get("/open311/v2/services.json?jurisdiction_id=nowhere", nil); code != 404 {
		t.Errorf("unknown jurisdiction = %d", code)
	}

	post := func(form url.Values) (int, string) {
		code, body, _ := f.send("POST", "/open311/v2/requests.json", "", form, nil)
		return code, body
	}
	report := url.Values{"jurisdiction_id": {"katrineholm"}, "service_code": {"poor_lighting"}, "lat": {"59.01012"}, "long": {"16.17534"},
		"description": {"Trasig lampa. Ring 070-123 45 67"}, "first_name": {"Anna"}, "phone": {"0701234567"}}
	without := func(k string) url.Values {
		v := url.Values{}
		for kk, vv := range report {
			if kk != k {
				v[kk] = vv
			}
		}
		return v
	}
	for name, tc := range map[string]struct {
		form url.Values
		code int
	}{
		"no api_key":           {report, 403},
		"a wrong api_key":      {with(report, "api_key", "tr_wrong"), 403},
		"another tenant's key": {with(report, "api_key", f.apiKey(f.flen, app.RoleReporter)), 403},
		"a key without right":  {with(report, "api_key", f.apiKey(f.kat, app.RoleCouncil)), 403},
		"no location":          {with(without("lat"), "api_key", key), 400},
		"unknown service":      {with(with(report, "service_code", "x"), "api_key", key), 404},
		"outside the kommun":   {with(with(with(report, "lat", "57.7"), "long", "11.97"), "api_key", key), 400},
	} {
		if code, body := post(tc.form); code != tc.code {
			t.Errorf("%s: %d %s, want %d", name, code, body, tc.code)
		}
	}
	pending := func() []*app.Incident {
		l, _, _ := sqlstore.NewIncidentService(f.env.DB).FindIncidents(context.Background(), f.kat.ID, app.IncidentFilter{Source: app.SourceCitizen})
		return l
	}
	if n := len(pending()); n != 0 {
		t.Fatalf("%d reports stored by refused posts", n)
	}
	code, body := post(with(report, "api_key", key))
	var created []struct {
		Token            string `json:"token"`
		ServiceRequestID string `json:"service_request_id"`
	}
	if err := json.Unmarshal([]byte(body), &created); code != 200 || err != nil || len(created) != 1 || created[0].Token == "" || created[0].ServiceRequestID != "" {
		t.Fatalf("post = %d %s", code, body)
	}
	stored := pending()
	if len(stored) != 1 || stored[0].ReviewState != app.ReviewPending || stored[0].DistrictKey != "navertorp" || strings.Contains(stored[0].Text, "070") {
		t.Fatalf("stored %+v", stored)
	}
	// Pending: the token knows no id, and nothing is public.
	var tok []struct {
		ServiceRequestID *string `json:"service_request_id"`
	}
	tokenPath := "/open311/v2/tokens/" + created[0].Token + ".json?jurisdiction_id=katrineholm"
	if code := get(tokenPath, &tok); code != 200 || len(tok) != 1 || tok[0].ServiceRequestID != nil && *tok[0].ServiceRequestID != "" {
		t.Fatalf("token while pending = %d %+v", code, tok)
	}
	var reqs []spec311Request
	if code := get("/open311/v2/requests.json?jurisdiction_id=katrineholm", &reqs); code != 200 || len(reqs) != 0 {
		t.Fatalf("requests while pending = %d %d", code, len(reqs))
	}
	id := fmt.Sprint(stored[0].ID)
	if code := get("/open311/v2/requests/"+id+".json?jurisdiction_id=katrineholm", nil); code != 404 {
		t.Errorf("pending request by id = %d", code)
	}
	// Accepted: public, coarsened, without its words.
	if code, _, _ := f.send("POST", "/admin/katrineholm/granskning/"+id, "coordinator", url.Values{"decision": {"accepted"}}, nil); code != 303 {
		t.Fatalf("accept = %d", code)
	}
	if code := get(tokenPath, &tok); code != 200 || tok[0].ServiceRequestID == nil || *tok[0].ServiceRequestID != id {
		t.Errorf("token after review = %d %+v", code, tok)
	}
	if code := get("/open311/v2/requests.json?jurisdiction_id=katrineholm", &reqs); code != 200 || len(reqs) != 1 {
		t.Fatalf("requests = %d %d", code, len(reqs))
	}
	r := reqs[0]
	if r.ServiceRequestID != id || r.Status != "open" || r.ServiceCode != "poor_lighting" || r.Lat == nil || *r.Lat == 59.01012 ||
		r.Description != nil && *r.Description != "" || !strings.HasSuffix(r.RequestedDate, "T00:00:00+01:00") && !strings.HasSuffix(r.RequestedDate, "T00:00:00+02:00") {
		t.Errorf("public request %+v", r)
	}
	_, all, _ := f.send("GET", "/open311/v2/requests.xml?jurisdiction_id=katrineholm", "", nil, nil)
	for _, secret := range []string{"Trasig", "Anna", "0701234567", "59.01012"} {
		if strings.Contains(all, secret) {
			t.Errorf("requests.xml shows %q", secret)
		}
	}
	if code := get("/open311/v2/requests/"+id+".xml?jurisdiction_id=katrineholm", nil); code != 200 {
		t.Errorf("request by id = %d", code)
	}
	if code := get("/open311/v2/requests/"+id+".json?jurisdiction_id=flen", nil); code != 404 {
		t.Errorf("another tenant's request = %d", code)
	}
	if code := get("/open311/v2/requests.json?jurisdiction_id=katrineholm&start_date=yesterday", &errs); code != 400 || len(errs) == 0 {
		t.Errorf("bad date = %d", code)
	}
}

func with(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for kk, vv := range v {
		out[kk] = vv
	}
	out.Set(k, val)
	return out
}
