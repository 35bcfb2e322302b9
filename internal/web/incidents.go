package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/importer"
)

// Time windows a reporter can choose when the exact time is not known.
var reportPeriods = []struct {
	Key        string
	Start, End int // local hours; End may pass midnight (24+)
}{
	{"morning", 6, 12}, {"afternoon", 12, 18}, {"evening", 18, 22}, {"night", 22, 30}, {"day", 0, 24},
}

type reportForm struct {
	Category, District, Place, Date, Time, Period, Unsafety, Text string
}

type reportPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	Form       reportForm
	Errors     map[string]string
	Categories []app.Category
	Districts  []*app.District
	Periods    []string
	Sent       bool
	Mine       []*app.Incident
	Names      map[string]string // category key → name in the page's language
}

func (s *Server) showReportForm(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.renderReport(w, r, http.StatusOK, lang, reportPage{Sent: r.URL.Query().Get("sent") == "1",
		Form: reportForm{Date: time.Now().In(stockholm).Format(time.DateOnly), Period: "day", Unsafety: "3"}})
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, lang string, page reportPage) {
	p := who(r)
	page.Layout, page.Tenant, page.Categories = s.layout(r, lang), p.Tenant, app.ReportCategories
	page.Names = categoryNames(lang)
	for _, per := range reportPeriods {
		page.Periods = append(page.Periods, per.Key)
	}
	var err error
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), p.Tenant.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	// A reporter sees their own reports and what became of them.
	if page.Mine, _, err = s.svc.Incidents.FindIncidents(r.Context(), p.Tenant.ID,
		app.IncidentFilter{ReporterID: &p.User.ID, Limit: 20}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "report", lang, page)
}

func categoryNames(lang string) map[string]string {
	m := map[string]string{}
	for _, c := range app.ReportCategories {
		m[c.Key] = c.Name
		if lang == "en" {
			m[c.Key] = c.NameEn
		}
	}
	return m
}

// fileReport stores an EST report as a pending incident: it counts in no
// figure until a coordinator has reviewed it.
func (s *Server) fileReport(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	T := s.catalog.translator(lang)
	p := who(r)
	if !s.parseForm(w, r) {
		return
	}
	f := reportForm{}
	for k, dst := range map[string]*string{"category": &f.Category, "district": &f.District, "place": &f.Place, "date": &f.Date,
		"time": &f.Time, "period": &f.Period, "unsafety": &f.Unsafety, "text": &f.Text} {
		*dst = strings.TrimSpace(r.PostForm.Get(k))
	}
	districts, err := s.svc.Districts.FindDistricts(r.Context(), p.Tenant.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inc, errs := newReport(T, districts, app.SourceEST, f.Category, f.District, f.Place, f.Date, f.Time, f.Period)
	inc.TenantID, inc.ReporterID, inc.Text = p.Tenant.ID, &p.User.ID, f.Text
	if n, err := strconv.Atoi(f.Unsafety); err != nil || n < 1 || n > 5 {
		errs["unsafety"] = T("report.err.unsafety")
	} else {
		inc.Unsafety = &n
	}
	if len(f.Text) > 4000 || len(f.Place) > 200 {
		errs["text"] = T("report.err.long")
	}
	if len(errs) > 0 {
		s.renderReport(w, r, http.StatusBadRequest, lang, reportPage{Form: f, Errors: errs})
		return
	}
	if err := s.enrichReport(r.Context(), p.Tenant.ID, districts, inc); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.Incidents.CreateIncident(r.Context(), inc); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+p.Tenant.Slug+"/rapport?sent=1", http.StatusSeeOther)
}

// newReport checks what EST and citizen reports share — what, where and
// when — and returns the incident and the problems found, by field.
func newReport(T func(string, ...any) string, districts []*app.District, source, category, district, place, date, clock, period string) (*app.Incident, map[string]string) {
	errs := map[string]string{}
	cat, ok := app.ReportCategory(category)
	if !ok {
		errs["category"] = T("report.err.category")
	}
	inc := &app.Incident{Source: source, Category: cat.Key, FocusArea: cat.FocusArea, Place: place, ReviewState: app.ReviewPending}
	if district != "" {
		for _, d := range districts {
			if d.Key == district {
				inc.DistrictID = &d.ID
			}
		}
		if inc.DistrictID == nil {
			errs["district"] = T("report.err.district")
		}
	} else if place == "" {
		errs["district"] = T("report.err.where")
	}
	var err error
	if inc.OccurredFrom, inc.OccurredTo, err = reportTime(date, clock, period); err != nil {
		errs["date"] = T("report.err.when")
	} else if inc.OccurredFrom.After(time.Now().Add(time.Hour)) {
		errs["date"] = T("report.err.future")
	}
	return inc, errs
}

