package open311

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/httpx"
)

// Prefix is the path under which every Open311 route lives.
const Prefix = "/open311"

// Specification is the discovery token of GeoReport v2.
const Specification = "http://wiki.open311.org/GeoReport_v2"

// Config is the installation's part of the protocol.
type Config struct {
	// BaseURL is the public root of the site, e.g.
	// "https://trygg.katrineholm.se". Discovery advertises
	// BaseURL+"/open311/v2" as the endpoint; it is configured rather than
	// taken from the request's Host header, which a client controls.
	BaseURL string
	// Contact and KeyService are the discovery document's "how to reach
	// us" and "how to get an API key", in words.
	Contact, KeyService string
	// Changeset tells clients when to refresh what they cache (services
	// and definitions). It must sort in time order; "" means the time New
	// runs, which is safe because the services only change with a deploy
	// or a restart.
	Changeset string
	// Test marks the endpoint as type "test": reports sent to it are not
	// acted upon.
	Test bool
	// Log receives internal errors; nil means slog.Default().
	Log *slog.Logger
	// Now is the clock for the default 90-day window; nil means time.Now.
	Now func() time.Time
}

// Handler serves Open311 GeoReport v2. It is an http.Handler for Prefix+"/";
// Routes registers its routes on another mux instead.
type Handler struct {
	b         Backend
	log       *slog.Logger
	now       func() time.Time
	discovery wireDiscovery
	mux       *http.ServeMux
}

// New returns the handler for b, or an error if cfg is unusable.
func New(b Backend, cfg Config) (*Handler, error) {
	if b == nil {
		return nil, errors.New("open311: no backend")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("open311: base URL %q is not an absolute http or https URL", cfg.BaseURL)
	}
	h := &Handler{b: b, log: cfg.Log, now: cfg.Now, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	changeset := cfg.Changeset
	if changeset == "" {
		changeset = h.now().UTC().Format(time.RFC3339)
	}
	typ := "production"
	if cfg.Test {
		typ = "test"
	}
	h.discovery = wireDiscovery{
		Changeset: changeset, Contact: cfg.Contact, KeyService: cfg.KeyService,
		Endpoints: newList("endpoint", []wireEndpoint{{
			Specification: Specification,
			URL:           strings.TrimSuffix(u.String(), "/") + Prefix + "/v2",
			Changeset:     changeset,
			Type:          typ,
			Formats:       newList("format", []string{"text/xml", "application/json"}),
		}}),
	}
	h.Routes(func(pattern string, fn http.HandlerFunc) { h.mux.Handle(pattern, fn) })
	return h, nil
}

// ServeHTTP serves a request whose path starts with Prefix+"/".
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Routes registers every route through handle, for a caller that wants to
// wrap them one by one (a rate limit on POST, say). The patterns carry no
// method: the handlers check it themselves, so that a wrong method gets
// the spec's error list and not the mux's plain-text 405. ServeMux
// wildcards are whole segments, so each takes the file name ("06.json")
// and splits off the format itself.
func (h *Handler) Routes(handle func(pattern string, fn http.HandlerFunc)) {
	handle(Prefix+"/{file}", h.showDiscovery)
	handle(Prefix+"/v2/{file}", h.serveCollection)
	handle(Prefix+"/v2/services/{file}", h.showService)
	handle(Prefix+"/v2/requests/{file}", h.showRequest)
	handle(Prefix+"/v2/tokens/{file}", h.showToken)
	handle(Prefix+"/", h.notFound)
}

// resource splits the {file} wildcard into a name and a format. Only .json
// and .xml exist; anything else is a resource that does not exist, so it
// is a 404 (in XML, the format every client must read).
func (h *Handler) resource(w http.ResponseWriter, r *http.Request) (string, format, bool) {
	name, ext, _ := cutLast(r.PathValue("file"), ".")
	switch {
	case name != "" && ext == "json":
		return name, formatJSON, true
	case name != "" && ext == "xml":
		return name, formatXML, true
	}
	h.notFound(w, r)
	return "", formatXML, false
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	f := formatXML
	if strings.HasSuffix(r.URL.Path, ".json") {
		f = formatJSON
	}
	h.fail(w, r, f, app.Errorf(app.ENOTFOUND, "No such Open311 resource; see %s/discovery.xml", Prefix))
}

// allow answers a method the resource does not take, with 405 and Allow.
// HEAD goes with GET, as net/http serves it.
func (h *Handler) allow(w http.ResponseWriter, r *http.Request, f format, methods ...string) bool {
	m := r.Method
	if m == http.MethodHead {
		m = http.MethodGet
	}
	if slices.Contains(methods, m) {
		return true
	}
	if slices.Contains(methods, http.MethodGet) {
		methods = append(methods, http.MethodHead)
	}
	allowed := strings.Join(methods, ", ")
	w.Header().Set("Allow", allowed)
	h.write(w, r, f, http.StatusMethodNotAllowed, "errors", newList("error", []wireError{{
		Code: http.StatusMethodNotAllowed, Description: "Method not allowed here; use " + allowed,
	}}))
	return false
}

// query parses the query string strictly: Request.URL.Query drops what it
// cannot parse, which would silently widen a query.
func query(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "The query string is malformed: it must be name=value pairs joined by & and URL-encoded")
	}
	return v, nil
}

