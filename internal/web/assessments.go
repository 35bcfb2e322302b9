package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/situation"
)

// assessmentFigures are the figures an assessment freezes: accepted
// incidents in its period by district and focus area, with n, rate and
// the share in darkness.
type assessmentFigures struct {
	From, To string
	Total    int
	Rows     []assessmentRow
}

type assessmentRow struct {
	District  string             `json:"district"`
	Name      string             `json:"name"`
	ByFocus   map[string]float64 `json:"by_focus"`
	All       float64            `json:"all"`
	N         int                `json:"n"`
	Per1000   *float64           `json:"per_1000,omitempty"`
	DarkShare float64            `json:"dark_share"`
}

type assessmentsPage struct {
	Layout      Layout
	Tenant      *app.Tenant
	Assessments []*app.Assessment
	Shown       *app.Assessment
	Figures     assessmentFigures
	FocusAreas  []*app.FocusArea
	Form        app.Assessment
	FormFrom    string
	FormTo      string
	CanWrite    bool
	Error       string
	Saved       bool
}

func (s *Server) showAssessments(w http.ResponseWriter, r *http.Request) {
	s.renderAssessments(w, r, http.StatusOK, assessmentsPage{Saved: r.URL.Query().Get("saved") == "1"})
}

func (s *Server) renderAssessments(w http.ResponseWriter, r *http.Request, status int, page assessmentsPage) {
	lang := language(w, r)
	ctx := r.Context()
	p := who(r)
	t := p.Tenant
	page.Layout, page.Tenant, page.CanWrite = s.layout(r, lang), t, p.User.Can(t.ID, app.PermFollowUpEdit)
	var err error
	if page.Assessments, err = s.svc.Assessments.FindAssessments(ctx, t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.svc.Promises.FindPromises(ctx, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(ps) > 0 {
		page.FocusAreas = ps[0].FocusAreas
		if page.FormFrom == "" {
			page.FormFrom, page.FormTo = ps[0].ValidFrom.String(), ps[0].ValidTo.String()
		}
	}
	if id := r.PathValue("id"); id != "" {
		n, _ := strconv.ParseInt(id, 10, 64)
		if page.Shown, err = s.svc.Assessments.FindAssessment(ctx, t.ID, n); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := json.Unmarshal(page.Shown.Figures, &page.Figures); err != nil {
			s.fail(w, r, err)
			return
		}
		// A new version starts from this one.
		if page.Form.Title == "" {
			page.Form = *page.Shown
			page.Form.Supersedes = &page.Shown.ID
			page.FormFrom, page.FormTo = page.Shown.From.String(), page.Shown.To.String()
		}
	}
	s.render(w, r, status, "assessments", lang, page)
}

// createAssessment stores a written lägesbild with the figures of its
// period as they are now.
func (s *Server) createAssessment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	a := &app.Assessment{TenantID: t.ID, WrittenOn: app.DateOf(s.now().In(stockholm)), Title: strings.TrimSpace(f.Get("title")),
		Seen: strings.TrimSpace(f.Get("seen")), Why: strings.TrimSpace(f.Get("why")), Meaning: strings.TrimSpace(f.Get("meaning"))}
	page := assessmentsPage{Form: *a, FormFrom: f.Get("from"), FormTo: f.Get("to")}
	err := func() error {
		if v := f.Get("supersedes"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return app.FieldErrorf("supersedes", "Okänd tidigare version / Unknown earlier version.")
			}
			a.Supersedes = &n
			page.Form.Supersedes = &n
		}
		from, err1 := app.ParseDate(f.Get("from"))
		to, err2 := app.ParseDate(f.Get("to"))
		if err1 != nil || err2 != nil {
			return app.FieldErrorf("period", "Ange perioden som två datum / Give the period as two dates.")
		}
		a.From, a.To = from, to
		figs, err := s.assessmentFigures(r, t, from, to)
		if err != nil {
			return err
		}
		if a.Figures, err = json.Marshal(figs); err != nil {
			return err
		}
		return s.svc.Assessments.CreateAssessment(ctx, a)
	}()
	if app.ErrorCode(err) == app.EINVALID {
		page.Error = app.ErrorMessage(err)
		s.renderAssessments(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/bedomningar/"+strconv.FormatInt(a.ID, 10)+"?saved=1", http.StatusSeeOther)
}

func (s *Server) assessmentFigures(r *http.Request, t *app.Tenant, from, to app.Date) (assessmentFigures, error) {
	out := assessmentFigures{From: from.String(), To: to.String()}
	if to.Before(from) {
		return out, app.FieldErrorf("period", "Perioden slutar före den börjar / The period ends before it starts.")
	}
	end := time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, stockholm)
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, stockholm)
	incs, err := s.svc.Incidents.FindIncidentFacts(r.Context(), t.ID, app.IncidentFilter{From: start, To: end, ReviewState: app.ReviewAccepted}, false)
	if err != nil {
		return out, err
	}
	ds, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		return out, err
	}
	si := api.SituationFacts(incs)
	res, err := situation.Aggregate(si, situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}})
	if err != nil {
		return out, err
	}
	out.Total = res.N
	rows := map[string]*assessmentRow{"": {Name: "", ByFocus: map[string]float64{}}}
	for _, d := range ds {
		rows[d.Key] = &assessmentRow{District: d.Key, Name: d.Name, ByFocus: map[string]float64{}}
	}
	dark := map[string]float64{}
	for _, c := range res.Cells {
		row := rows[c.Key[0]]
		if row == nil {
			continue
		}
		row.ByFocus[c.Key[1]] += c.Count
		row.All += c.Count
		if c.Key[2] == "dark" {
			dark[c.Key[0]] += c.Count
		}
	}
	for _, i := range si {
		if row := rows[i.District]; row != nil {
			row.N++
		}
	}
	for _, d := range append(ds, &app.District{}) {
		row := rows[d.Key]
		if row.All > 0 {
			row.DarkShare = dark[d.Key] / row.All
		}
		if rate, ok := situation.Rate(row.All, d.Population); ok {
			row.Per1000 = &rate
		}
		out.Rows = append(out.Rows, *row)
	}
	return out, nil
}
