package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// routeRules is the permission every route must be registered with. A
// route the server has and this table lacks fails the test: a new route
// cannot slip in without someone deciding who may use it.
var routeRules = map[string]app.Permission{
	"GET /healthz":                                app.PermPublic,
	"GET /static/{sum}/{file...}":                 app.PermPublic,
	"GET /{$}":                                    app.PermPublic,
	"GET /{tenant}/{$}":                           app.PermPublic,
	"GET /{tenant}/rapportera":                    app.PermPublic,
	"POST /{tenant}/rapportera":                   app.PermPublic,
	"GET /{tenant}/rapportstatus":                 app.PermPublic,
	"GET /{tenant}/tillganglighet":                app.PermPublic,
	"GET /{tenant}/flode.atom":                    app.PermPublic,
	"GET /{tenant}/oppna-data":                    app.PermPublic,
	"GET /{tenant}/oppna-data/{file}":             app.PermPublic,
	"GET /{tenant}/omraden/{district}":            app.PermPublic,
	"GET /{tenant}/omraden/{district}/flode.atom": app.PermPublic,
	"/":                              app.PermPublic,
	"GET /login":                     app.PermPublic,
	"POST /login":                    app.PermPublic,
	"POST /logout":                   app.PermPublic,
	"GET /konto/aterstall/{token}":   app.PermPublic,
	"POST /konto/aterstall/{token}":  app.PermPublic,
	"GET /konto":                     app.PermSignedIn,
	"POST /konto/losenord":           app.PermSignedIn,
	"GET /admin/{$}":                 app.PermSignedIn,
	"POST /admin/tenants":            app.PermSuperadmin,
	"GET /admin/{tenant}/{$}":        app.PermBackOffice,
	"GET /admin/{tenant}/anvandare":  app.PermUsersManage,
	"POST /admin/{tenant}/anvandare": app.PermUsersManage,
	"POST /admin/{tenant}/anvandare/{user}/roller":                         app.PermUsersManage,
	"POST /admin/{tenant}/anvandare/{user}/roller/ta-bort":                 app.PermUsersManage,
	"POST /admin/{tenant}/anvandare/{user}/status":                         app.PermUsersManage,
	"GET /admin/{tenant}/tokens":                                           app.PermTokensManage,
	"POST /admin/{tenant}/tokens":                                          app.PermTokensManage,
	"POST /admin/{tenant}/tokens/{id}/aterkalla":                           app.PermTokensManage,
	"GET /admin/{tenant}/installningar":                                    app.PermSettings,
	"POST /admin/{tenant}/installningar":                                   app.PermSettings,
	"GET /admin/{tenant}/audit":                                            app.PermAuditRead,
	"GET /admin/{tenant}/audit.csv":                                        app.PermAuditRead,
	"GET /admin/{tenant}/rapport":                                          app.PermReportFile,
	"POST /admin/{tenant}/rapport":                                         app.PermReportFile,
	"GET /admin/{tenant}/granskning":                                       app.PermReview,
	"POST /admin/{tenant}/granskning/{id}":                                 app.PermReview,
	"GET /admin/{tenant}/lagesbild":                                        app.PermSituationRead,
	"GET /admin/{tenant}/lagesbild.xlsx":                                   app.PermSituationRead,
	"GET /admin/{tenant}/bedomningar":                                      app.PermSituationRead,
	"POST /admin/{tenant}/bedomningar":                                     app.PermFollowUpEdit,
	"GET /admin/{tenant}/bedomningar/{id}":                                 app.PermSituationRead,
	"GET /admin/{tenant}/lagesbild.geojson":                                app.PermSituationRead,
	"GET /admin/{tenant}/atgarder":                                         app.PermSituationRead,
	"GET /admin/{tenant}/atgarder/ny":                                      app.PermMeasuresEdit,
	"GET /admin/{tenant}/atgarder.csv":                                     app.PermSituationRead,
	"GET /admin/{tenant}/atgarder.xlsx":                                    app.PermSituationRead,
	"POST /admin/{tenant}/atgarder/import":                                 app.PermMeasuresEdit,
	"POST /admin/{tenant}/atgarder":                                        app.PermMeasuresEdit,
	"GET /admin/{tenant}/atgarder/{id}":                                    app.PermMeasuresEdit,
	"POST /admin/{tenant}/atgarder/{id}":                                   app.PermMeasuresEdit,
	"GET /admin/{tenant}/handelser":                                        app.PermSituationRead,
	"GET /admin/{tenant}/handelser.csv":                                    app.PermSituationRead,
	"GET /admin/{tenant}/patrullering":                                     app.PermSituationRead,
	"GET /admin/{tenant}/trygghet":                                         app.PermSituationRead,
	"GET /admin/{tenant}/uppfoljning":                                      app.PermFollowUpRead,
	"GET /admin/{tenant}/uppfoljning/{period}":                             app.PermFollowUpRead,
	"POST /admin/{tenant}/uppfoljning/{period}":                            app.PermFollowUpEdit,
	"POST /admin/{tenant}/uppfoljning/{period}/anta":                       app.PermFollowUpAdopt,
	"POST /admin/{tenant}/uppfoljning/{period}/rattelse":                   app.PermFollowUpAdopt,
	"GET /admin/{tenant}/uppfoljning/{period}/rapport":                     app.PermFollowUpRead,
	"GET /admin/{tenant}/uppfoljning/{period}/rapport.pdf":                 app.PermFollowUpRead,
	"GET /{tenant}/uppfoljning/{period}":                                   app.PermPublic,
	"GET /{tenant}/uppfoljning/{period}/rapport.pdf":                       app.PermPublic,
	"POST /admin/{tenant}/patrullering":                                    app.PermMeasuresEdit,
	"POST /admin/{tenant}/patrullering/{id}/ta-bort":                       app.PermMeasuresEdit,
	"GET /admin/{tenant}/trygghetsvandringar":                              app.PermSituationRead,
	"POST /admin/{tenant}/trygghetsvandringar":                             app.PermMeasuresEdit,
	"GET /admin/{tenant}/trygghetsvandringar/{id}":                         app.PermSituationRead,
	"GET /admin/{tenant}/trygghetsvandringar/{id}/protokoll":               app.PermSituationRead,
	"POST /admin/{tenant}/trygghetsvandringar/{id}/fynd":                   app.PermMeasuresEdit,
	"POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/atgard":  app.PermMeasuresEdit,
	"POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/beslut":  app.PermMeasuresEdit,
	"GET /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/foto":     app.PermSituationRead,
	"POST /admin/{tenant}/trygghetsvandringar/{id}":                        app.PermMeasuresEdit,
	"POST /admin/{tenant}/trygghetsvandringar/{id}/ta-bort":                app.PermMeasuresEdit,
	"POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/ta-bort": app.PermMeasuresEdit,
	"POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}":         app.PermMeasuresEdit,
	"GET /admin/{tenant}/dialoger":                                         app.PermSituationRead,
	"POST /admin/{tenant}/dialoger":                                        app.PermMeasuresEdit,
	"GET /admin/{tenant}/dialoger/{id}":                                    app.PermSituationRead,
	"POST /admin/{tenant}/dialoger/{id}/ta-bort":                           app.PermMeasuresEdit,
	"GET /api/v1/tenants/{tenant}/incidents":                               app.PermSituationRead,
	"GET /api/v1/tenants/{tenant}/situation":                               app.PermSituationRead,
	"GET /api/v1/tenants/{tenant}/situation/timegrid":                      app.PermSituationRead,
	"GET /api/v1/tenants/{tenant}/situation/hotspots":                      app.PermSituationRead,
	"GET /api/v1/tenants":                                                  app.PermPublic,
	"GET /api/v1/tenants/{tenant}/promises":                                app.PermPublic,
	"GET /api/v1/tenants/{tenant}/districts":                               app.PermPublic,
	"GET /api/v1/tenants/{tenant}/audit":                                   app.PermAuditRead,
	"GET /api/v1/tenants/{tenant}/measures":                                app.PermSituationRead,
	"POST /api/v1/tenants/{tenant}/measures":                               app.PermMeasuresEdit,
	"PATCH /api/v1/tenants/{tenant}/measures/{id}":                         app.PermMeasuresEdit,
	"GET /api/v1/tenants/{tenant}/followups":                               app.PermFollowUpRead,
	"GET /api/v1/tenants/{tenant}/followups/{period}":                      app.PermFollowUpRead,
	"GET /api/v1/tenants/{tenant}/surveys/{wave}/indicators":               app.PermSituationRead,
	"GET /api/v1/openapi.json":                                             app.PermPublic,
	"/api/v1/{path...}":                                                    app.PermPublic,
	"/open311/":                                                            app.PermPublic,
}

