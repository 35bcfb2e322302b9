package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// send is request with a body returned.
func (f *fixture) send(method, path, principal string, form url.Values, hdr map[string]string) (int, string, http.Header) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.env.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c := f.session(principal); c != "" {
		req.AddCookie(&http.Cookie{Name: "trygg_session", Value: c})
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (f *fixture) auditCount(t *app.Tenant) int {
	f.t.Helper()
	_, n, err := sqlstore.NewAuditService(f.env.DB).FindAudit(context.Background(), t.ID, app.AuditFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestTenantIsolationByIDGuessing(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, method, path string
		form               url.Values
		want               int
	}{
		{"revoke another tenant's token through own tenant", "POST", fmt.Sprintf("/admin/katrineholm/tokens/%d/aterkalla", f.flenTokenID), nil, 404},
		{"revoke another tenant's token through its tenant", "POST", fmt.Sprintf("/admin/flen/tokens/%d/aterkalla", f.flenTokenID), nil, 403},
		{"disable another tenant's user", "POST", fmt.Sprintf("/admin/katrineholm/anvandare/%d/status", f.flenUserID), url.Values{"status": {"disabled"}}, 404},
		{"grant a role to another tenant's user", "POST", fmt.Sprintf("/admin/katrineholm/anvandare/%d/roller", f.flenUserID), url.Values{"role": {"admin"}}, 404},
		{"read another tenant's users", "GET", "/admin/flen/anvandare", nil, 403},
		{"read another tenant's audit log", "GET", "/admin/flen/audit", nil, 403},
		{"read another tenant's audit export", "GET", "/admin/flen/audit.csv", nil, 403},
		{"non-numeric id", "POST", "/admin/katrineholm/tokens/1%20OR%201=1/aterkalla", nil, 404},
	}
	before := f.auditCount(f.flen)
	for _, tt := range tests {
		if got, _, _ := f.send(tt.method, tt.path, "admin", tt.form, nil); got != tt.want {
			t.Errorf("%s: %s %s = %d, want %d", tt.name, tt.method, tt.path, got, tt.want)
		}
	}
	if after := f.auditCount(f.flen); after != before {
		t.Errorf("Flen's audit log grew from %d to %d: something changed", before, after)
	}
	u, _ := sqlstore.NewUserService(f.env.DB).FindUserByID(context.Background(), f.flenUserID)
	if u.Status != app.UserActive || len(u.Memberships) != 1 {
		t.Errorf("Flen's admin changed: %+v", u)
	}
}

func TestAPITokenIsScopedToTenantAndRole(t *testing.T) {
	f := newFixture(t)
	users := sqlstore.NewUserService(f.env.DB)
	mk := func(tn *app.Tenant, r app.Role) string {
		plain := auth.NewAPIToken()
		if err := users.CreateToken(context.Background(), &app.Token{TenantID: tn.ID, Name: "t", Role: r}, auth.HashToken(plain)); err != nil {
			t.Fatal(err)
		}
		return plain
	}
	katAdmin, katCouncil, flenAdmin := mk(f.kat, app.RoleAdmin), mk(f.kat, app.RoleCouncil), mk(f.flen, app.RoleAdmin)
	revoked := mk(f.kat, app.RoleAdmin)
	toks, _ := users.FindTokens(context.Background(), f.kat.ID)
	if err := users.RevokeToken(context.Background(), f.kat.ID, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, token, path string
		want              int
	}{
		{"own tenant, role with audit.read", katAdmin, "/api/v1/tenants/katrineholm/audit", 200},
		{"own tenant, role without it", katCouncil, "/api/v1/tenants/katrineholm/audit", 403},
		{"other tenant", flenAdmin, "/api/v1/tenants/katrineholm/audit", 403},
		{"revoked", revoked, "/api/v1/tenants/katrineholm/audit", 401},
		{"garbage", "tr_NOPE", "/api/v1/tenants/katrineholm/audit", 401},
		{"token on a page route", katAdmin, "/admin/katrineholm/audit", 403},
		{"no token", "", "/api/v1/tenants/katrineholm/audit", 401},
	}
	for _, tt := range tests {
		hdr := map[string]string{}
		if tt.token != "" {
			hdr["Authorization"] = "Bearer " + tt.token
		}
		got, body, _ := f.send("GET", tt.path, "", nil, hdr)
		if got != tt.want {
			t.Errorf("%s: %d, want %d: %s", tt.name, got, tt.want, body)
		}
		if got >= 400 && strings.HasPrefix(tt.path, "/api/") && !strings.Contains(body, `"error"`) {
			t.Errorf("%s: API error body is not JSON: %s", tt.name, body)
		}
	}
}

func TestCrossSiteFormPostsAreRejected(t *testing.T) {
	f := newFixture(t)
	before := f.auditCount(f.kat)
	for _, r := range f.env.Server.Routes {
		method, path := f.path(r.Pattern)
		if method != "POST" {
			continue
		}
		for _, hdr := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Origin": "https://evil.example"},
		} {
			form := url.Values{"name": {"x"}, "role": {"admin"}, "status": {"disabled"}, "email": {"evil@example.se"}}
			if got, _, _ := f.send(method, path, "superadmin", form, hdr); got != http.StatusForbidden {
				t.Errorf("cross-site %s %s with %v = %d, want 403", method, path, hdr, got)
			}
		}
	}
	if after := f.auditCount(f.kat); after != before {
		t.Errorf("audit log grew from %d to %d after forged posts", before, after)
	}
}

func TestHostileTextIsStoredAndShownEscaped(t *testing.T) {
	f := newFixture(t)
	evil := `<script>alert(1)</script>' OR 1=1; DROP TABLE users; --`
	posts := []struct {
		path string
		form url.Values
		page string
	}{
		{"/admin/katrineholm/installningar", url.Values{"name": {evil}, "police_area": {evil}, "population": {"1"}}, "/admin/katrineholm/installningar"},
		{"/admin/katrineholm/anvandare", url.Values{"email": {"new@example.se"}, "name": {evil}, "role": {"reporter"}}, "/admin/katrineholm/anvandare"},
		{"/admin/katrineholm/tokens", url.Values{"name": {evil}, "role": {"council"}}, "/admin/katrineholm/tokens"},
	}
	for _, p := range posts {
		if got, body, _ := f.send("POST", p.path, "admin", p.form, nil); got >= 400 {
			t.Fatalf("POST %s = %d: %s", p.path, got, body)
		}
		for _, page := range []string{p.page, "/admin/katrineholm/audit", "/", "/katrineholm/"} {
			_, body, _ := f.send("GET", page, "admin", nil, nil)
			if strings.Contains(body, "<script>alert(1)") {
				t.Errorf("GET %s after POST %s: unescaped script", page, p.path)
			}
		}
		if _, body, _ := f.send("GET", p.page, "admin", nil, nil); !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s: the text was not stored and shown escaped", p.page)
		}
	}
	// The SQL did nothing: users are all still there.
	us, err := sqlstore.NewUserService(f.env.DB).FindUsers(context.Background(), 0)
	if err != nil || len(us) < 9 {
		t.Errorf("users after hostile input: %d, %v", len(us), err)
	}
	// The CSV export defuses formulas.
	f.send("POST", "/admin/katrineholm/tokens", "admin", url.Values{"name": {"=HYPERLINK(\"http://evil\")"}, "role": {"council"}}, nil)
	_, body, hdr := f.send("GET", "/admin/katrineholm/audit.csv", "admin", nil, nil)
	if !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV export type %s", hdr.Get("Content-Type"))
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 5 || rows[0][0] != "id" {
		t.Fatalf("CSV export: %v\n%s", err, body)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("CSV cell starts a formula: %q", cell)
			}
		}
	}
}

