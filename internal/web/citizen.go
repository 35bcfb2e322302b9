package web

import (
	"fmt"
	"math"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
)

// citizenForm is the public "where does it feel unsafe" form. There is no
// map: a district or a place in words is enough, so the form works for
// everyone (a map can be added as an enhancement, never as the only way).
type citizenForm struct {
	Category, District, Place, Date, Period, Text, Email string
	Lat, Lon                                             string // a point picked on the map, optional
}

type citizenPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	Form       citizenForm
	Errors     map[string]string
	Categories []app.Category
	Names      map[string]string
	Districts  []*app.District
	Periods    []string
	StatusURL  string // after sending: the private status link
	Bounds     string // the districts' extent, for the map: minLon,minLat,maxLon,maxLat
}

func (s *Server) showCitizenForm(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.renderCitizen(w, r, http.StatusOK, lang, citizenPage{Form: citizenForm{Date: lastEvening(s.now()), Period: "evening",
		District: r.URL.Query().Get("district")}})
}

// lastEvening is the date of the latest evening that has begun, the form's
// default with "evening": today's evening before 18:00 lies in the
// future, and sending the form unchanged in the morning was refused.
func lastEvening(now time.Time) string {
	local := now.In(stockholm)
	if local.Hour() < 18 {
		local = local.AddDate(0, 0, -1)
	}
	return local.Format(time.DateOnly)
}

func (s *Server) renderCitizen(w http.ResponseWriter, r *http.Request, status int, lang string, page citizenPage) {
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Layout, page.Tenant, page.Categories, page.Names = s.layout(r, lang), t, app.ReportCategories, categoryNames(lang)
	for _, p := range reportPeriods {
		page.Periods = append(page.Periods, p.Key)
	}
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	page.Bounds = districtsBounds(page.Districts)
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "citizen_report", lang, page)
}

// fileCitizenReport stores a citizen's report, pending review. Defences: a
// rate limit per address, a honeypot field, size limits; personal data in
// the text is masked before it is stored.
func (s *Server) fileCitizenReport(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	T := s.catalog.translator(lang)
	if s.rateLimited(w, r, s.limits.publicWrite, "ip:"+s.clientIP(r)) || !s.parseForm(w, r) {
		return
	}
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A bot that fills every field gets the same answer as a person and
	// stores nothing.
	if r.PostForm.Get("website") != "" {
		s.renderCitizen(w, r, http.StatusOK, lang, citizenPage{StatusURL: "-"})
		return
	}
	f := citizenForm{}
	for k, dst := range map[string]*string{"category": &f.Category, "district": &f.District, "place": &f.Place,
		"date": &f.Date, "period": &f.Period, "text": &f.Text, "email": &f.Email, "lat": &f.Lat, "lon": &f.Lon} {
		*dst = strings.TrimSpace(r.PostForm.Get(k))
	}
	districts, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inc, errs := newReport(T, districts, app.SourceCitizen, f.Category, f.District, f.Place, f.Date, "", f.Period)
	inc.TenantID, inc.Text = t.ID, f.Text
	if f.Lat != "" || f.Lon != "" {
		lat, err1 := strconv.ParseFloat(f.Lat, 64)
		lon, err2 := strconv.ParseFloat(f.Lon, 64)
		if err1 != nil || err2 != nil || math.IsNaN(lat+lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			errs["where"] = T("citizen.err.point")
		} else {
			inc.Lat, inc.Lon = &lat, &lon
			if f.District == "" && f.Place == "" {
				delete(errs, "district") // the point says where
			}
		}
	}
	if len(f.Text) > 2000 || len(f.Place) > 200 {
		errs["text"] = T("report.err.long")
	}
	if f.Email != "" {
		if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email || len(f.Email) > 254 {
			errs["email"] = T("citizen.err.email")
		}
		inc.ContactEmail = app.NormalizeEmail(f.Email)
	}
	if len(errs) > 0 {
		s.renderCitizen(w, r, http.StatusBadRequest, lang, citizenPage{Form: f, Errors: errs})
		return
	}
	if err := s.enrichReport(r.Context(), t.ID, districts, inc); err != nil {
		s.fail(w, r, err)
		return
	}
	// The districts cover the kommun: a point in none of them is outside.
	if inc.Lat != nil && inc.DistrictID == nil {
		s.renderCitizen(w, r, http.StatusBadRequest, lang, citizenPage{Form: f, Errors: map[string]string{"where": T("citizen.err.outside")}})
		return
	}
	token := auth.NewToken()
	inc.StatusTokenHash = auth.HashToken(token)
	if err := s.svc.Incidents.CreateIncident(r.Context(), inc); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCitizen(w, r, http.StatusOK, lang, citizenPage{StatusURL: baseURL(r) + "/" + t.Slug + "/rapportstatus?t=" + token})
}

type citizenStatusPage struct {
	Layout Layout
	Tenant *app.Tenant
	Report *app.Incident
	Names  map[string]string
}

// showCitizenStatus shows a report's review state to whoever holds its
// private link.
func (s *Server) showCitizenStatus(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inc, err := s.svc.Incidents.FindIncidentByStatusToken(r.Context(), t.ID, auth.HashToken(r.URL.Query().Get("t")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "citizen_status", lang, citizenStatusPage{Layout: s.layout(r, lang), Tenant: t, Report: inc, Names: categoryNames(lang)})
}

// districtsBounds is the box around the districts as a map's
// data-map-bounds wants it, minLon,minLat,maxLon,maxLat; "" for none.
func districtsBounds(ds []*app.District) string {
	if len(ds) == 0 {
		return ""
	}
	b := ds[0].BBox
	for _, d := range ds[1:] {
		b = [4]float64{min(b[0], d.BBox[0]), min(b[1], d.BBox[1]), max(b[2], d.BBox[2]), max(b[3], d.BBox[3])}
	}
	return fmt.Sprintf("%g,%g,%g,%g", b[0], b[1], b[2], b[3])
}