// jurisdiction resolves the jurisdiction_id of v ("" when not given).
func (h *Handler) jurisdiction(ctx context.Context, v url.Values) (Jurisdiction, error) {
	var errs fieldErrors
	id := scalar(v, "jurisdiction_id", &errs)
	if p := checkText(id, maxKeyLen, false); p != "" {
		errs.add("jurisdiction_id", "%s", p)
	}
	if err := errs.err(); err != nil {
		return Jurisdiction{}, err
	}
	return h.b.Jurisdiction(ctx, id)
}

// get is a GET request that has passed the checks every GET resource
// makes first: format, method, query string, jurisdiction.
type get struct {
	name string // the file name without its format: "services", an id, …
	f    format
	v    url.Values
	j    Jurisdiction
}

// start makes those checks; false means the error is answered.
func (h *Handler) start(w http.ResponseWriter, r *http.Request) (get, bool) {
	var g get
	var ok bool
	if g.name, g.f, ok = h.resource(w, r); !ok || !h.allow(w, r, g.f, http.MethodGet) {
		return g, false
	}
	var err error
	if g.v, err = query(r); err == nil {
		g.j, err = h.jurisdiction(r.Context(), g.v)
	}
	if err != nil {
		h.fail(w, r, g.f, err)
		return g, false
	}
	return g, true
}

func (h *Handler) showDiscovery(w http.ResponseWriter, r *http.Request) {
	name, f, ok := h.resource(w, r)
	if !ok {
		return
	}
	if name != "discovery" {
		h.notFound(w, r)
		return
	}
	if h.allow(w, r, f, http.MethodGet) {
		h.write(w, r, f, http.StatusOK, "discovery", h.discovery)
	}
}

// serveCollection serves services.{fmt} and requests.{fmt}, which share a
// path segment.
func (h *Handler) serveCollection(w http.ResponseWriter, r *http.Request) {
	name, f, ok := h.resource(w, r)
	if !ok {
		return
	}
	switch name {
	case "services":
		h.listServices(w, r)
	case "requests":
		switch {
		case !h.allow(w, r, f, http.MethodGet, http.MethodPost):
		case r.Method == http.MethodPost:
			h.createRequest(w, r, f)
		default:
			h.listRequests(w, r)
		}
	default:
		h.notFound(w, r)
	}
}

func (h *Handler) listServices(w http.ResponseWriter, r *http.Request) {
	g, ok := h.start(w, r)
	if !ok {
		return
	}
	ss, err := h.b.Services(r.Context(), g.j)
	if err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	out := make([]wireService, len(ss))
	for i, s := range ss {
		out[i] = toWireService(s)
	}
	h.write(w, r, g.f, http.StatusOK, "services", newList("service", out))
}