func TestOversizedBody(t *testing.T) {
	f := newFixture(t)
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}, "password": {"x"}}
	if got, _, _ := f.send("POST", "/login", "", big, nil); got != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB login = %d, want 413", got)
	}
}

func TestPasswordGuessingIsRateLimited(t *testing.T) {
	f := newFixture(t)
	counts := map[int]int{}
	for i := range 100 {
		got, body, hdr := f.send("POST", "/login", "", url.Values{"email": {"kat-admin@example.se"}, "password": {fmt.Sprint("wrong", i)}}, nil)
		counts[got]++
		if got == http.StatusTooManyRequests && hdr.Get("Retry-After") == "" {
			t.Fatalf("429 without Retry-After: %s", body)
		}
		if got >= 500 {
			t.Fatalf("attempt %d: %d", i, got)
		}
	}
	if counts[401] > 10 || counts[429] < 90 {
		t.Errorf("100 wrong passwords gave %v; want at most 10 tries and the rest 429", counts)
	}
	// Locked by rate: even the right password waits.
	if got, _, _ := f.send("POST", "/login", "", url.Values{"email": {"kat-admin@example.se"}, "password": {"correct horse battery"}}, nil); got != 429 {
		t.Errorf("right password during lock-out = %d, want 429", got)
	}
}

