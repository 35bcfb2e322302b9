package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/httpx"
	"github.com/trygg-se/trygg/internal/report"
)

type followUpsPage struct {
	Layout  Layout
	Tenant  *app.Tenant
	Periods []followUpRow
}

type followUpRow struct {
	Period string
	Status string
}

// promiseTertials are the tertials of the latest promise up to today.
func (s *Server) promiseTertials(r *http.Request, t *app.Tenant) ([]app.Tertial, error) {
	ps, err := s.svc.Promises.FindPromises(r.Context(), t.ID)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	var out []app.Tertial
	today := s.now()
	for y := ps[0].ValidFrom.Year(); y <= ps[0].ValidTo.Year(); y++ {
		for n := 1; n <= 3; n++ {
			tt := app.Tertial{Year: y, N: n}
			if tt.End().Time.After(ps[0].ValidFrom.Time) && !tt.Start().Time.After(ps[0].ValidTo.Time) && tt.Start().Time.Before(today) {
				out = append(out, tt)
			}
		}
	}
	return out, nil
}

func (s *Server) showFollowUps(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t := who(r).Tenant
	ts, err := s.promiseTertials(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stored, err := s.svc.FollowUps.FindFollowUps(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := map[string]string{}
	for _, f := range stored {
		status[f.Period.String()] = f.Status
	}
	page := followUpsPage{Layout: s.layout(r, lang), Tenant: t}
	for i := len(ts) - 1; i >= 0; i-- {
		p := ts[i].String()
		st := status[p]
		if st == "" {
			st = app.FollowUpDraft
		}
		page.Periods = append(page.Periods, followUpRow{Period: p, Status: st})
	}
	s.render(w, r, http.StatusOK, "followups", lang, page)
}

type followUpPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	FollowUp   *app.FollowUp
	Sections   []report.Section
	CanEdit    bool
	CanAdopt   bool
	CanCorrect bool
	Saved      bool
	Error      string
}

// pathFollowUp reads {period} and the tenant's follow-up for it.
func (s *Server) pathFollowUp(r *http.Request, t *app.Tenant) (*app.FollowUp, error) {
	period, err := app.ParseTertial(r.PathValue("period"))
	if err != nil {
		return nil, app.Errorf(app.ENOTFOUND, "Perioden finns inte / No such period.")
	}
	return s.svc.FollowUps.FindFollowUp(r.Context(), t.ID, period)
}

func (s *Server) showFollowUp(w http.ResponseWriter, r *http.Request) {
	s.renderFollowUp(w, r, http.StatusOK, followUpPage{Saved: r.URL.Query().Get("saved") == "1"})
}

func (s *Server) renderFollowUp(w http.ResponseWriter, r *http.Request, status int, page followUpPage) {
	lang := language(w, r)
	p := who(r)
	f, err := s.pathFollowUp(r, p.Tenant)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Layout, page.Tenant, page.FollowUp = s.layout(r, lang), p.Tenant, f
	draft := f.Status != app.FollowUpAdopted
	page.CanEdit = draft && p.User.Can(p.Tenant.ID, app.PermFollowUpEdit)
	page.CanAdopt = draft && p.User.Can(p.Tenant.ID, app.PermFollowUpAdopt)
	page.CanCorrect = !draft && p.User.Can(p.Tenant.ID, app.PermFollowUpAdopt)
	page.Sections = (&report.Report{Lang: lang}).Sections()
	if ps, err := s.svc.Promises.FindPromises(r.Context(), p.Tenant.ID); err == nil && len(ps) > 0 {
		rr := &report.Report{Lang: lang}
		for _, fa := range ps[0].FocusAreas {
			name := fa.Name
			if lang == "en" {
				name = fa.NameEn
			}
			rr.FocusAreas = append(rr.FocusAreas, report.FocusArea{Key: fa.Key, Name: name})
		}
		page.Sections = rr.Sections()
	}
	s.render(w, r, status, "followup", lang, page)
}

// saveCommentary stores the coordinator's text per section.
func (s *Server) saveCommentary(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	f, err := s.pathFollowUp(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := map[string]string{}
	for k, v := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "c-"); ok && strings.TrimSpace(v[0]) != "" {
			c[key] = strings.TrimSpace(v[0])
		}
	}
	// The report refuses commentary on sections it does not have.
	if _, err := followup.Build(r.Context(), s.followUpServices(), t, f.Period, c, "sv", s.now()); err != nil {
		s.renderFollowUp(w, r, http.StatusBadRequest, followUpPage{Error: err.Error()})
		return
	}
	err = s.svc.FollowUps.SaveCommentary(r.Context(), t.ID, f.Period, c)
	if code := app.ErrorCode(err); code == app.ECONFLICT || code == app.EINVALID {
		s.renderFollowUp(w, r, httpx.Status(code), followUpPage{Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/uppfoljning/"+f.Period.String()+"?saved=1", http.StatusSeeOther)
}

// adoptFollowUp freezes the report in both languages, as the council
// adopted it.
func (s *Server) adoptFollowUp(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	f, err := s.pathFollowUp(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Status == app.FollowUpAdopted {
		s.renderFollowUp(w, r, http.StatusConflict, followUpPage{Error: "Uppföljningen är redan antagen / The follow-up is adopted already."})
		return
	}
	b, err := followup.Adopt(r.Context(), s.followUpServices(), t, f.Period, f.Commentary, s.now())
	if err == nil {
		err = s.svc.FollowUps.AdoptFollowUp(r.Context(), t.ID, f.Period, b)
	}
	if app.ErrorCode(err) == app.ECONFLICT {
		s.renderFollowUp(w, r, http.StatusConflict, followUpPage{Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/uppfoljning/"+f.Period.String()+"?saved=1", http.StatusSeeOther)
}

// correctFollowUp makes a new version of an adopted follow-up from
// today's data, with the reason shown in the report.
func (s *Server) correctFollowUp(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	f, err := s.pathFollowUp(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	var b []byte
	if reason == "" {
		err = app.FieldErrorf("reason", "Ange skälet till rättelsen / Give the reason for the correction.")
	} else if b, err = followup.Correct(r.Context(), s.followUpServices(), t, f, reason, s.now()); err == nil {
		err = s.svc.FollowUps.CorrectFollowUp(r.Context(), t.ID, f.Period, reason, b)
	}
	if code := app.ErrorCode(err); code == app.EINVALID || code == app.ECONFLICT {
		s.renderFollowUp(w, r, httpx.Status(code), followUpPage{Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	pdfMu.Lock()
	for _, lang := range []string{"sv", "en"} {
		delete(pdfs, fmt.Sprintf("%d/%s/%s", t.ID, f.Period, lang))
	}
	pdfMu.Unlock()
	http.Redirect(w, r, "/admin/"+t.Slug+"/uppfoljning/"+f.Period.String()+"?saved=1", http.StatusSeeOther)
}

// followUpServices are the services the report is made from.
func (s *Server) followUpServices() followup.Services {
	return followup.Services{Promises: s.svc.Promises, Districts: s.svc.Districts, Measures: s.svc.Measures,
		Patrols: s.svc.Patrols, Incidents: s.svc.Incidents, Surveys: s.svc.Surveys, Dialogues: s.svc.Dialogues}
}

// serveReport writes the report of the {period} as a page or, for a path
// ending in .pdf, as a PDF. Public requests (no back-office tenant) see
// adopted follow-ups only.
func (s *Server) serveReport(w http.ResponseWriter, r *http.Request, t *app.Tenant, public bool) {
	lang := language(w, r)
	f, err := s.pathFollowUp(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if public && f.Status != app.FollowUpAdopted {
		s.fail(w, r, app.Errorf(app.ENOTFOUND, "Uppföljningen är inte antagen ännu / The follow-up is not adopted yet."))
		return
	}
	rep, err := followup.Report(r.Context(), s.followUpServices(), t, f, lang, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := "/admin/" + t.Slug + "/uppfoljning/" + f.Period.String() + "/rapport"
	if public {
		base = "/" + t.Slug + "/uppfoljning/" + f.Period.String()
	}
	other := "en"
	if lang == "en" {
		other = "sv"
	}
	rep.OtherLanguageURL, rep.PDFURL = base+"?lang="+other, base+".pdf?lang="+lang
	if public {
		rep.PDFURL = base + "/rapport.pdf?lang=" + lang
	}
	if strings.HasSuffix(r.URL.Path, ".pdf") {
		s.servePDF(w, r, rep, f, t, lang)
		return
	}
	var buf bytes.Buffer
	if err := report.HTML(&buf, rep, s.static.url("report.css")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// pdfs keeps the PDFs of adopted follow-ups, which never change: making one
// takes a second of Chromium, and a public URL must not cost that on every
// request. pdfSlot lets one Chromium run at a time.
var (
	pdfMu   sync.Mutex
	pdfs    = map[string][]byte{}
	pdfSlot = make(chan struct{}, 1)
)

func (s *Server) servePDF(w http.ResponseWriter, r *http.Request, rep *report.Report, f *app.FollowUp, t *app.Tenant, lang string) {
	key := fmt.Sprintf("%d/%s/%s", t.ID, f.Period, lang)
	pdfMu.Lock()
	b := pdfs[key]
	pdfMu.Unlock()
	if b == nil {
		var html bytes.Buffer
		if err := report.Standalone(&html, rep); err != nil {
			s.fail(w, r, err)
			return
		}
		select {
		case pdfSlot <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		var err error
		b, err = report.PDF(r.Context(), html.Bytes(), "")
		<-pdfSlot
		if errors.Is(err, report.ErrNoChromium) {
			s.fail(w, r, app.Errorf(app.EUNAVAILABLE, "PDF kan inte skapas på den här servern; skriv ut sidan i stället / PDF is unavailable here; print the page instead."))
			return
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
		if f.Status == app.FollowUpAdopted {
			pdfMu.Lock()
			pdfs[key] = b
			pdfMu.Unlock()
		}
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="uppfoljning-%s-%s.pdf"`, t.Slug, f.Period))
	w.Write(b)
}

func (s *Server) showAdminReport(w http.ResponseWriter, r *http.Request) {
	s.serveReport(w, r, who(r).Tenant, false)
}

func (s *Server) showPublicReport(w http.ResponseWriter, r *http.Request) {
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveReport(w, r, t, true)
}
