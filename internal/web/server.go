// Package web serves Trygg's HTML pages (public and back office), static
// assets, and mounts the JSON API. All routes are registered in one
// function, routes, each with the permission it needs.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/httpx"
)

// Services are the app services the web layer uses.
type Services struct {
	Tenants   app.TenantService
	Districts app.DistrictService
	Promises  app.PromiseService
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
	h         http.Handler // mux wrapped in the middleware chain
	// Routes records every registered pattern with its permission, so
	// that a test can walk them all.
	Routes []Route
}

// maxBodyBytes caps request bodies; forms are small. Uploads get their own
// limit on their routes.
const maxBodyBytes = 1 << 20

// Route is one registered pattern and the permission it needs; "" is public.
type Route struct {
	Pattern    string
	Permission string
}

// New builds the server. It fails if a template or message file is broken,
// so that bad templates fail the start, not a request.
func New(svc Services, log *slog.Logger) (*Server, error) {
	s := &Server{svc: svc, log: log, mux: http.NewServeMux()}
	var err error
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.catalog, err = loadCatalog(); err != nil {
		return nil, err
	}
	if s.static, err = newStaticAssets(); err != nil {
		return nil, err
	}
	s.routes()
	s.h = s.chain(s.mux)
	return s, nil
}

// handle registers fn for pattern and records the permission it needs.
func (s *Server) handle(pattern, perm string, fn http.HandlerFunc) {
	s.Routes = append(s.Routes, Route{Pattern: pattern, Permission: perm})
	s.mux.HandleFunc(pattern, fn)
}

// routes registers every route of the application.
func (s *Server) routes() {
	// Operations.
	s.handle("GET /healthz", "", s.health)
	s.handle("GET /static/{sum}/{file...}", "", s.static.serve)

	// Public pages.
	s.handle("GET /{$}", "", s.showHome)
	s.handle("GET /{tenant}/{$}", "", s.showTenant)
	s.handle("/", "", s.notFound)

	// JSON API.
	api.New(api.Services{Tenants: s.svc.Tenants, Districts: s.svc.Districts, Promises: s.svc.Promises}, s.log).Routes(s.handle)
}

// ServeHTTP runs the middleware chain around the routes: logging and panic
// recovery outermost, then security headers, cross-origin protection for
// state-changing requests, and the body limit.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

func (s *Server) chain(h http.Handler) http.Handler {
	h = httpx.LimitBody(maxBodyBytes, h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.SecurityHeaders(h)
	return httpx.Log(s.log, h)
}

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
	s.error(w, r, app.Errorf(app.ENOTFOUND, "%s", s.catalog.translator(lang)("error.notfound")))
}