// fixture is a server with the Katrineholm demo, a second tenant (Flen),
// and a user per role.
type fixture struct {
	t     *testing.T
	env   *testEnv
	users map[string]*app.User // by principal name
	flen  *app.Tenant
	kat   *app.Tenant
	// ids of objects in Katrineholm that routes with {user} and {id} use.
	katUserID, katTokenID   int64
	flenUserID, flenTokenID int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	env := newEnv(t)
	ctx := context.Background()
	f := &fixture{t: t, env: env, users: map[string]*app.User{}}
	tenants := sqlstore.NewTenantService(env.DB)
	var err error
	if f.kat, err = tenants.FindTenantBySlug(ctx, "katrineholm"); err != nil {
		t.Fatal(err)
	}
	f.flen = &app.Tenant{Slug: "flen", Name: "Flens kommun", KommunCode: "0482"}
	if err := tenants.CreateTenant(ctx, f.flen); err != nil {
		t.Fatal(err)
	}
	for _, r := range app.Roles {
		f.users[string(r)] = f.mustUser("kat-"+string(r)+"@example.se", f.kat, r, false)
	}
	f.users["superadmin"] = f.mustUser("root@example.se", nil, "", true)
	f.users["other-tenant-admin"] = f.mustUser("flen-admin@example.se", f.flen, app.RoleAdmin, false)
	disabled := f.mustUser("gone@example.se", f.kat, app.RoleAdmin, false)
	f.users["disabled"] = disabled
	f.katUserID = f.users["reporter"].ID
	f.flenUserID = f.users["other-tenant-admin"].ID
	f.katTokenID = f.mustToken(f.kat)
	f.flenTokenID = f.mustToken(f.flen)
	return f
}

