// Package web serves Trygg's HTML pages (public and back office), static
// assets, and mounts the JSON API. All routes are registered in one
// function, routes, each with the permission it needs.
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/httpx"
	"github.com/trygg-se/trygg/internal/open311"
)

// stockholm is the zone every time is shown in; the binary embeds the
// zone database (time/tzdata), so this cannot fail.
var stockholm, _ = time.LoadLocation("Europe/Stockholm")

// Services are the app services the web layer uses.
type Services struct {
	Tenants     app.TenantService
	Districts   app.DistrictService
	Promises    app.PromiseService
	Users       app.UserService
	Audit       app.AuditService
	Incidents   app.IncidentService
	Measures    app.MeasureService
	Patrols     app.PatrolService
	Dialogues   app.DialogueService
	FollowUps   app.FollowUpService
	Surveys     app.SurveyService
	Walks       app.WalkService
	Assessments app.AssessmentService
	// Bra returns Brå's figures for the kommun codes and the nation.
	Bra func(ctx context.Context, codes ...string) ([]app.BraFigure, error)
	// Ping reports whether the database answers.
	Ping func(ctx context.Context) error
}

// Server is Trygg's HTTP handler.
type Server struct {
	svc       Services
	log       *slog.Logger
	templates map[string]*template.Template
	catalog   catalog
	static    *staticAssets
	mux       *http.ServeMux
	tenantMux *http.ServeMux // public pages deeper than /{tenant}/x; see routes
	open311   *open311.Handler
	cache     *pageCache   // rendered public pages
	enrichers enrichers    // per tenant, for reports filed on the site
	h         http.Handler // mux wrapped in the middleware chain
	// Routes records every registered pattern with its permission, so
	// that a test can walk them all.
	Routes []Route

	params    auth.Params
	dummyHash string        // verified against when an e-mail is unknown, to take the same time
	hashSlots chan struct{} // bounds concurrent argon2id runs
	limits    limiters
	proxies   []netip.Prefix // trusted reverse proxies
	now       func() time.Time
}

// Config holds the server's tunables; the zero value is production's.
type Config struct {
	// PasswordParams are the argon2id parameters for new hashes; zero
	// means auth.DefaultParams. Tests use cheaper ones.
	PasswordParams auth.Params
	// Now is the clock of the rate limiters; nil means time.Now.
	Now func() time.Time
	// BaseURL is the site's public root, e.g. "https://trygg.katrineholm.se",
	// which Open311 discovery advertises; "" means http://localhost:8080.
	BaseURL string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (see clientIP); none means the header is ignored.
	TrustedProxies []netip.Prefix
}

// maxBodyBytes caps request bodies; forms are small. Uploads get their own
// limit on their routes.
const maxBodyBytes = 1 << 20

// Route is one registered pattern and the permission it needs.
type Route struct {
	Pattern    string
	Permission app.Permission
}

