// Package api serves Trygg's JSON API under /api/v1. Errors are always
// {"error": {"code": "...", "message": "..."}} with the matching status.
package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/httpx"
)

// Services are the app services the API reads.
type Services struct {
	Tenants   app.TenantService
	Districts app.DistrictService
	Promises  app.PromiseService
	Audit     app.AuditService
	Incidents app.IncidentService
	Surveys   app.SurveyService
	Measures  app.MeasureService
	FollowUps app.FollowUpService
	// FollowUpReport makes a draft follow-up's report in a language.
	FollowUpReport func(r *http.Request, t *app.Tenant, f *app.FollowUp, lang string) (any, error)
}

// Handler serves the API.
type Handler struct {
	svc    Services
	log    *slog.Logger
	tenant func(*http.Request) *app.Tenant
}

// New returns the API handler. authorized returns the tenant of a request
// to a protected route, resolved and authorised by the caller's guard.
func New(svc Services, log *slog.Logger, authorized func(*http.Request) *app.Tenant) *Handler {
	return &Handler{svc: svc, log: log, tenant: authorized}
}

// Routes registers every API route through handle, each with the
// permission it needs; handle is the caller's guard.
func (h *Handler) Routes(handle func(pattern string, perm app.Permission, fn http.HandlerFunc)) {
	handle("GET /api/v1/tenants", app.PermPublic, h.listTenants)
	handle("GET /api/v1/tenants/{tenant}/promises", app.PermPublic, h.listPromises)
	handle("GET /api/v1/tenants/{tenant}/districts", app.PermPublic, h.listDistricts)
	handle("GET /api/v1/tenants/{tenant}/audit", app.PermAuditRead, h.listAudit)
	handle("GET /api/v1/tenants/{tenant}/incidents", app.PermSituationRead, h.listIncidents)
	handle("GET /api/v1/tenants/{tenant}/situation", app.PermSituationRead, h.showSituation)
	handle("GET /api/v1/tenants/{tenant}/situation/timegrid", app.PermSituationRead, h.showTimeGrid)
	handle("GET /api/v1/tenants/{tenant}/situation/hotspots", app.PermSituationRead, h.showHotspots)
	handle("GET /api/v1/tenants/{tenant}/surveys/{wave}/indicators", app.PermSituationRead, h.showIndicators)
	handle("GET /api/v1/tenants/{tenant}/measures", app.PermSituationRead, h.listMeasures)
	handle("POST /api/v1/tenants/{tenant}/measures", app.PermMeasuresEdit, h.createMeasure)
	handle("PATCH /api/v1/tenants/{tenant}/measures/{id}", app.PermMeasuresEdit, h.updateMeasure)
	handle("GET /api/v1/tenants/{tenant}/followups", app.PermFollowUpRead, h.listFollowUps)
	handle("GET /api/v1/tenants/{tenant}/followups/{period}", app.PermFollowUpRead, h.showFollowUp)
	handle("GET /api/v1/openapi.json", app.PermPublic, h.openAPI)
	handle("/api/v1/{path...}", app.PermPublic, h.notFound)
}

func (h *Handler) error(w http.ResponseWriter, r *http.Request, err error) {
	httpx.WriteJSONError(h.log, w, r, err)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.error(w, r, app.Errorf(app.ENOTFOUND, "Ingen sådan resurs i API:t / No such API resource: %s %s", r.Method, r.URL.Path))
}