func (f *fixture) mustUser(email string, t *app.Tenant, r app.Role, super bool) *app.User {
	f.t.Helper()
	ctx := context.Background()
	h, _ := cheapHash("correct horse battery")
	u := &app.User{Email: email, Name: email, PasswordHash: h, Superadmin: super}
	users := sqlstore.NewUserService(f.env.DB)
	if err := users.CreateUser(ctx, u); err != nil {
		f.t.Fatal(err)
	}
	if t != nil {
		if err := users.GrantRole(ctx, u.ID, t.ID, r); err != nil {
			f.t.Fatal(err)
		}
	}
	return u
}

func (f *fixture) mustToken(t *app.Tenant) int64 {
	tok := &app.Token{TenantID: t.ID, Name: "x", Role: app.RoleAdmin}
	if err := sqlstore.NewUserService(f.env.DB).CreateToken(context.Background(), tok, auth.HashToken(auth.NewAPIToken())); err != nil {
		f.t.Fatal(err)
	}
	return tok.ID
}

// session makes a fresh server-side session for the named principal and
// returns its cookie value ("" for anonymous). A disabled user's session
// is made while the user is active, then the user is disabled.
func (f *fixture) session(name string) string {
	f.t.Helper()
	u := f.users[name]
	if u == nil {
		return ""
	}
	users := sqlstore.NewUserService(f.env.DB)
	tok := auth.NewToken()
	ctx := context.Background()
	if name == "disabled" {
		users.SetUserStatus(ctx, 0, u.ID, app.UserActive)
	}
	if _, err := users.CreateSession(ctx, u.ID, auth.HashToken(tok), 12*3600e9); err != nil {
		f.t.Fatal(err)
	}
	if name == "disabled" {
		if err := users.SetUserStatus(ctx, 0, u.ID, app.UserDisabled); err != nil {
			f.t.Fatal(err)
		}
	}
	return tok
}

