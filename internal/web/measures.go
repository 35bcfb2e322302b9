package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
)

type measuresPage struct {
	Layout   Layout
	Tenant   *app.Tenant
	Measures []*app.Measure // parents first, progress rolled up
	Depth    map[int64]int
	Overdue  []*app.Measure // cameras whose review date has passed
	CanEdit  bool
	Saved    bool
}

func (s *Server) showMeasures(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	p := who(r)
	ms, err := s.svc.Measures.FindMeasures(r.Context(), p.Tenant.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := measuresPage{Layout: s.layout(r, lang), Tenant: p.Tenant, CanEdit: p.User.Can(p.Tenant.ID, app.PermMeasuresEdit),
		Saved: r.URL.Query().Get("saved") == "1"}
	page.Measures, page.Depth = app.RollUp(ms)
	today := app.DateOf(s.now().In(stockholm))
	for _, m := range page.Measures {
		if m.ReviewOverdue(today) {
			page.Overdue = append(page.Overdue, m)
		}
	}
	s.render(w, r, http.StatusOK, "measures", lang, page)
}

type measureForm struct {
	Title, Type, Horizon, OwnerParty, Unit, Description, District, PlannedStart, PlannedEnd, ActualStart, ActualEnd string
	Status, StatusReason, Progress, ProblemFocusArea, ProblemRef, Parent, Milestones                                string
	CameraAssessed, CameraDecision, CameraDocument, CameraView, CameraReview                                        string
	Lat, Lon                                                                                                        string // a point on the map, optional
	Cost                                                                                                            string
}

type measureEditPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	ID         int64 // 0 for a new measure
	Form       measureForm
	Error      string
	Field      string
	Types      []string
	Owners     []string
	Statuses   []string
	Districts  []*app.District
	FocusAreas []*app.FocusArea
	Parents    []*app.Measure // measures this one may be part of
	History    []*app.AuditEntry
	Overdue    bool // a camera past its review date
}

func formOf(m *app.Measure) measureForm {
	date := func(d *app.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	f := measureForm{Title: m.Title, Type: m.Type, Horizon: m.Horizon, OwnerParty: m.OwnerParty, Unit: m.Unit,
		Description: m.Description, District: m.DistrictKey, PlannedStart: date(m.PlannedStart), PlannedEnd: date(m.PlannedEnd),
		ActualStart: date(m.ActualStart), ActualEnd: date(m.ActualEnd), Status: m.Status, StatusReason: m.StatusReason,
		Progress: strconv.Itoa(m.Progress), ProblemFocusArea: m.ProblemFocusArea, ProblemRef: m.ProblemRef,
		Milestones: formatMilestones(m.Milestones)}
	if m.CostSEK != nil {
		f.Cost = strconv.Itoa(*m.CostSEK)
	}
	if m.Lat != nil && m.Lon != nil {
		f.Lat, f.Lon = strconv.FormatFloat(*m.Lat, 'f', 5, 64), strconv.FormatFloat(*m.Lon, 'f', 5, 64)
	}
	if m.ParentID != nil {
		f.Parent = strconv.FormatInt(*m.ParentID, 10)
	}
	if c := m.Camera; c != nil {
		f.CameraAssessed, f.CameraDecision, f.CameraDocument, f.CameraView, f.CameraReview = date(c.Assessed), c.Decision, c.Document, c.View, date(c.Review)
	}
	return f
}

// Milestones are edited as lines "2023-03-01 Text", with "[x] " before
// the date for one that is done: plain text works with any keyboard and
// screen reader.
func formatMilestones(ms []app.Milestone) string {
	var b strings.Builder
	for _, m := range ms {
		if m.Done {
			b.WriteString("[x] ")
		}
		b.WriteString(m.Date.String() + " " + m.Text + "\n")
	}
	return b.String()
}

func parseMilestones(s string) ([]app.Milestone, error) {
	var out []app.Milestone
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var m app.Milestone
		if rest, ok := strings.CutPrefix(line, "[x]"); ok {
			m.Done, line = true, strings.TrimSpace(rest)
		} else if rest, ok := strings.CutPrefix(line, "[ ]"); ok {
			line = strings.TrimSpace(rest)
		}
		date, text, _ := strings.Cut(line, " ")
		d, err := app.ParseDate(date)
		if err != nil {
			return nil, app.FieldErrorf("milestones", "Delmål rad %d: börja med ett datum, t.ex. 2023-03-01 Beställt / Milestone line %d: start with a date.", i+1, i+1)
		}
		m.Date, m.Text = d, strings.TrimSpace(text)
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b app.Milestone) int { return a.Date.Compare(b.Date.Time) })
	return out, nil
}

