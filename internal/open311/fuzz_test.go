package open311_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzHandler: whatever method, path, query and body a client sends, the
// handler answers without panicking, never with a 500 (the test Backend
// has no internal failures), and always with a well-formed body in the
// format the Content-Type names.
func FuzzHandler(f *testing.F) {
	f.Add(uint8(0), "v2/requests.json", "status=open&page=2", "")
	f.Add(uint8(1), "v2/requests.xml", "", "api_key=nyckel-1&service_code=poor_lighting&lat=58.99&long=16.2&attribute[kind]=street&attribute[when][]=night")
	f.Add(uint8(1), "v2/requests.json", "api_key=nyckel-1", "service_code=gathering&address_string=Torget&first_name=Anna")
	f.Add(uint8(0), "v2/services/poor_lighting.xml", "jurisdiction_id=katrineholm.se", "")
	f.Add(uint8(0), "v2/tokens/tok-pending.json", "", "")
	f.Add(uint8(0), "v2/requests/KH-0003.xml", "jurisdiction_id=x&jurisdiction_id=y", "")
	f.Add(uint8(0), "discovery.json", "", "")
	f.Add(uint8(2), "v2/requests.json", "", "")
	f.Add(uint8(0), "v2/requests.json", "start_date=2026-01-01T00:00:00+02:00&end_date=%zz", "")
	b := newBackend()
	b.discard = true
	h := mustHandler(f, b)
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodHead, http.MethodDelete}
	f.Fuzz(func(t *testing.T, method uint8, path, query, body string) {
		r := httptest.NewRequest(http.MethodGet, "/", strings.NewReader(body))
		r.Method = methods[int(method)%len(methods)]
		r.URL.Path = "/open311/" + path
		r.URL.RawPath = ""
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", formType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		switch rec.Code {
		case 200, 400, 403, 404, 405:
		case 301, 307, 308:
			return // the mux cleaning the path
		default:
			t.Fatalf("%s %s?%s: status %d\n%s", r.Method, r.URL.Path, query, rec.Code, rec.Body)
		}
		if r.Method == http.MethodHead {
			return
		}
		switch ct := rec.Header().Get("Content-Type"); ct {
		case "application/json; charset=utf-8":
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("invalid JSON:\n%s", rec.Body)
			}
		case "text/xml; charset=utf-8":
			if err := wellFormed(rec.Body.Bytes()); err != nil {
				t.Fatalf("%v:\n%s", err, rec.Body)
			}
		default:
			t.Fatalf("Content-Type %q", ct)
		}
		for _, s := range []string{"Anna", "first_name"} {
			if strings.Contains(rec.Body.String(), s) && !strings.Contains(path+query+body, "attribute") {
				t.Fatalf("response echoes %q:\n%s", s, rec.Body)
			}
		}
	})
}
