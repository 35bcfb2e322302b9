package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
)

// navItem is one link of the back-office navigation.
type navItem struct {
	Href, Label string
	Current     bool
}

// adminNav lists the tenant sections the principal may open.
func (s *Server) adminNav(r *http.Request, lang string) []navItem {
	p := who(r)
	if p.Tenant == nil || p.User == nil {
		return nil
	}
	T := s.catalog.translator(lang)
	base := "/admin/" + p.Tenant.Slug + "/"
	items := []struct {
		path  string
		perm  app.Permission
		label string
	}{
		{"", app.PermBackOffice, "admin.nav.overview"},
		{"rapport", app.PermReportFile, "admin.nav.report"},
		{"granskning", app.PermReview, "admin.nav.review"},
		{"lagesbild", app.PermSituationRead, "admin.nav.situation"},
		{"bedomningar", app.PermSituationRead, "admin.nav.assessments"},
		{"atgarder", app.PermSituationRead, "admin.nav.measures"},
		{"handelser", app.PermSituationRead, "admin.nav.incidents"},
		{"patrullering", app.PermSituationRead, "admin.nav.patrols"},
		{"trygghetsvandringar", app.PermSituationRead, "admin.nav.walks"},
		{"dialoger", app.PermSituationRead, "admin.nav.dialogues"},
		{"trygghet", app.PermSituationRead, "admin.nav.surveys"},
		{"uppfoljning", app.PermFollowUpRead, "admin.nav.followups"},
		{"anvandare", app.PermUsersManage, "admin.nav.users"},
		{"tokens", app.PermTokensManage, "admin.nav.tokens"},
		{"installningar", app.PermSettings, "admin.nav.settings"},
		{"audit", app.PermAuditRead, "admin.nav.audit"},
	}
	var out []navItem
	for _, it := range items {
		if p.User.Can(p.Tenant.ID, it.perm) {
			out = append(out, navItem{Href: base + it.path, Label: T(it.label), Current: r.URL.Path == base+it.path})
		}
	}
	return out
}

type adminHomePage struct {
	Layout  Layout
	User    *app.User
	Tenants []*app.Tenant // every tenant, for the superadmin
	Error   string
	Form    app.Tenant
}

func (s *Server) showAdminHome(w http.ResponseWriter, r *http.Request) {
	s.renderAdminHome(w, r, http.StatusOK, adminHomePage{})
}