func (s *Server) renderMeasureEdit(w http.ResponseWriter, r *http.Request, status int, page measureEditPage) {
	lang := language(w, r)
	t := who(r).Tenant
	page.Layout, page.Tenant = s.layout(r, lang), t
	page.Types, page.Owners = t.AllMeasureTypes(), app.MeasureOwners
	page.Statuses = []string{app.MeasurePlanned, app.MeasureStarted, app.MeasureDone, app.MeasureCancelled, app.MeasureNotFeasible}
	var err error
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.svc.Promises.FindPromises(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(ps) > 0 {
		page.FocusAreas = ps[0].FocusAreas
	}
	ms, err := s.svc.Measures.FindMeasures(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range ms {
		if m.ID != page.ID {
			page.Parents = append(page.Parents, m)
		}
	}
	if page.ID != 0 && who(r).User.Can(t.ID, app.PermMeasuresEdit) {
		if page.History, _, err = s.svc.Audit.FindAudit(r.Context(), t.ID, app.AuditFilter{Entity: "measure", EntityID: strconv.FormatInt(page.ID, 10)}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "measure_edit", lang, page)
}

func (s *Server) showNewMeasure(w http.ResponseWriter, r *http.Request) {
	s.renderMeasureEdit(w, r, http.StatusOK, measureEditPage{Form: measureForm{Status: app.MeasurePlanned, Horizon: app.HorizonShort, Progress: "0"}})
}

func (s *Server) showEditMeasure(w http.ResponseWriter, r *http.Request) {
	m, err := s.pathMeasure(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderMeasureEdit(w, r, http.StatusOK, measureEditPage{ID: m.ID, Form: formOf(m), Overdue: m.ReviewOverdue(app.DateOf(s.now().In(stockholm)))})
}

// pathMeasure loads the {id} of the path within the route's tenant.
func (s *Server) pathMeasure(r *http.Request) (*app.Measure, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, app.Errorf(app.ENOTFOUND, "Åtgärden finns inte / No such measure.")
	}
	return s.svc.Measures.FindMeasure(r.Context(), who(r).Tenant.ID, id)
}

// saveMeasure creates (no {id}) or updates a measure from the form.
func (s *Server) saveMeasure(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	var f measureForm
	for k, dst := range map[string]*string{"title": &f.Title, "type": &f.Type, "horizon": &f.Horizon, "owner_party": &f.OwnerParty,
		"unit": &f.Unit, "description": &f.Description, "district": &f.District, "planned_start": &f.PlannedStart,
		"planned_end": &f.PlannedEnd, "actual_start": &f.ActualStart, "actual_end": &f.ActualEnd, "status": &f.Status,
		"status_reason": &f.StatusReason, "progress": &f.Progress, "problem_focus_area": &f.ProblemFocusArea, "problem_ref": &f.ProblemRef,
		"parent": &f.Parent, "milestones": &f.Milestones, "camera_assessed": &f.CameraAssessed, "camera_decision": &f.CameraDecision,
		"camera_document": &f.CameraDocument, "camera_view": &f.CameraView, "camera_review": &f.CameraReview,
		"lat": &f.Lat, "lon": &f.Lon, "cost": &f.Cost} {
		*dst = strings.TrimSpace(r.PostForm.Get(k))
	}
	m := &app.Measure{TenantID: t.ID, Title: f.Title, Type: f.Type, Horizon: f.Horizon, OwnerParty: f.OwnerParty, Unit: f.Unit,
		Description: f.Description, Status: f.Status, StatusReason: f.StatusReason, ProblemFocusArea: f.ProblemFocusArea, ProblemRef: f.ProblemRef}
	page := measureEditPage{Form: f}
	err := func() error {
		if r.PathValue("id") != "" {
			old, err := s.pathMeasure(r)
			if err != nil {
				return err
			}
			m.ID, page.ID = old.ID, old.ID
		}
		n, err := strconv.Atoi(f.Progress)
		if err != nil {
			return app.FieldErrorf("progress", "Framsteg anges 0–100 / Progress is 0–100.")
		}
		m.Progress = n
		if f.Parent != "" {
			id, err := strconv.ParseInt(f.Parent, 10, 64)
			if err != nil {
				return app.FieldErrorf("parent", "Okänd huvudåtgärd / Unknown parent measure.")
			}
			m.ParentID = &id
		}
		if m.Milestones, err = parseMilestones(f.Milestones); err != nil {
			return err
		}
		if f.Cost != "" {
			c, err := strconv.Atoi(strings.NewReplacer(" ", "", "\u00a0", "", "kr", "").Replace(f.Cost))
			if err != nil {
				return app.FieldErrorf("cost", "Kostnaden anges i hela kronor / Cost is whole kronor.")
			}
			m.CostSEK = &c
		}
		if f.Lat != "" || f.Lon != "" {
			lat, err1 := strconv.ParseFloat(f.Lat, 64)
			lon, err2 := strconv.ParseFloat(f.Lon, 64)
			if err1 != nil || err2 != nil || lat < 55 || lat > 70 || lon < 10 || lon > 25 {
				return app.FieldErrorf("point", "Punkten ligger inte i Sverige / The point is not in Sweden.")
			}
			m.Lat, m.Lon = &lat, &lon
		}
		cam := &app.CameraAssessment{Decision: f.CameraDecision, Document: f.CameraDocument, View: f.CameraView}
		for _, d := range []struct {
			v, field string
			dst      **app.Date
		}{{f.PlannedStart, "planned_start", &m.PlannedStart}, {f.PlannedEnd, "planned_end", &m.PlannedEnd},
			{f.ActualStart, "actual_start", &m.ActualStart}, {f.ActualEnd, "actual_end", &m.ActualEnd},
			{f.CameraAssessed, "camera", &cam.Assessed}, {f.CameraReview, "camera", &cam.Review}} {
			if d.v == "" {
				continue
			}
			v, err := app.ParseDate(d.v)
			if err != nil {
				return &app.Error{Code: app.EINVALID, Field: d.field, Message: app.ErrorMessage(err)}
			}
			*d.dst = &v
		}
		if *cam != (app.CameraAssessment{}) {
			m.Camera = cam
		}
		if f.District != "" {
			ds, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
			if err != nil {
				return err
			}
			for _, d := range ds {
				if d.Key == f.District {
					m.DistrictID = &d.ID
				}
			}
			if m.DistrictID == nil {
				return app.FieldErrorf("district", "Okänt område / Unknown district.")
			}
		}
		if m.ID != 0 {
			return s.svc.Measures.UpdateMeasure(r.Context(), m)
		}
		ps, err := s.svc.Promises.FindPromises(r.Context(), t.ID)
		if err != nil {
			return err
		}
		if len(ps) > 0 {
			m.PromiseID = ps[0].ID
		}
		return s.svc.Measures.CreateMeasure(r.Context(), m)
	}()
	if app.ErrorCode(err) == app.EINVALID {
		page.Error = app.ErrorMessage(err)
		page.Field = app.ErrorField(err)
		s.renderMeasureEdit(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/atgarder?saved=1", http.StatusSeeOther)
}