// path turns a pattern into a concrete request for the Katrineholm tenant.
func (f *fixture) path(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	path = strings.NewReplacer(
		"{tenant}", "katrineholm", "{user}", fmt.Sprint(f.katUserID), "{id}", fmt.Sprint(f.katTokenID),
		"{token}", "not-a-token", "{finding}", "1", "{district}", "navertorp", "{wave}", "katrineholm-2023", "{period}", "2023-T1", "{file}", "handelser.csv", "{sum}", "0", "{file...}", "app.css", "{path...}", "nothing", "{$}", "",
	).Replace(path)
	return method, path
}

// request sends method path as the principal with an empty form.
func (f *fixture) request(method, path, principal string, form url.Values) *http.Response {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.env.URL+path, strings.NewReader(form.Encode()))
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c := f.session(principal); c != "" {
		req.AddCookie(&http.Cookie{Name: "trygg_session", Value: c})
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestEveryRouteHasARule(t *testing.T) {
	f := newFixture(t)
	seen := map[string]bool{}
	for _, r := range f.env.Server.Routes {
		seen[r.Pattern] = true
		want, ok := routeRules[r.Pattern]
		if !ok {
			t.Errorf("route %q has no rule in routeRules: decide who may use it", r.Pattern)
			continue
		}
		if r.Permission != want {
			t.Errorf("route %q registered with %q, rule says %q", r.Pattern, r.Permission, want)
		}
	}
	for p := range routeRules {
		if !seen[p] {
			t.Errorf("rule for %q, but no such route", p)
		}
	}
}

// TestRouteRoleTenant walks every route × principal and checks the answer:
// allowed, 403, or a sign-in demand.
func TestRouteRoleTenant(t *testing.T) {
	f := newFixture(t)
	principals := []string{"", "superadmin", "admin", "coordinator", "police", "reporter", "council", "other-tenant-admin", "disabled"}
	for _, r := range f.env.Server.Routes {
		method, path := f.path(r.Pattern)
		for _, p := range principals {
			resp := f.request(method, path, p, url.Values{})
			got := resp.StatusCode
			loc := resp.Header.Get("Location")
			toLogin := got == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
			var want string
			switch {
			case r.Permission == app.PermPublic:
				want = "allowed"
			case p == "" || p == "disabled":
				want = "sign-in"
			case f.can(p, r.Permission, strings.Contains(r.Pattern, "{tenant}")):
				want = "allowed"
			default:
				want = "forbidden"
			}
			ok := false
			switch want {
			case "allowed":
				ok = got != http.StatusForbidden && got != http.StatusUnauthorized && !toLogin && got < 500
				if r.Permission == app.PermPublic && r.Pattern == "POST /login" {
					ok = got != http.StatusForbidden && got < 500 // a failed sign-in is 401 by design
				}
			case "sign-in":
				ok = toLogin || got == http.StatusUnauthorized
			case "forbidden":
				ok = got == http.StatusForbidden
			}
			if !ok {
				t.Errorf("%s %s as %q: status %d (Location %q), want %s", method, path, p, got, loc, want)
			}
		}
	}
}

// can is the expected answer, computed from the role table independently
// of the server's guard.
func (f *fixture) can(principal string, perm app.Permission, tenantScoped bool) bool {
	switch {
	case principal == "superadmin":
		return true
	case perm == app.PermSignedIn:
		return true
	case perm == app.PermSuperadmin:
		return false
	case principal == "other-tenant-admin":
		return !tenantScoped // Flen's admin has no role in Katrineholm
	}
	for _, p := range app.RolePermissions[app.Role(principal)] {
		if p == perm {
			return true
		}
	}
	return false
}