func (s *Server) renderAdminHome(w http.ResponseWriter, r *http.Request, status int, page adminHomePage) {
	lang := language(w, r)
	page.Layout, page.User = s.layout(r, lang), who(r).User
	if page.User.Superadmin {
		var err error
		if page.Tenants, err = s.svc.Tenants.FindTenants(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "admin_home", lang, page)
}

// createTenant adds a kommun to the installation (superadmin only).
func (s *Server) createTenant(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	t := app.Tenant{
		Slug:       strings.TrimSpace(r.PostForm.Get("slug")),
		Name:       strings.TrimSpace(r.PostForm.Get("name")),
		KommunCode: strings.TrimSpace(r.PostForm.Get("kommun_code")),
		PoliceArea: strings.TrimSpace(r.PostForm.Get("police_area")),
	}
	if err := s.svc.Tenants.CreateTenant(r.Context(), &t); err != nil {
		if code := app.ErrorCode(err); code == app.EINVALID || code == app.ECONFLICT {
			s.renderAdminHome(w, r, http.StatusBadRequest, adminHomePage{Error: app.ErrorMessage(err), Form: t})
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/", http.StatusSeeOther)
}

type adminTenantPage struct {
	Layout Layout
	Tenant *app.Tenant
	Roles  []app.Role
}

func (s *Server) showAdminTenant(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	p := who(r)
	page := adminTenantPage{Layout: s.layout(r, lang), Tenant: p.Tenant}
	if p.User != nil {
		page.Roles = p.User.RoleIn(p.Tenant.ID)
	}
	s.render(w, r, http.StatusOK, "admin_tenant", lang, page)
}

type usersPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	Users     []*app.User
	Roles     []app.Role
	Error     string
	ResetLink string // shown once after adding a user
	Email     string
	Name      string
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, usersPage{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, page usersPage) {
	lang := language(w, r)
	t := who(r).Tenant
	page.Layout, page.Tenant, page.Roles = s.layout(r, lang), t, app.Roles
	var err error
	if page.Users, err = s.svc.Users.FindUsers(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_users", lang, page)
}

// addUser gives a role in this tenant to the user with the e-mail,
// creating the user if needed. A new user gets a one-time link to set a
// password, shown here once: Trygg needs no mail server.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	page := usersPage{Email: app.NormalizeEmail(r.PostForm.Get("email")), Name: strings.TrimSpace(r.PostForm.Get("name"))}
	role := app.Role(r.PostForm.Get("role"))
	fail := func(err error) {
		if code := app.ErrorCode(err); code == app.EINVALID || code == app.ECONFLICT {
			page.Error = app.ErrorMessage(err)
			s.renderUsers(w, r, http.StatusBadRequest, page)
			return
		}
		s.fail(w, r, err)
	}
	if !role.Valid() {
		fail(app.FieldErrorf("role", "Välj en roll / Choose a role."))
		return
	}
	u, err := s.svc.Users.FindUserByEmail(r.Context(), page.Email)
	if app.ErrorCode(err) == app.ENOTFOUND {
		u = &app.User{Email: page.Email, Name: page.Name, Status: app.UserActive}
		if err := s.svc.Users.CreateUser(r.Context(), u); err != nil {
			fail(err)
			return
		}
		token := auth.NewToken()
		if err := s.svc.Users.CreatePasswordReset(r.Context(), u.ID, auth.HashToken(token), 7*24*time.Hour); err != nil {
			fail(err)
			return
		}
		page.ResetLink = baseURL(r) + "/konto/aterstall/" + token
	} else if err != nil {
		fail(err)
		return
	}
	if err := s.svc.Users.GrantRole(r.Context(), u.ID, t.ID, role); err != nil {
		fail(err)
		return
	}
	if page.ResetLink == "" {
		http.Redirect(w, r, "/admin/"+t.Slug+"/anvandare", http.StatusSeeOther)
		return
	}
	page.Email, page.Name = "", ""
	s.renderUsers(w, r, http.StatusOK, page)
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// tenantUser loads the {user} of the path, which must hold a role in the
// route's tenant: another tenant's user is "not found", never "forbidden",
// so ids cannot be probed.
func (s *Server) tenantUser(r *http.Request) (*app.User, error) {
	t := who(r).Tenant
	id, err := strconv.ParseInt(r.PathValue("user"), 10, 64)
	if err != nil {
		return nil, app.Errorf(app.ENOTFOUND, "Användaren finns inte.")
	}
	u, err := s.svc.Users.FindUserByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if len(u.RoleIn(t.ID)) == 0 {
		return nil, app.Errorf(app.ENOTFOUND, "Användaren finns inte.")
	}
	return u, nil
}

func (s *Server) grantRole(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(u *app.User, t *app.Tenant) error {
		return s.svc.Users.GrantRole(r.Context(), u.ID, t.ID, app.Role(r.PostForm.Get("role")))
	})
}

func (s *Server) revokeRole(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(u *app.User, t *app.Tenant) error {
		if u.ID == who(r).User.ID && app.Role(r.PostForm.Get("role")) == app.RoleAdmin {
			return app.Errorf(app.EINVALID, "Du kan inte ta bort din egen administratörsroll / You cannot remove your own admin role.")
		}
		return s.svc.Users.RevokeRole(r.Context(), u.ID, t.ID, app.Role(r.PostForm.Get("role")))
	})
}

// setUserStatus disables or enables a user. A tenant admin may do so only
// for users who work in no other tenant; others are the superadmin's.
func (s *Server) setUserStatus(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(u *app.User, t *app.Tenant) error {
		me := who(r).User
		if u.ID == me.ID {
			return app.Errorf(app.EINVALID, "Du kan inte stänga av dig själv / You cannot disable yourself.")
		}
		if !me.Superadmin {
			for _, m := range u.Memberships {
				if m.TenantID != t.ID {
					return app.Errorf(app.EFORBIDDEN, "Användaren arbetar även i %s; kontakta installationens administratör.", m.TenantName)
				}
			}
		}
		return s.svc.Users.SetUserStatus(r.Context(), t.ID, u.ID, r.PostForm.Get("status"))
	})
}

func (s *Server) userAction(w http.ResponseWriter, r *http.Request, fn func(u *app.User, t *app.Tenant) error) {
	if !s.parseForm(w, r) {
		return
	}
	u, err := s.tenantUser(r)
	if err == nil {
		err = fn(u, who(r).Tenant)
	}
	switch app.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/admin/"+who(r).Tenant.Slug+"/anvandare", http.StatusSeeOther)
	case app.EINVALID, app.ECONFLICT:
		s.renderUsers(w, r, http.StatusBadRequest, usersPage{Error: app.ErrorMessage(err)})
	default:
		s.fail(w, r, err)
	}
}

type tokensPage struct {
	Layout   Layout
	Tenant   *app.Tenant
	Tokens   []*app.Token
	Roles    []app.Role
	NewToken string // shown once
	Error    string
}