// showService serves a service definition. A service without attributes
// (metadata false) gets an empty definition: the spec says clients need
// not ask, not that they may not.
func (h *Handler) showService(w http.ResponseWriter, r *http.Request) {
	g, ok := h.start(w, r)
	if !ok {
		return
	}
	s, err := h.service(r.Context(), g.j, g.name)
	if err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	h.write(w, r, g.f, http.StatusOK, "service_definition", toWireDefinition(s))
}

// service finds a service by code; the spec's 404 when there is none.
func (h *Handler) service(ctx context.Context, j Jurisdiction, code string) (Service, error) {
	ss, err := h.b.Services(ctx, j)
	if err != nil {
		return Service{}, err
	}
	for _, s := range ss {
		if s.Code == code {
			return s, nil
		}
	}
	return Service{}, &app.Error{Code: app.ENOTFOUND, Field: "service_code", Message: "not found"}
}

func (h *Handler) listRequests(w http.ResponseWriter, r *http.Request) {
	g, ok := h.start(w, r)
	if !ok {
		return
	}
	q, err := parseQuery(g.v, h.now())
	if err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	rs, err := h.b.Requests(r.Context(), g.j, q)
	if err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	// The page size is a promise to the client, whatever the Backend did.
	h.writeRequests(w, r, g.f, rs[:min(len(rs), q.PageSize)])
}

func (h *Handler) writeRequests(w http.ResponseWriter, r *http.Request, f format, rs []Request) {
	out := make([]wireRequest, len(rs))
	for i, req := range rs {
		var err error
		if out[i], err = toWireRequest(req); err != nil {
			h.fail(w, r, f, err)
			return
		}
	}
	h.write(w, r, f, http.StatusOK, "service_requests", newList("request", out))
}

// pathID checks an id taken from the path before it goes to the Backend.
// One that could not have been issued does not exist: a 404 with the
// spec's wording for that resource.
func pathID(field, id string) error {
	if checkText(id, maxIDLen, false) != "" {
		return &app.Error{Code: app.ENOTFOUND, Field: field, Message: "not found"}
	}
	return nil
}

func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request) {
	g, ok := h.start(w, r)
	if !ok {
		return
	}
	if err := pathID("service_request_id", g.name); err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	req, err := h.b.Request(r.Context(), g.j, g.name)
	if err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	h.writeRequests(w, r, g.f, []Request{req})
}

func (h *Handler) showToken(w http.ResponseWriter, r *http.Request) {
	g, ok := h.start(w, r)
	if !ok {
		return
	}
	if err := pathID("token", g.name); err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	ts, err := h.b.Token(r.Context(), g.j, g.name)
	if err != nil {
		h.fail(w, r, g.f, err)
		return
	}
	if ts.Token == "" {
		ts.Token = g.name
	}
	h.write(w, r, g.f, http.StatusOK, "service_requests", newList("request", []wireToken{{
		ID: nstr(ts.ServiceRequestID), Token: nstr(ts.Token),
	}}))
}

// createRequest files a POST requests. The checks run in the order of the
// spec's errors: the jurisdiction (404/400), the api_key's presence (403),
// then every field at once (400), the service (404) and its attributes
// (400); the Backend judges the key itself and what only it knows.
func (h *Handler) createRequest(w http.ResponseWriter, r *http.Request, f format) {
	w.Header().Set("Cache-Control", "no-store")
	v, err := readForm(w, r)
	if err != nil {
		h.fail(w, r, f, err)
		return
	}
	j, err := h.jurisdiction(r.Context(), v)
	if err != nil {
		h.fail(w, r, f, err)
		return
	}
	p, fieldErr := parsePost(v)
	switch {
	case p.apiKeyBad:
		err = &app.Error{Code: app.EFORBIDDEN, Field: "api_key", Message: "is not valid"}
	case p.apiKey == "":
		err = &app.Error{Code: app.EFORBIDDEN, Field: "api_key", Message: "is required to create a request"}
	default:
		err = fieldErr
	}
	if err != nil {
		h.fail(w, r, f, err)
		return
	}
	s, err := h.service(r.Context(), j, p.req.ServiceCode)
	if err != nil {
		h.fail(w, r, f, err)
		return
	}
	if p.req.Attributes, err = checkAttributes(s, p.req.Attributes); err != nil {
		h.fail(w, r, f, err)
		return
	}
	c, err := h.b.Create(r.Context(), j, p.apiKey, p.req)
	if err != nil {
		h.fail(w, r, f, err)
		return
	}
	h.write(w, r, f, http.StatusOK, "service_requests", newList("request", []wireCreated{toWireCreated(c)}))
}