func (h *Handler) listTenants(w http.ResponseWriter, r *http.Request) {
	ts, err := h.svc.Tenants.FindTenants(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	if ts == nil {
		ts = []*app.Tenant{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenants": ts})
}

func (h *Handler) publicTenant(w http.ResponseWriter, r *http.Request) (*app.Tenant, bool) {
	t, err := h.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		h.error(w, r, err)
		return nil, false
	}
	return t, true
}

func (h *Handler) listPromises(w http.ResponseWriter, r *http.Request) {
	t, ok := h.publicTenant(w, r)
	if !ok {
		return
	}
	ps, err := h.svc.Promises.FindPromises(r.Context(), t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if ps == nil {
		ps = []*app.Promise{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": t.Slug, "promises": ps})
}

// listDistricts answers a GeoJSON FeatureCollection.
func (h *Handler) listDistricts(w http.ResponseWriter, r *http.Request) {
	t, ok := h.publicTenant(w, r)
	if !ok {
		return
	}
	ds, err := h.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	type feature struct {
		Type       string          `json:"type"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties map[string]any  `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for _, d := range ds {
		fc.Features = append(fc.Features, feature{
			Type:     "Feature",
			Geometry: d.Geometry,
			Properties: map[string]any{
				"key": d.Key, "name": d.Name, "population": d.Population,
				"priority": d.Priority, "approximate": d.Approximate, "source": d.Source,
			},
		})
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	json.NewEncoder(w).Encode(fc)
}

//go:embed openapi.json
var openAPISpec []byte

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPISpec)
}

// listAudit answers the tenant's audit log, newest first, ?limit (≤1000)
// and ?offset paging. It needs a token or session with audit.read.
func (h *Handler) listAudit(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	f := app.AuditFilter{Action: r.URL.Query().Get("action"), Limit: 100}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := r.URL.Query().Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (name == "limit" && n > 1000) {
				h.error(w, r, &app.Error{Code: app.EINVALID, Field: name, Message: "Ogiltigt värde / Invalid value for " + name + "."})
				return
			}
			*dst = n
		}
	}
	entries, total, err := h.svc.Audit.FindAudit(r.Context(), t.ID, f)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if entries == nil {
		entries = []*app.AuditEntry{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": t.Slug, "total": total, "entries": entries})
}

// IncidentFilter reads an incident listing filter from a query: from and
// to are local (Europe/Stockholm) days, to inclusive; limit ≤ 1000.
func IncidentFilter(q url.Values) (app.IncidentFilter, error) {
	f := app.IncidentFilter{Source: q.Get("source"), District: q.Get("district"), FocusArea: q.Get("focus_area"),
		Category: q.Get("category"), Darkness: q.Get("darkness"), ReviewState: q.Get("review_state"), Limit: 100}
	for _, d := range []struct {
		key string
		dst *time.Time
		add int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := q.Get(d.key); v != "" {
			t, err := time.ParseInLocation(time.DateOnly, v, stockholm)
			if err != nil {
				return f, &app.Error{Code: app.EINVALID, Field: d.key, Message: fmt.Sprintf("Ogiltigt datum %q, ange ÅÅÅÅ-MM-DD / Invalid date.", v)}
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	for _, p := range []struct {
		key string
		dst *int
		max int
	}{{"limit", &f.Limit, 1000}, {"offset", &f.Offset, 1 << 30}} {
		if v := q.Get(p.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > p.max {
				return f, &app.Error{Code: app.EINVALID, Field: p.key, Message: fmt.Sprintf("Ogiltigt värde för %s / Invalid %s.", p.key, p.key)}
			}
			*p.dst = n
		}
	}
	switch f.Darkness {
	case "", "dark", "twilight", "light", "window":
	default:
		return f, &app.Error{Code: app.EINVALID, Field: "darkness", Message: "darkness ska vara dark, twilight, light eller window."}
	}
	return f, nil
}

// stockholm is the zone of dates in queries.
var stockholm, _ = time.LoadLocation("Europe/Stockholm")

// incidentJSON is an incident as the API shows it.
type incidentJSON struct {
	ID           int64      `json:"id"`
	Source       string     `json:"source"`
	ExternalID   string     `json:"external_id"`
	KommunCode   string     `json:"kommun_code"`
	OccurredAt   *time.Time `json:"occurred_at,omitempty"`
	OccurredFrom *time.Time `json:"occurred_from,omitempty"`
	OccurredTo   *time.Time `json:"occurred_to,omitempty"`
	PublishedAt  *time.Time `json:"published_at"`
	Category     string     `json:"category"`
	FocusArea    *string    `json:"focus_area"`
	District     *string    `json:"district"`
	Darkness     *string    `json:"darkness"`
	DarkFraction float64    `json:"dark_fraction"`
	ReviewState  string     `json:"review_state"`
	SourceRef    string     `json:"source_ref"`
	Synthetic    bool       `json:"synthetic"`
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// listIncidents answers the tenant's incidents for staff and tokens with
// situation.read, newest first, paged by limit and offset.
func (h *Handler) listIncidents(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	f, err := IncidentFilter(r.URL.Query())
	if err != nil {
		h.error(w, r, err)
		return
	}
	incs, total, err := h.svc.Incidents.FindIncidents(r.Context(), t.ID, f)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "geojson" {
		writeIncidentPoints(w, incs)
		return
	}
	out := make([]incidentJSON, 0, len(incs))
	for _, i := range incs {
		j := incidentJSON{ID: i.ID, Source: i.Source, ExternalID: i.ExternalID, KommunCode: t.KommunCode,
			PublishedAt: i.PublishedAt, Category: i.Category, FocusArea: orNull(i.FocusArea), District: orNull(i.DistrictKey),
			Darkness: orNull(i.Darkness), DarkFraction: i.DarkFraction, ReviewState: i.ReviewState, SourceRef: i.SourceRef,
			Synthetic: i.Synthetic}
		if i.IsWindow() {
			j.OccurredFrom, j.OccurredTo = &i.OccurredFrom, &i.OccurredTo
		} else {
			j.OccurredAt = &i.OccurredFrom
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": t.Slug, "total": total, "limit": f.Limit, "offset": f.Offset, "incidents": out})
}

// writeIncidentPoints answers incidents with coordinates as GeoJSON points
// for the staff map: category and time as the label, the id to look up.
func writeIncidentPoints(w http.ResponseWriter, incs []*app.Incident) {
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	fs := []feature{}
	for _, i := range incs {
		if i.Lat == nil || i.Lon == nil {
			continue
		}
		fs = append(fs, feature{"Feature", map[string]any{"type": "Point", "coordinates": []float64{*i.Lon, *i.Lat}},
			map[string]any{"id": i.ID, "source": i.Source, "category": i.Category, "fill": "#1b1b1b",
				"label": i.Category + ", " + i.OccurredFrom.In(stockholm).Format("2006-01-02 15:04")}})
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": fs})
}