// New builds the server. It fails if a template or message file is broken,
// so that bad templates fail the start, not a request.
func New(svc Services, log *slog.Logger, cfg Config) (*Server, error) {
	if cfg.PasswordParams == (auth.Params{}) {
		cfg.PasswordParams = auth.DefaultParams
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{svc: svc, log: log, mux: http.NewServeMux(), tenantMux: http.NewServeMux(), params: cfg.PasswordParams,
		hashSlots: make(chan struct{}, 2), limits: newLimiters(cfg.Now), now: cfg.Now, proxies: cfg.TrustedProxies,
		cache: newPageCache(publicPageTTL, cfg.Now)}
	var err error
	if s.dummyHash, err = auth.HashPassword(auth.NewToken(), s.params); err != nil {
		return nil, err
	}
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.catalog, err = loadCatalog(); err != nil {
		return nil, err
	}
	if s.static, err = newStaticAssets(); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	if s.open311, err = open311.New(open311Backend{s}, open311.Config{BaseURL: cfg.BaseURL, Log: log, Now: cfg.Now,
		Contact: "Kommunens kontaktcenter / the kommun's contact centre", KeyService: "Be kommunen om en API-nyckel / Ask the kommun for an API key"}); err != nil {
		return nil, err
	}
	s.routes()
	s.h = s.chain(s.mux)
	return s, nil
}

// handle registers fn for pattern behind the guard for perm, and records
// the pair.
func (s *Server) handle(pattern string, perm app.Permission, fn http.HandlerFunc) {
	s.Routes = append(s.Routes, Route{Pattern: pattern, Permission: perm})
	s.mux.HandleFunc(pattern, s.guard(pattern, perm, fn))
}

// handleTenant is handle for the tenant mux.
func (s *Server) handleTenant(pattern string, perm app.Permission, fn http.HandlerFunc) {
	s.Routes = append(s.Routes, Route{Pattern: pattern, Permission: perm})
	s.tenantMux.HandleFunc(pattern, s.guard(pattern, perm, fn))
}

// routes registers every route of the application.
func (s *Server) routes() {
	const (
		public     = app.PermPublic
		signedIn   = app.PermSignedIn
		superadmin = app.PermSuperadmin
	)
	// Operations.
	s.handle("GET /healthz", public, s.health)
	s.handle("GET /static/{sum}/{file...}", public, s.static.serve)

	// Public pages.
	s.handle("GET /{$}", public, s.cache.wrap(s.showHome))
	s.handle("GET /{tenant}/{$}", public, s.cache.wrap(s.showTenant))
	s.handle("GET /{tenant}/rapportera", public, s.showCitizenForm)
	s.handle("POST /{tenant}/rapportera", public, s.fileCitizenReport)
	s.handle("GET /{tenant}/rapportstatus", public, s.showCitizenStatus)
	s.handle("GET /{tenant}/tillganglighet", public, s.cache.wrap(s.showAccessibility))
	s.handle("GET /{tenant}/flode.atom", public, s.cache.wrap(s.showFeed))
	s.handle("GET /{tenant}/oppna-data", public, s.cache.wrap(s.showOpenData))
	// Public pages deeper than /{tenant}/x live on a mux of their own: on
	// the main one, /{tenant}/omraden/{district} would overlap
	// /static/{sum}/{file...} and /admin/{tenant}/… with neither more
	// specific, which ServeMux refuses. Every more specific route of the
	// main mux still wins over this one.
	// Open311 lives under /open311/, a reserved slug, for the same reason.
	open311Route := s.guard("/open311/", public, s.open311.ServeHTTP)
	s.Routes = append(s.Routes, Route{Pattern: "/open311/", Permission: public})
	s.mux.HandleFunc("/{tenant}/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("tenant") == "open311" {
			open311Route(w, r)
			return
		}
		s.tenantMux.ServeHTTP(w, r)
	})
	s.handleTenant("GET /{tenant}/omraden/{district}", public, s.cache.wrap(s.showDistrict))
	s.handleTenant("GET /{tenant}/omraden/{district}/flode.atom", public, s.cache.wrap(s.showFeed))
	s.handleTenant("GET /{tenant}/oppna-data/{file}", public, s.cache.wrap(s.serveOpenData))
	s.handleTenant("GET /{tenant}/uppfoljning/{period}", public, s.cache.wrap(s.showPublicReport))
	s.handleTenant("GET /{tenant}/uppfoljning/{period}/rapport.pdf", public, s.showPublicReport)
	s.handleTenant("/", public, s.notFound)
	s.handle("/", public, s.notFound)

	// Sign-in and the user's own account.
	s.handle("GET /login", public, s.showLogin)
	s.handle("POST /login", public, s.login)
	s.handle("POST /logout", public, s.logout)
	s.handle("GET /konto/aterstall/{token}", public, s.showReset)
	s.handle("POST /konto/aterstall/{token}", public, s.resetPassword)
	s.handle("GET /konto", signedIn, s.showAccount)
	s.handle("POST /konto/losenord", signedIn, s.changePassword)

	// Back office: the installation.
	s.handle("GET /admin/{$}", signedIn, s.showAdminHome)
	s.handle("POST /admin/tenants", superadmin, s.createTenant)

	// Back office: one tenant.
	s.handle("GET /admin/{tenant}/{$}", app.PermBackOffice, s.showAdminTenant)
	s.handle("GET /admin/{tenant}/anvandare", app.PermUsersManage, s.showUsers)
	s.handle("POST /admin/{tenant}/anvandare", app.PermUsersManage, s.addUser)
	s.handle("POST /admin/{tenant}/anvandare/{user}/roller", app.PermUsersManage, s.grantRole)
	s.handle("POST /admin/{tenant}/anvandare/{user}/roller/ta-bort", app.PermUsersManage, s.revokeRole)
	s.handle("POST /admin/{tenant}/anvandare/{user}/status", app.PermUsersManage, s.setUserStatus)
	s.handle("GET /admin/{tenant}/tokens", app.PermTokensManage, s.showTokens)
	s.handle("POST /admin/{tenant}/tokens", app.PermTokensManage, s.createToken)
	s.handle("POST /admin/{tenant}/tokens/{id}/aterkalla", app.PermTokensManage, s.revokeToken)
	s.handle("GET /admin/{tenant}/installningar", app.PermSettings, s.showSettings)
	s.handle("POST /admin/{tenant}/installningar", app.PermSettings, s.updateSettings)
	s.handle("GET /admin/{tenant}/audit", app.PermAuditRead, s.showAudit)
	s.handle("GET /admin/{tenant}/audit.csv", app.PermAuditRead, s.exportAudit)

	// Back office: incidents, EST reports and their review.
	s.handle("GET /admin/{tenant}/rapport", app.PermReportFile, s.showReportForm)
	s.handle("POST /admin/{tenant}/rapport", app.PermReportFile, s.fileReport)
	s.handle("GET /admin/{tenant}/granskning", app.PermReview, s.showReview)
	s.handle("POST /admin/{tenant}/granskning/{id}", app.PermReview, s.reviewIncident)
	s.handle("GET /admin/{tenant}/lagesbild", app.PermSituationRead, s.showLagesbild)
	s.handle("GET /admin/{tenant}/lagesbild.xlsx", app.PermSituationRead, s.exportLagesbild)
	s.handle("GET /admin/{tenant}/bedomningar", app.PermSituationRead, s.showAssessments)
	s.handle("POST /admin/{tenant}/bedomningar", app.PermFollowUpEdit, s.createAssessment)
	s.handle("GET /admin/{tenant}/bedomningar/{id}", app.PermSituationRead, s.showAssessments)
	s.handle("GET /admin/{tenant}/lagesbild.geojson", app.PermSituationRead, s.exportLagesbild)

	// Back office: measures.
	s.handle("GET /admin/{tenant}/atgarder", app.PermSituationRead, s.showMeasures)
	s.handle("GET /admin/{tenant}/atgarder/ny", app.PermMeasuresEdit, s.showNewMeasure)
	s.handle("GET /admin/{tenant}/atgarder.csv", app.PermSituationRead, s.exportMeasures)
	s.handle("GET /admin/{tenant}/atgarder.xlsx", app.PermSituationRead, s.exportMeasures)
	s.handle("POST /admin/{tenant}/atgarder/import", app.PermMeasuresEdit, s.importMeasures)
	s.handle("POST /admin/{tenant}/atgarder", app.PermMeasuresEdit, s.saveMeasure)
	s.handle("GET /admin/{tenant}/atgarder/{id}", app.PermMeasuresEdit, s.showEditMeasure)
	s.handle("POST /admin/{tenant}/atgarder/{id}", app.PermMeasuresEdit, s.saveMeasure)
	s.handle("GET /admin/{tenant}/handelser", app.PermSituationRead, s.showIncidents)
	s.handle("GET /admin/{tenant}/handelser.csv", app.PermSituationRead, s.exportIncidents)
	s.handle("GET /admin/{tenant}/trygghet", app.PermSituationRead, s.showSurveys)
	s.handle("GET /admin/{tenant}/uppfoljning", app.PermFollowUpRead, s.showFollowUps)
	s.handle("GET /admin/{tenant}/uppfoljning/{period}", app.PermFollowUpRead, s.showFollowUp)
	s.handle("POST /admin/{tenant}/uppfoljning/{period}", app.PermFollowUpEdit, s.saveCommentary)
	s.handle("POST /admin/{tenant}/uppfoljning/{period}/anta", app.PermFollowUpAdopt, s.adoptFollowUp)
	s.handle("POST /admin/{tenant}/uppfoljning/{period}/rattelse", app.PermFollowUpAdopt, s.correctFollowUp)
	s.handle("GET /admin/{tenant}/uppfoljning/{period}/rapport", app.PermFollowUpRead, s.showAdminReport)
	s.handle("GET /admin/{tenant}/uppfoljning/{period}/rapport.pdf", app.PermFollowUpRead, s.showAdminReport)
	s.handle("GET /admin/{tenant}/patrullering", app.PermSituationRead, s.showPatrols)
	s.handle("POST /admin/{tenant}/patrullering", app.PermMeasuresEdit, s.createPatrol)
	s.handle("POST /admin/{tenant}/patrullering/{id}/ta-bort", app.PermMeasuresEdit, s.deletePatrol)

	// Back office: safety walks, their findings and protocols.
	s.handle("GET /admin/{tenant}/trygghetsvandringar", app.PermSituationRead, s.showWalks)
	s.handle("POST /admin/{tenant}/trygghetsvandringar", app.PermMeasuresEdit, s.createWalk)
	s.handle("GET /admin/{tenant}/trygghetsvandringar/{id}", app.PermSituationRead, s.showWalk)
	s.handle("GET /admin/{tenant}/trygghetsvandringar/{id}/protokoll", app.PermSituationRead, s.showWalkProtocol)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}/fynd", app.PermMeasuresEdit, s.addFinding)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/atgard", app.PermMeasuresEdit, s.findingToMeasure)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/beslut", app.PermMeasuresEdit, s.decideFinding)
	s.handle("GET /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/foto", app.PermSituationRead, s.serveFindingPhoto)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}", app.PermMeasuresEdit, s.updateWalk)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}/ta-bort", app.PermMeasuresEdit, s.deleteWalk)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}/ta-bort", app.PermMeasuresEdit, s.deleteFinding)
	s.handle("POST /admin/{tenant}/trygghetsvandringar/{id}/fynd/{finding}", app.PermMeasuresEdit, s.updateFinding)
	s.handle("GET /admin/{tenant}/dialoger", app.PermSituationRead, s.showDialogues)
	s.handle("POST /admin/{tenant}/dialoger", app.PermMeasuresEdit, s.createDialogue)
	s.handle("GET /admin/{tenant}/dialoger/{id}", app.PermSituationRead, s.showDialogue)
	s.handle("POST /admin/{tenant}/dialoger/{id}/ta-bort", app.PermMeasuresEdit, s.deleteDialogue)

	// JSON API.
	api.New(api.Services{Tenants: s.svc.Tenants, Districts: s.svc.Districts, Promises: s.svc.Promises, Audit: s.svc.Audit, Incidents: s.svc.Incidents,
		Surveys: s.svc.Surveys, Measures: s.svc.Measures, FollowUps: s.svc.FollowUps,
		FollowUpReport: func(r *http.Request, t *app.Tenant, f *app.FollowUp, lang string) (any, error) {
			return followup.Report(r.Context(), s.followUpServices(), t, f, lang, s.now())
		}},
		s.log, func(r *http.Request) *app.Tenant { return who(r).Tenant }).Routes(s.handle)
}