func (s *Server) showTokens(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, tokensPage{})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, page tokensPage) {
	lang := language(w, r)
	t := who(r).Tenant
	page.Layout, page.Tenant, page.Roles = s.layout(r, lang), t, app.Roles
	var err error
	if page.Tokens, err = s.svc.Users.FindTokens(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	// The new token is a secret on this page: do not let a proxy keep it.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "admin_tokens", lang, page)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	tok := &app.Token{TenantID: who(r).Tenant.ID, Name: strings.TrimSpace(r.PostForm.Get("name")), Role: app.Role(r.PostForm.Get("role"))}
	plain := auth.NewAPIToken()
	if err := s.svc.Users.CreateToken(r.Context(), tok, auth.HashToken(plain)); err != nil {
		if app.ErrorCode(err) == app.EINVALID {
			s.renderTokens(w, r, http.StatusBadRequest, tokensPage{Error: app.ErrorMessage(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.renderTokens(w, r, http.StatusOK, tokensPage{NewToken: plain})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, app.Errorf(app.ENOTFOUND, "Ingen sådan token / No such token."))
		return
	}
	if err := s.svc.Users.RevokeToken(r.Context(), who(r).Tenant.ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+who(r).Tenant.Slug+"/tokens", http.StatusSeeOther)
}

type settingsPage struct {
	Layout Layout
	Tenant *app.Tenant
	Error  string
	Saved  bool
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.render(w, r, http.StatusOK, "admin_settings", lang, settingsPage{Layout: s.layout(r, lang), Tenant: who(r).Tenant,
		Saved: r.URL.Query().Get("saved") == "1"})
}

func (s *Server) updateSettings(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	name, area := strings.TrimSpace(r.PostForm.Get("name")), strings.TrimSpace(r.PostForm.Get("police_area"))
	var types []string
	for _, line := range strings.Split(r.PostForm.Get("measure_types"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			types = append(types, line)
		}
	}
	upd := app.TenantUpdate{Name: &name, PoliceArea: &area, MeasureTypes: &types}
	pop, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get("population")), " ", ""))
	if err != nil {
		err = app.FieldErrorf("population", "Folkmängden ska vara ett heltal / Population must be a whole number.")
	} else {
		upd.Population = &pop
		_, err = s.svc.Tenants.UpdateTenant(r.Context(), t.ID, upd)
	}
	if app.ErrorCode(err) == app.EINVALID {
		form := *t
		form.Name, form.PoliceArea, form.MeasureTypes = name, area, types
		s.render(w, r, http.StatusBadRequest, "admin_settings", lang, settingsPage{Layout: s.layout(r, lang), Tenant: &form, Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/installningar?saved=1", http.StatusSeeOther)
}

type auditPage struct {
	Layout  Layout
	Tenant  *app.Tenant
	Entries []*app.AuditEntry
	Total   int
	Filter  auditForm
	Error   string
	CSVURL  string
}

type auditForm struct{ Action, Actor, From, To string }

// auditFilter reads the filter from the query; dates are local
// (Europe/Stockholm) days, To inclusive.
func auditFilter(r *http.Request) (app.AuditFilter, auditForm, error) {
	q := r.URL.Query()
	form := auditForm{Action: q.Get("action"), Actor: q.Get("actor"), From: q.Get("from"), To: q.Get("to")}
	f := app.AuditFilter{Action: form.Action, Actor: form.Actor, Limit: 200}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		f.Offset = n
	}
	for _, d := range []struct {
		s   string
		dst *time.Time
		add int
	}{{form.From, &f.From, 0}, {form.To, &f.To, 1}} {
		if d.s == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.s, stockholm)
		if err != nil {
			return f, form, app.Errorf(app.EINVALID, "Ogiltigt datum %q, ange ÅÅÅÅ-MM-DD / Invalid date.", d.s)
		}
		*d.dst = t.AddDate(0, 0, d.add)
	}
	return f, form, nil
}

func (s *Server) showAudit(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t := who(r).Tenant
	f, form, err := auditFilter(r)
	page := auditPage{Layout: s.layout(r, lang), Tenant: t, Filter: form,
		CSVURL: "/admin/" + t.Slug + "/audit.csv?" + r.URL.RawQuery}
	status := http.StatusOK
	if err != nil {
		page.Error, status = app.ErrorMessage(err), http.StatusBadRequest
	} else if page.Entries, page.Total, err = s.svc.Audit.FindAudit(r.Context(), t.ID, f); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_audit", lang, page)
}

// exportAudit writes the filtered log as CSV (UTF-8 with BOM and ; as
// Swedish Excel expects).
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	f, _, err := auditFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = 10000
	entries, _, err := s.svc.Audit.FindAudit(r.Context(), t.ID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="trygg-audit-`+t.Slug+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write([]string{"id", "at", "actor", "action", "entity", "entity_id", "before", "after"})
	for _, e := range entries {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), csvSafe(e.Actor), e.Action, e.Entity,
			csvSafe(e.EntityID), csvSafe(string(e.Before)), csvSafe(string(e.After))})
	}
	cw.Flush()
}

// csvSafe defuses spreadsheet formulas (CSV injection): a cell starting
// with = + - @ is prefixed with an apostrophe.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