func TestSignInDoesNotRevealAccounts(t *testing.T) {
	f := newFixture(t)
	rid := regexp.MustCompile(`[A-Z2-7]{16}`)
	_, unknown, _ := f.send("POST", "/login", "", url.Values{"email": {"nobody@example.se"}, "password": {"whatever12345"}}, nil)
	code, wrong, _ := f.send("POST", "/login", "", url.Values{"email": {"kat-council@example.se"}, "password": {"whatever12345"}}, nil)
	unknown = strings.ReplaceAll(rid.ReplaceAllString(unknown, ""), "nobody@example.se", "E")
	wrong = strings.ReplaceAll(rid.ReplaceAllString(wrong, ""), "kat-council@example.se", "E")
	if code != 401 || unknown != wrong {
		t.Errorf("unknown account and wrong password answer differently (%d)", code)
	}
}

func TestSignInFlowAndDisabledSession(t *testing.T) {
	f := newFixture(t)
	// A planted cookie is not promoted by signing in (session fixation).
	planted := "PLANTED"
	req, _ := http.NewRequest("POST", f.env.URL+"/login", strings.NewReader(url.Values{
		"email": {"KAT-Police@example.se "}, "password": {"correct horse battery"}, "next": {"//evil.example/"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "trygg_session", Value: planted})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("sign-in = %d to %q, want 303 to /admin/ (never an open redirect)", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "trygg_session" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value == planted || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v", cookie)
	}
	get := func(path string) int {
		req, _ := http.NewRequest("GET", f.env.URL+path, nil)
		req.AddCookie(cookie)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get("/admin/katrineholm/"); got != 200 {
		t.Fatalf("back office after sign-in = %d", got)
	}
	// The admin disables the user; the open session dies at once.
	if got, _, _ := f.send("POST", fmt.Sprintf("/admin/katrineholm/anvandare/%d/status", f.users["police"].ID), "admin",
		url.Values{"status": {"disabled"}}, nil); got != 303 {
		t.Fatalf("disable = %d", got)
	}
	if got := get("/admin/katrineholm/"); got != 303 {
		t.Errorf("disabled user's old session = %d, want 303 to sign-in", got)
	}
	if got, _, _ := f.send("POST", "/login", "", url.Values{"email": {"kat-police@example.se"}, "password": {"correct horse battery"}}, nil); got != 401 {
		t.Errorf("disabled user signs in: %d, want 401", got)
	}
}

func TestPasswordResetLink(t *testing.T) {
	f := newFixture(t)
	users := sqlstore.NewUserService(f.env.DB)
	tok := auth.NewToken()
	if err := users.CreatePasswordReset(context.Background(), f.users["council"].ID, auth.HashToken(tok), 3600e9); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"new": {"a brand new phrase"}, "repeat": {"a brand new phrase"}}
	if got, body, hdr := f.send("POST", "/konto/aterstall/"+tok, "", form, nil); got != 200 || hdr.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("reset = %d: %s", got, body)
	}
	if got, _, _ := f.send("POST", "/konto/aterstall/"+tok, "", form, nil); got != 400 {
		t.Errorf("second use of the link = %d, want 400", got)
	}
	if got, _, _ := f.send("POST", "/konto/aterstall/"+tok, "", url.Values{"new": {"short"}, "repeat": {"short"}}, nil); got != 400 {
		t.Errorf("short password = %d, want 400", got)
	}
	if got, _, _ := f.send("POST", "/login", "", url.Values{"email": {"kat-council@example.se"}, "password": {"a brand new phrase"}}, nil); got != 303 {
		t.Errorf("sign-in with the new password = %d, want 303", got)
	}
}

func TestChangesAreAudited(t *testing.T) {
	f := newFixture(t)
	f.send("POST", "/admin/katrineholm/installningar", "admin", url.Values{"name": {"Katrineholms kommun"}, "police_area": {"LPO Katrineholm"}, "population": {"34300"}}, nil)
	f.send("POST", "/admin/katrineholm/anvandare", "admin", url.Values{"email": {"ny@example.se"}, "name": {"Ny"}, "role": {"reporter"}}, nil)
	_, body, _ := f.send("GET", "/admin/katrineholm/audit?actor=kat-admin", "admin", nil, nil)
	for _, want := range []string{"tenant.update", "user.grant", "LPO Katrineholm", "34300"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if _, body, _ := f.send("GET", "/admin/katrineholm/audit?action=token.", "admin", nil, nil); strings.Contains(body, "tenant.update") {
		t.Error("action filter not applied")
	}
	if got, _, _ := f.send("GET", "/admin/katrineholm/audit?from=yesterday", "admin", nil, nil); got != 400 {
		t.Errorf("bad date filter = %d, want 400", got)
	}
}