// ServeHTTP runs the middleware chain around the routes: logging and panic
// recovery outermost, then security headers, cross-origin protection for
// state-changing requests, and the body limit.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// publicPageTTL is how long a cached public page may be older than a
// write made by another process (an import from the command line).
const publicPageTTL = 30 * time.Second

func (s *Server) chain(h http.Handler) http.Handler {
	h = s.invalidating(h)
	h = s.limitBody(h) // maxBodyBytes, or an upload route's own limit (upload.go)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.SecurityHeaders(h)
	return httpx.Log(s.log, h)
}

// invalidating empties the page cache on every request that may have
// changed data (anything but GET and HEAD), as its answer starts: by then
// the change is committed, and a client that reloads on seeing the answer
// must not get the page from before it.
func (s *Server) invalidating(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		iw := &invalidatingWriter{ResponseWriter: w, invalidate: s.cache.invalidate}
		next.ServeHTTP(iw, r)
		iw.done()
	})
}

type invalidatingWriter struct {
	http.ResponseWriter
	invalidate func()
	fired      bool
}

func (w *invalidatingWriter) done() {
	if !w.fired {
		w.fired = true
		w.invalidate()
	}
}

func (w *invalidatingWriter) WriteHeader(code int) {
	w.done()
	w.ResponseWriter.WriteHeader(code)
}