// enrichReport places, dates and masks a report as an import would.
func (s *Server) enrichReport(ctx context.Context, tenantID int64, districts []*app.District, inc *app.Incident) error {
	en, err := s.enrichers.get(tenantID, s.now(), func() (*importer.Enricher, error) {
		g, err := s.svc.Districts.FindGazetteer(ctx, tenantID)
		if err != nil {
			return nil, err
		}
		return importer.NewEnricher(districts, g, importer.PlaceOf(districts))
	})
	if err != nil {
		return err
	}
	en.Enrich(inc)
	return nil
}

// enrichers keeps each tenant's Enricher: building the gazetteer's index
// took half of a citizen report's time. Districts and the gazetteer change
// only by import, from another process, so one is rebuilt after
// publicPageTTL, like a cached page.
type enrichers struct {
	mu sync.Mutex
	m  map[int64]*cachedEnricher
}

type cachedEnricher struct {
	en *importer.Enricher
	at time.Time
}

func (c *enrichers) get(tenantID int64, now time.Time, build func() (*importer.Enricher, error)) (*importer.Enricher, error) {
	c.mu.Lock()
	e := c.m[tenantID]
	c.mu.Unlock()
	if e != nil && now.Sub(e.at) <= publicPageTTL {
		return e.en, nil
	}
	en, err := build()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[int64]*cachedEnricher{}
	}
	c.m[tenantID] = &cachedEnricher{en: en, at: now}
	c.mu.Unlock()
	return en, nil
}

// reportTime turns the form's date, time and period into an instant or a
// window, in Swedish time.
func reportTime(date, clock, period string) (from, to time.Time, err error) {
	d, err := time.ParseInLocation(time.DateOnly, date, stockholm)
	if err != nil {
		return from, to, err
	}
	if clock != "" {
		t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, stockholm)
		return t.UTC(), t.UTC(), err
	}
	for _, p := range reportPeriods {
		if p.Key == period {
			y, m, dd := d.Date()
			from = time.Date(y, m, dd, p.Start, 0, 0, 0, stockholm)
			to = time.Date(y, m, dd, p.End, 0, 0, 0, stockholm) // hour 30 is 06:00 the next day
			return from.UTC(), to.UTC(), nil
		}
	}
	return from, to, fmt.Errorf("unknown period %q", period)
}

type reviewPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	Categories []app.Category
	Pending    []*app.Incident
	// Similar lists, per pending report, other live reports of the same
	// kind nearby (same district, or within similarRadius metres) within
	// 30 days: a likely duplicate to merge it into, or a pattern.
	Similar   map[int64][]*app.Incident
	Districts []*app.District
	Names     map[string]string
	Error     string
	Done      bool
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request) {
	s.renderReview(w, r, http.StatusOK, reviewPage{Done: r.URL.Query().Get("done") == "1"})
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, status int, page reviewPage) {
	lang := language(w, r)
	t := who(r).Tenant
	page.Layout, page.Tenant, page.Names, page.Categories = s.layout(r, lang), t, categoryNames(lang), app.ReportCategories
	var err error
	if page.Pending, _, err = s.svc.Incidents.FindIncidents(r.Context(), t.ID, app.IncidentFilter{ReviewState: app.ReviewPending, Limit: 200}); err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	page.Similar = map[int64][]*app.Incident{}
	for _, i := range page.Pending {
		cands, _, err := s.svc.Incidents.FindIncidents(r.Context(), t.ID, app.IncidentFilter{Category: i.Category,
			From: i.OccurredFrom.AddDate(0, 0, -30), To: i.OccurredFrom.AddDate(0, 0, 31), Limit: 200})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range cands {
			live := c.ReviewState == app.ReviewAccepted || c.ReviewState == app.ReviewPending
			if c.ID != i.ID && live && nearby(i, c) && len(page.Similar[i.ID]) < 5 {
				page.Similar[i.ID] = append(page.Similar[i.ID], c)
			}
		}
	}
	s.render(w, r, status, "review", lang, page)
}

// similarRadius is how close two reports with points must be to count as
// the same place, metres.
const similarRadius = 250

