package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/survey"
)

type patrolsPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	From, To  string // the period shown, YYYY-MM-DD, To inclusive
	Rows      []patrolRow
	Patrols   []*app.Patrol // the latest in the period
	Total     int
	Districts []*app.District
	Names     map[string]string
	CanEdit   bool
	Error     string
	Saved     bool
	// Unsafety names the survey's headline indicator and its wave, when
	// there is one; each row then has its value.
	Unsafety string
}

// patrolRow sets a district's patrol hours against its incidents: are the
// police where, and when, things happen?
type patrolRow struct {
	District       string
	Patrols        int
	Hours, Dark    float64
	Incidents      int
	IncidentsDark  float64 // weighted by dark fraction
	DarkShare      float64 // of patrol hours
	IncidentsShare float64 // of incidents, in darkness
	Unsafe         string  // the survey's headline share, "" without one
}

// period reads ?from=&to= (dates, to inclusive) or defaults to the latest
// promise's validity.
func (s *Server) period(ctx context.Context, r *http.Request, t *app.Tenant) (from, to time.Time, err error) {
	q := r.URL.Query()
	if q.Get("from") != "" || q.Get("to") != "" {
		f, err1 := time.ParseInLocation(time.DateOnly, q.Get("from"), stockholm)
		e, err2 := time.ParseInLocation(time.DateOnly, q.Get("to"), stockholm)
		if err1 != nil || err2 != nil || e.Before(f) {
			return from, to, app.Errorf(app.EINVALID, "Ange perioden som två datum, från och till / Give the period as two dates, from and to.")
		}
		return f, e.AddDate(0, 0, 1), nil
	}
	ps, err := s.svc.Promises.FindPromises(ctx, t.ID)
	if err != nil || len(ps) == 0 {
		now := s.now().In(stockholm)
		return now.AddDate(-1, 0, 0), now, err
	}
	return ps[0].ValidFrom.Time, ps[0].ValidTo.AddDate(0, 0, 1), nil
}

func (s *Server) showPatrols(w http.ResponseWriter, r *http.Request) {
	s.renderPatrols(w, r, http.StatusOK, patrolsPage{Saved: r.URL.Query().Get("saved") == "1"})
}

func (s *Server) renderPatrols(w http.ResponseWriter, r *http.Request, status int, page patrolsPage) {
	lang := language(w, r)
	ctx := r.Context()
	p := who(r)
	t := p.Tenant
	page.Layout, page.Tenant, page.CanEdit = s.layout(r, lang), t, p.User.Can(t.ID, app.PermMeasuresEdit)
	from, to, err := s.period(ctx, r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.From, page.To = from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly)
	if page.Districts, err = s.svc.Districts.FindDistricts(ctx, t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	page.Names = map[string]string{}
	for _, d := range page.Districts {
		page.Names[d.Key] = d.Name
	}
	patrols, err := s.svc.Patrols.FindPatrols(ctx, t.ID, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	incs, err := s.svc.Incidents.FindIncidentFacts(ctx, t.ID, app.IncidentFilter{From: from, To: to, ReviewState: app.ReviewAccepted}, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hours, err := followup.PatrolHours(page.Districts, patrols)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := map[string]*patrolRow{}
	row := func(k string) *patrolRow {
		if rows[k] == nil {
			rows[k] = &patrolRow{District: k}
		}
		return rows[k]
	}
	for _, h := range hours {
		r := row(h.District)
		r.Patrols, r.Hours, r.Dark = h.Patrols, h.Hours, h.DarkHours
	}
	for _, i := range api.SituationFacts(incs) {
		if i.District == "" {
			continue
		}
		r := row(i.District)
		r.Incidents++
		if i.Darkness == "dark" {
			r.IncidentsDark++
		} else if i.Darkness == "" {
			r.IncidentsDark += i.DarkFraction
		}
	}
	unsafe, err := s.unsafetyByDistrict(ctx, t, lang, &page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, d := range page.Districts {
		if rows[d.Key] == nil && unsafe[d.Key] != "" {
			row(d.Key)
		}
		if r := rows[d.Key]; r != nil {
			r.Unsafe = unsafe[d.Key]
			if r.Hours > 0 {
				r.DarkShare = r.Dark / r.Hours
			}
			if r.Incidents > 0 {
				r.IncidentsShare = r.IncidentsDark / float64(r.Incidents)
			}
			page.Rows = append(page.Rows, *r)
		}
	}
	page.Total = len(patrols)
	page.Patrols = patrols[:min(len(patrols), 20)]
	s.render(w, r, status, "patrols", lang, page)
}

func (s *Server) createPatrol(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	p := &app.Patrol{TenantID: t.ID, Mode: f.Get("mode"), Note: strings.TrimSpace(f.Get("note")), Districts: f["district"]}
	date := f.Get("date")
	start, err1 := time.ParseInLocation("2006-01-02 15:04", date+" "+f.Get("start"), stockholm)
	end, err2 := time.ParseInLocation("2006-01-02 15:04", date+" "+f.Get("end"), stockholm)
	var err error
	switch {
	case err1 != nil || err2 != nil:
		err = app.FieldErrorf("start", "Ange datum och start- och sluttid, t.ex. 19:00 och 22:30 / Give the date and the start and end times.")
	default:
		if !end.After(start) { // a patrol over midnight ends the next day
			end = end.AddDate(0, 0, 1)
		}
		p.Start, p.End = start.UTC(), end.UTC()
		slices.Sort(p.Districts)
		p.Districts = slices.Compact(p.Districts)
		err = s.svc.Patrols.CreatePatrol(r.Context(), p)
	}
	if app.ErrorCode(err) == app.EINVALID {
		s.renderPatrols(w, r, http.StatusBadRequest, patrolsPage{Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/patrullering?saved=1", http.StatusSeeOther)
}

func (s *Server) deletePatrol(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.svc.Patrols.DeletePatrol(r.Context(), t.ID, id)
	} else {
		err = app.Errorf(app.ENOTFOUND, "Passet finns inte / No such patrol.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/patrullering?saved=1", http.StatusSeeOther)
}

// unsafetyByDistrict is the latest survey wave's first indicator (the
// questionnaire's headline, such as feeling unsafe out late) per
// district, formatted; empty without a wave.
func (s *Server) unsafetyByDistrict(ctx context.Context, t *app.Tenant, lang string, page *patrolsPage) (map[string]string, error) {
	q, waves, err := followup.LoadSurvey(ctx, s.svc.Surveys, t)
	if err != nil || len(waves) == 0 || len(q.Indicators) == 0 {
		return nil, err
	}
	w := waves[len(waves)-1]
	rs, err := s.respondents(ctx, t, w)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	ind := q.Indicators[0]
	q.Indicators = q.Indicators[:1]
	cells, err := survey.Indicators(q, survey.WaveOf(w), rs, []survey.Dim{survey.DimDistrict}, survey.DefaultThreshold)
	if err != nil {
		return nil, err
	}
	page.Unsafety = ind.NameSv + " (" + w.Name + ")"
	if lang == "en" {
		page.Unsafety = ind.NameEn + " (" + w.Name + ")"
	}
	out := map[string]string{}
	for _, c := range cells {
		if d := c.Group[string(survey.DimDistrict)]; d != "" {
			out[d] = fmt.Sprintf("<%d", survey.DefaultThreshold)
			if !c.Suppressed {
				out[d] = formatFigure(c.Value, ind.Kind == survey.KindShare, lang)
			}
		}
	}
	return out, nil
}