func (w *invalidatingWriter) Write(b []byte) (int, error) {
	w.done()
	return w.ResponseWriter.Write(b)
}

func (w *invalidatingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Ping(r.Context()); err != nil {
		s.log.Error("health", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// errorPage is the view model of the error page.
type errorPage struct {
	Layout    Layout
	Message   string
	RequestID string
}

// error renders err as an HTML page with the status of its code. Internal
// errors are logged and shown with a request id, never their text.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	httpx.LogError(s.log, r, err)
	lang := language(w, r)
	code := app.ErrorCode(err)
	p := errorPage{Layout: s.layout(r, lang), Message: app.ErrorMessage(err)}
	if code == app.EINTERNAL {
		p.RequestID = httpx.RequestID(r.Context())
	}
	s.render(w, r, httpx.Status(code), "error", lang, p)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.fail(w, r, app.Errorf(app.ENOTFOUND, "%s", s.catalog.translator(lang)("error.notfound")))
}

// parseForm parses a posted form; on failure (a body over the limit, bad
// encoding) it answers and returns false.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.fail(w, r, app.Errorf(app.ETOOLARGE, "För stor förfrågan / Request body too large."))
	} else {
		s.fail(w, r, app.Errorf(app.EINVALID, "Ogiltigt formulär / Invalid form."))
	}
	return false
}