// readForm reads a form-encoded POST body of at most MaxBody bytes. A
// missing Content-Type is taken as the spec's; any other is refused, as
// its fields would otherwise be read as absent and reported as missing.
// Parameters in the query string count too (some clients put api_key
// there), but the body wins.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return nil, app.Errorf(app.EINVALID, "The body must be sent as Content-Type: application/x-www-form-urlencoded")
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return nil, app.Errorf(app.EINVALID, "The body must be UTF-8 (charset=utf-8)")
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, app.Errorf(app.ETOOLARGE, "The body is larger than %d KiB", MaxBody>>10)
		}
		return nil, app.Errorf(app.EINVALID, "The body could not be read")
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, app.Errorf(app.EINVALID, "The body is malformed: it must be name=value pairs joined by & and URL-encoded")
	}
	qv, err := query(r)
	if err != nil {
		return nil, err
	}
	for k, vs := range qv {
		if _, ok := v[k]; !ok {
			v[k] = vs
		}
	}
	return v, nil
}

// status maps an app error code to the spec's HTTP status: "404 for
// resources that don't exist, 403 for errors because of wrong or missing
// api_key and basically 400 for any other error". Two exceptions keep
// HTTP's meaning where a client acts on it: 429 says "slow down, then
// retry", 500 says "our fault" (the spec's 400 would tell a client its
// request was bad and not worth retrying).
func status(code string) int {
	switch code {
	case app.ENOTFOUND:
		return http.StatusNotFound
	case app.EFORBIDDEN, app.EUNAUTHENTICATED:
		return http.StatusForbidden
	case app.ERATELIMIT:
		return http.StatusTooManyRequests
	case app.EINTERNAL:
		return http.StatusInternalServerError
	default:
		return http.StatusBadRequest
	}
}

// appErrors returns every *app.Error in err's tree, depth first, so that a
// joined error becomes a list of errors, as the spec's error body is.
func appErrors(err error) []*app.Error {
	var out []*app.Error
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *app.Error:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// fail answers err as the spec's error list. Internal errors are logged
// and shown only as a generic message with the request id.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, f format, err error) {
	es := appErrors(err)
	internal := len(es) == 0 || slices.ContainsFunc(es, func(e *app.Error) bool { return e.Code == app.EINTERNAL })
	if internal {
		httpx.LogError(h.log, r, err)
		msg := app.ErrorMessage(err)
		if id := httpx.RequestID(r.Context()); id != "" {
			msg += " Request " + id
		}
		h.write(w, r, f, http.StatusInternalServerError, "errors", newList("error", []wireError{{http.StatusInternalServerError, msg}}))
		return
	}
	out := make([]wireError, len(es))
	for i, e := range es {
		out[i] = wireError{Code: status(e.Code), Description: e.Message}
		if e.Field != "" {
			out[i].Description = e.Field + ": " + e.Message
		}
	}
	h.write(w, r, f, status(es[0].Code), "errors", newList("error", out))
}

// write sends v with status. Encoding happens before anything is sent, so
// a value that cannot be encoded still gets a proper 500.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, f format, status int, root string, v any) {
	body, err := encode(f, root, v)
	if err != nil {
		httpx.LogError(h.log, r, err)
		status = http.StatusInternalServerError
		body, _ = encode(f, "errors", newList("error", []wireError{{status, app.ErrorMessage(err)}}))
	}
	hd := w.Header()
	hd.Set("Content-Type", f.contentType())
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body)
}
