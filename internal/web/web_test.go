package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web/webtest"
)

type testEnv = webtest.Env

func newEnv(t *testing.T) *testEnv { return webtest.New(t) }

var cheapHash = webtest.Hash

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPages(t *testing.T) {
	ts := newEnv(t)
	tests := []struct {
		path, accept, lang string
		status             int
		want               []string
	}{
		{"/", "", "", 200, []string{`<html lang="sv">`, "Katrineholms kommun", "Medborgarlöfte för Katrineholms kommun 2022–2023", "Avslutat"}},
		{"/?lang=en", "", "", 200, []string{`<html lang="en">`, "citizen promises", "Ended"}},
		{"/", "", "en-GB,en;q=0.8", 200, []string{`<html lang="en">`}},
		{"/katrineholm/", "", "", 200, []string{"Våld", "Droger", "Ungdomsbrottslighet", "Centrum", "Norr", "Nävertorp",
			"Rådet för trygghet och säkerhet", "ungefärliga", "34\u00a0238", "Patrullering av polis"}},
		{"/katrineholm/?lang=en", "", "", 200, []string{"Violence", "Youth crime", "approximate", "34,238", "Priority districts"}},
		{"/nowhere/", "", "", 404, []string{"finns inte"}},
		{"/a/b/c", "", "", 404, []string{"Sidan finns inte"}},
		{"/healthz", "", "", 200, []string{"ok"}},
		{"/api/v1/tenants/nowhere/districts", "", "", 404, []string{`"code": "not_found"`}},
		{"/api/v1/nothing", "", "", 404, []string{`"code": "not_found"`}},
		{"/api/v1/openapi.json", "", "", 200, []string{`"openapi": "3.0.3"`}},
		{"/api/v1/tenants/katrineholm/districts", "", "", 200, []string{`"type":"FeatureCollection"`, `"key":"navertorp"`, `"approximate":true`, `"priority":true`}},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", ts.URL+tt.path, nil)
		if tt.lang != "" {
			req.Header.Set("Accept-Language", tt.lang)
		}
		resp, body := do(t, req)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: body lacks %q", tt.path, w)
			}
		}
		if strings.Contains(body, "promise.") || strings.Contains(body, "districts.") && !strings.HasPrefix(tt.path, "/api") {
			t.Errorf("GET %s: untranslated key in body", tt.path)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newEnv(t)
	req, _ := http.NewRequest("GET", ts.URL+"/katrineholm/", nil)
	resp, _ := do(t, req)
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
	} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
}

func TestCrossOriginPostRejected(t *testing.T) {
	ts := newEnv(t)
	req, _ := http.NewRequest("POST", ts.URL+"/katrineholm/", strings.NewReader("x=1"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, _ := do(t, req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", resp.StatusCode)
	}
}

func TestStaticAssets(t *testing.T) {
	ts := newEnv(t)
	_, page := do(t, mustReq(t, "GET", ts.URL+"/"))
	i := strings.Index(page, "/static/")
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	url := page[i : i+strings.Index(page[i:], `"`)]
	resp, css := do(t, mustReq(t, "GET", ts.URL+url))
	if resp.StatusCode != 200 || !strings.Contains(css, "--accent") || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s = %d %q", url, resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	// Text assets go out compressed to clients that ask.
	req := mustReq(t, "GET", ts.URL+url)
	req.Header.Set("Accept-Encoding", "gzip")
	if resp, z := do(t, req); resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || len(z) >= len(css) {
		t.Errorf("gzip: %q %q, %d bytes for %d", resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"), len(z), len(css))
	}
	if resp, _ := do(t, mustReq(t, "GET", ts.URL+"/static/000000000000/app.css")); resp.StatusCode != 404 {
		t.Errorf("stale checksum = %d, want 404", resp.StatusCode)
	}
}

func TestEscaping(t *testing.T) {
	ts := newEnv(t)
	db := ts.DB
	evil := `<script>alert(1)</script>"'`
	if err := sqlstore.NewTenantService(db).CreateTenant(context.Background(), &app.Tenant{Slug: "evil", Name: evil, KommunCode: "0999"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/evil/"} {
		_, body := do(t, mustReq(t, "GET", ts.URL+path))
		if strings.Contains(body, "<script>") {
			t.Errorf("GET %s: unescaped script tag", path)
		}
	}
}

func mustReq(t *testing.T, method, url string) *http.Request {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