// nearby reports whether two reports are about the same place: both have
// points within similarRadius, or, lacking points, the same district.
func nearby(a, b *app.Incident) bool {
	if a.Lat != nil && a.Lon != nil && b.Lat != nil && b.Lon != nil {
		return geo.Distance(*a.Lat, *a.Lon, *b.Lat, *b.Lon) <= similarRadius
	}
	return a.DistrictKey != "" && a.DistrictKey == b.DistrictKey
}

// reviewIncident accepts, rejects (with a reason) or corrects a report.
func (s *Server) reviewIncident(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, app.Errorf(app.ENOTFOUND, "Händelsen finns inte / No such incident."))
		return
	}
	inc, err := s.svc.Incidents.FindIncident(r.Context(), t.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var edit *app.IncidentEdit
	if r.PostForm.Has("text") {
		edit = &app.IncidentEdit{Category: inc.Category, DistrictID: inc.DistrictID, Text: strings.TrimSpace(r.PostForm.Get("text"))}
		if c, ok := app.ReportCategory(r.PostForm.Get("category")); ok {
			edit.Category = c.Key
		}
		if k := r.PostForm.Get("district"); k != "" {
			ds, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			edit.DistrictID = nil
			for _, d := range ds {
				if d.Key == k {
					edit.DistrictID = &d.ID
				}
			}
		}
	}
	rv := app.Review{State: r.PostForm.Get("decision"), Note: strings.TrimSpace(r.PostForm.Get("note")), Edit: edit}
	if rv.State == app.ReviewMerged {
		rv.Edit = nil // a duplicate keeps its words as they came
		rv.MergedInto, _ = strconv.ParseInt(r.PostForm.Get("merged_into"), 10, 64)
	}
	err = s.svc.Incidents.ReviewIncident(r.Context(), t.ID, id, rv)
	if code := app.ErrorCode(err); code == app.EINVALID {
		s.renderReview(w, r, http.StatusBadRequest, reviewPage{Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/granskning?done=1", http.StatusSeeOther)
}

type incidentsPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	Incidents []*app.Incident
	Total     int
	Filter    url.Values
	Districts []*app.District
	Sources   []string
	Error     string
	CSVURL    string
	Next      string
	Names     map[string]string
}

func (s *Server) showIncidents(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t := who(r).Tenant
	q := r.URL.Query()
	page := incidentsPage{Layout: s.layout(r, lang), Tenant: t, Filter: q, Names: categoryNames(lang),
		Sources: []string{app.SourcePolice, app.SourceEST, app.SourceCitizen, app.SourceCSV, app.SourceWalk, app.SourceDialogue},
		CSVURL:  "/admin/" + t.Slug + "/handelser.csv?" + r.URL.RawQuery}
	status := http.StatusOK
	f, err := api.IncidentFilter(q)
	if err == nil {
		page.Incidents, page.Total, err = s.svc.Incidents.FindIncidents(r.Context(), t.ID, f)
	}
	if app.ErrorCode(err) == app.EINVALID {
		page.Error, status = app.ErrorMessage(err), http.StatusBadRequest
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Offset+len(page.Incidents) < page.Total {
		nq := maps.Clone(q)
		nq.Set("offset", strconv.Itoa(f.Offset+len(page.Incidents)))
		page.Next = "?" + nq.Encode()
	}
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "incidents", lang, page)
}

// exportIncidents writes the filtered incidents as CSV for Excel (UTF-8
// with BOM, ;), every row traceable by id and source_ref.
func (s *Server) exportIncidents(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	f, err := api.IncidentFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit, f.Offset = 100000, 0
	incs, _, err := s.svc.Incidents.FindIncidents(r.Context(), t.ID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="trygg-handelser-`+t.Slug+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	cw.Write([]string{"id", "source", "external_id", "occurred_from", "occurred_to", "category", "focus_area", "district",
		"darkness", "dark_fraction", "review_state", "place", "text", "source_ref"})
	for _, i := range incs {
		cw.Write([]string{strconv.FormatInt(i.ID, 10), i.Source, csvSafe(i.ExternalID), i.OccurredFrom.Format(time.RFC3339),
			i.OccurredTo.Format(time.RFC3339), i.Category, i.FocusArea, i.DistrictKey, i.Darkness,
			strconv.FormatFloat(i.DarkFraction, 'f', 4, 64), i.ReviewState, csvSafe(i.Place), csvSafe(i.Text), csvSafe(i.SourceRef)})
	}
	cw.Flush()
}
