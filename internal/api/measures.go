package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/httpx"
	"github.com/trygg-se/trygg/internal/report"
)

// measureJSON is a measure in the API: the app type plus its id and the
// district key, which the app type leaves to reads.
type measureJSON struct {
	ID int64 `json:"id"`
	*app.Measure
	Parent *int64 `json:"parent_id"`
}

func toMeasureJSON(m *app.Measure) measureJSON {
	return measureJSON{ID: m.ID, Measure: m, Parent: m.ParentID}
}

func (h *Handler) listMeasures(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	ms, err := h.svc.Measures.FindMeasures(r.Context(), t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]measureJSON, len(ms))
	for i, m := range ms {
		out[i] = toMeasureJSON(m)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": t.Slug, "measures": out})
}

// measureInput is what POST and PATCH read. Absent (or null) fields keep
// their value on PATCH; on POST they are zero.
type measureInput struct {
	Title            *string               `json:"title"`
	Type             *string               `json:"type"`
	Horizon          *string               `json:"horizon"`
	OwnerParty       *string               `json:"owner_party"`
	Unit             *string               `json:"unit"`
	Description      *string               `json:"description"`
	District         *string               `json:"district"`
	PlannedStart     *app.Date             `json:"planned_start"`
	PlannedEnd       *app.Date             `json:"planned_end"`
	ActualStart      *app.Date             `json:"actual_start"`
	ActualEnd        *app.Date             `json:"actual_end"`
	Status           *string               `json:"status"`
	StatusReason     *string               `json:"status_reason"`
	Progress         *int                  `json:"progress"`
	CostSEK          *int                  `json:"cost_sek"`
	ProblemFocusArea *string               `json:"problem_focus_area"`
	ProblemRef       *string               `json:"problem_ref"`
	ParentID         *int64                `json:"parent_id"`
	Milestones       *[]app.Milestone      `json:"milestones"`
	Camera           *app.CameraAssessment `json:"camera"`
}

// readJSON decodes a small JSON body strictly: unknown fields are errors,
// so a misspelt field is never silently ignored.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return app.Errorf(app.EINVALID, "invalid JSON body: %v", err)
	}
	if dec.More() {
		return app.Errorf(app.EINVALID, "invalid JSON body: more than one value")
	}
	return nil
}

func (in *measureInput) apply(m *app.Measure, districts []*app.District) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&m.Title, in.Title)
	set(&m.Type, in.Type)
	set(&m.Horizon, in.Horizon)
	set(&m.OwnerParty, in.OwnerParty)
	set(&m.Unit, in.Unit)
	set(&m.Description, in.Description)
	set(&m.Status, in.Status)
	set(&m.StatusReason, in.StatusReason)
	set(&m.ProblemFocusArea, in.ProblemFocusArea)
	set(&m.ProblemRef, in.ProblemRef)
	for _, d := range []struct{ dst, v **app.Date }{{&m.PlannedStart, &in.PlannedStart}, {&m.PlannedEnd, &in.PlannedEnd},
		{&m.ActualStart, &in.ActualStart}, {&m.ActualEnd, &in.ActualEnd}} {
		if *d.v != nil {
			*d.dst = *d.v
		}
	}
	if in.Progress != nil {
		m.Progress = *in.Progress
	}
	if in.CostSEK != nil {
		m.CostSEK = in.CostSEK
	}
	if in.ParentID != nil {
		m.ParentID = in.ParentID
	}
	if in.Milestones != nil {
		m.Milestones = *in.Milestones
	}
	if in.Camera != nil {
		m.Camera = in.Camera
	}
	if in.District != nil {
		m.DistrictID, m.DistrictKey = nil, *in.District
		if *in.District != "" {
			for _, d := range districts {
				if d.Key == *in.District {
					m.DistrictID = &d.ID
				}
			}
			if m.DistrictID == nil {
				return app.FieldErrorf("district", "unknown district %q", *in.District)
			}
		}
	}
	return nil
}

func (h *Handler) createMeasure(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	var in measureInput
	if err := readJSON(r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	ds, err := h.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	m := &app.Measure{TenantID: t.ID, Status: app.MeasurePlanned}
	if err := in.apply(m, ds); err != nil {
		h.error(w, r, err)
		return
	}
	if ps, err := h.svc.Promises.FindPromises(r.Context(), t.ID); err == nil && len(ps) > 0 {
		m.PromiseID = ps[0].ID
	}
	if err := h.svc.Measures.CreateMeasure(r.Context(), m); err != nil {
		h.error(w, r, err)
		return
	}
	m.DistrictKey = derefKey(in.District)
	httpx.WriteJSON(w, http.StatusCreated, toMeasureJSON(m))
}

func derefKey(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (h *Handler) updateMeasure(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.error(w, r, app.Errorf(app.ENOTFOUND, "no measure %q", r.PathValue("id")))
		return
	}
	m, err := h.svc.Measures.FindMeasure(r.Context(), t.ID, id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in measureInput
	if err := readJSON(r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	ds, err := h.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if err := in.apply(m, ds); err != nil {
		h.error(w, r, err)
		return
	}
	if err := h.svc.Measures.UpdateMeasure(r.Context(), m); err != nil {
		h.error(w, r, err)
		return
	}
	if m, err = h.svc.Measures.FindMeasure(r.Context(), t.ID, id); err != nil {
		h.error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toMeasureJSON(m))
}

func (h *Handler) listFollowUps(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	fs, err := h.svc.FollowUps.FindFollowUps(r.Context(), t.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	type item struct {
		Period    app.Tertial `json:"period"`
		Status    string      `json:"status"`
		AdoptedAt any         `json:"adopted_at"`
	}
	out := make([]item, len(fs))
	for i, f := range fs {
		out[i] = item{Period: f.Period, Status: f.Status, AdoptedAt: f.AdoptedAt}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": t.Slug, "followups": out})
}

// showFollowUp answers a follow-up's report: the frozen snapshot (both
// languages) once adopted, else the draft made now in ?lang= (sv).
func (h *Handler) showFollowUp(w http.ResponseWriter, r *http.Request) {
	t := h.tenant(r)
	period, err := app.ParseTertial(r.PathValue("period"))
	if err != nil {
		h.error(w, r, app.Errorf(app.ENOTFOUND, "no period %q", r.PathValue("period")))
		return
	}
	f, err := h.svc.FollowUps.FindFollowUp(r.Context(), t.ID, period)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if f.Status == app.FollowUpAdopted {
		snap, err := report.UpgradeJSON(f.Snapshot)
		if err != nil {
			h.error(w, r, fmt.Errorf("follow-up %s: snapshot: %w", f.Period, err))
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"period": f.Period, "status": f.Status, "adopted_at": f.AdoptedAt,
			"snapshot": json.RawMessage(snap)})
		return
	}
	if h.svc.FollowUpReport == nil {
		h.error(w, r, errors.New("api: no follow-up report maker"))
		return
	}
	lang := r.URL.Query().Get("lang")
	if lang != "en" {
		lang = "sv"
	}
	rep, err := h.svc.FollowUpReport(r, t, f, lang)
	if err != nil {
		h.error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"period": f.Period, "status": f.Status, "commentary": f.Commentary, "report": rep})
}
