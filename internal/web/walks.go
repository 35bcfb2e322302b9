package web

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/photo"
	"github.com/trygg-se/trygg/internal/privacy"
)

// maxFindingBody caps the add-finding form: a photo of up to 5 MiB, the
// other fields and the multipart framing. It is the one route allowed more
// than maxBodyBytes (see uploadLimits).
const maxFindingBody = 6 << 20

// walkForm is the new-walk form as typed, kept to re-show after an error.
type walkForm struct {
	Date, Time, District, Note string
	Participants               map[string]string // group → count as typed
}

// walkFields is what the walkfields template (forms.html) draws: the
// walk form's fields with ids under Prefix, as typed, marking Field.
type walkFields struct {
	Prefix    string
	Form      walkForm
	Field     string
	Districts []*app.District
	Groups    []string
}

// walkRow is one walk of the list.
type walkRow struct {
	*app.Walk
	Total int // participants
}

type walksPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	Walks     []walkRow
	Districts []*app.District
	Names     map[string]string // district key → name
	Groups    []string
	Form      walkForm
	Error     string
	Field     string
	CanEdit   bool
	Deleted   bool
}

// NewWalk is the new-walk form's fields.
func (p walksPage) NewWalk() walkFields {
	return walkFields{Prefix: "w", Form: p.Form, Field: p.Field, Districts: p.Districts, Groups: p.Groups}
}

func (s *Server) showWalks(w http.ResponseWriter, r *http.Request) {
	s.renderWalks(w, r, http.StatusOK, walksPage{Form: walkForm{Date: s.now().In(stockholm).Format(time.DateOnly), Time: "day"},
		Deleted: r.URL.Query().Get("deleted") == "1"})
}

func (s *Server) renderWalks(w http.ResponseWriter, r *http.Request, status int, page walksPage) {
	lang := language(w, r)
	p := who(r)
	t := p.Tenant
	page.Layout, page.Tenant, page.Groups, page.CanEdit = s.layout(r, lang), t, app.WalkGroups, p.User.Can(t.ID, app.PermMeasuresEdit)
	var err error
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	page.Names = map[string]string{}
	for _, d := range page.Districts {
		page.Names[d.Key] = d.Name
	}
	walks, err := s.svc.Walks.FindWalks(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, wk := range walks {
		n := 0
		for _, c := range wk.Participants {
			n += c
		}
		page.Walks = append(page.Walks, walkRow{Walk: wk, Total: n})
	}
	s.render(w, r, status, "walks", lang, page)
}

func (s *Server) createWalk(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	f, wk, err := s.walkFromForm(r)
	if err == nil {
		err = s.svc.Walks.CreateWalk(r.Context(), wk)
	}
	if app.ErrorCode(err) == app.EINVALID {
		page := walksPage{Form: f, Error: app.ErrorMessage(err)}
		page.Field = app.ErrorField(err)
		s.renderWalks(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/trygghetsvandringar/%d?saved=walk", t.Slug, wk.ID), http.StatusSeeOther)
}

// walkFromForm reads the walk form (new or edit) into a walk of the
// route's tenant, keeping what was typed to show again after an error.
func (s *Server) walkFromForm(r *http.Request) (walkForm, *app.Walk, error) {
	pf := r.PostForm
	f := walkForm{Date: strings.TrimSpace(pf.Get("date")), Time: pf.Get("time"), District: pf.Get("district"),
		Note: strings.TrimSpace(pf.Get("note")), Participants: map[string]string{}}
	wk := &app.Walk{TenantID: who(r).Tenant.ID, AfterDark: f.Time == "dark", DistrictKey: f.District, Participants: map[string]int{}}
	wk.Note, _ = privacy.Mask(f.Note)
	var badCount bool
	for _, g := range app.WalkGroups {
		v := strings.TrimSpace(pf.Get("n-" + g))
		f.Participants[g] = v // kept as typed, to show again after an error
		if v == "" {
			continue
		}
		if n, err := strconv.Atoi(v); err != nil {
			badCount = true
		} else if n != 0 {
			wk.Participants[g] = n
		}
	}
	if badCount {
		return f, wk, app.FieldErrorf("participants", "Ange antal deltagare som heltal / Give the number of participants as whole numbers.")
	}
	if f.Time != "day" && f.Time != "dark" {
		return f, wk, app.FieldErrorf("time", "Välj dag eller efter mörkrets inbrott / Choose by day or after dark.")
	}
	d, err := app.ParseDate(f.Date)
	if err != nil {
		return f, wk, app.FieldErrorf("date", "Ange datum för vandringen, ÅÅÅÅ-MM-DD / Give the date of the walk.")
	}
	if app.DateOf(s.now().In(stockholm)).Before(d) {
		return f, wk, app.FieldErrorf("date", "Vandringen kan inte ligga i framtiden / The walk cannot be in the future.")
	}
	wk.Date = d
	return f, wk, nil
}

// updateWalk corrects a walk; an error shows the walk page with the edit
// form open and as typed.
func (s *Server) updateWalk(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	old, ok := s.walkOf(w, r)
	if !ok {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f, wk, err := s.walkFromForm(r)
	wk.ID = old.ID
	if err == nil {
		err = s.svc.Walks.UpdateWalk(r.Context(), wk)
	}
	if app.ErrorCode(err) == app.EINVALID {
		page := walkPage{Walk: old, Edit: f, EditOpen: true, Error: app.ErrorMessage(err)}
		page.EditField = app.ErrorField(err)
		s.renderWalk(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/trygghetsvandringar/%d?saved=updated", t.Slug, wk.ID), http.StatusSeeOther)
}

// deleteWalk removes a walk; one whose finding became a measure stays, and
// its page says why.
func (s *Server) deleteWalk(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	wk, ok := s.walkOf(w, r)
	if !ok {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	if r.PostForm.Get("confirm") != "1" {
		s.renderWalk(w, r, http.StatusBadRequest, walkPage{Walk: wk,
			Error: "Kryssa i att vandringen ska tas bort / Tick the box to confirm the deletion."})
		return
	}
	if err := s.svc.Walks.DeleteWalk(r.Context(), t.ID, wk.ID); app.ErrorCode(err) == app.ECONFLICT {
		s.renderWalk(w, r, http.StatusConflict, walkPage{Walk: wk, Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/trygghetsvandringar?deleted=1", http.StatusSeeOther)
}

// updateFinding corrects what a finding says.
func (s *Server) updateFinding(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	wk, id, ok := s.findingOf(w, r)
	if !ok {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	var ff findingForm
	for k, dst := range map[string]*string{"problem": &ff.Problem, "place": &ff.Place, "lat": &ff.Lat, "lon": &ff.Lon,
		"description": &ff.Description, "proposed_fix": &ff.ProposedFix, "unit": &ff.Unit, "due": &ff.Due} {
		*dst = strings.TrimSpace(r.PostForm.Get(k))
	}
	f := &app.Finding{ID: id, TenantID: t.ID, WalkID: wk.ID, Problem: ff.Problem}
	f.Place, _ = privacy.Mask(ff.Place)
	f.Description, _ = privacy.Mask(ff.Description)
	f.ProposedFix, _ = privacy.Mask(ff.ProposedFix)
	f.Unit, _ = privacy.Mask(ff.Unit)
	var err error
	f.Lat, f.Lon, err = ff.point()
	if err == nil {
		if f.Due, err = app.ParseDate(ff.Due); err != nil {
			err = app.FieldErrorf("due", "Ange sista dag som ÅÅÅÅ-MM-DD / Give the due date as YYYY-MM-DD.")
		}
	}
	if err == nil {
		err = s.svc.Walks.UpdateFinding(r.Context(), f)
	}
	if app.ErrorCode(err) == app.EINVALID {
		page := walkPage{Walk: wk, Form: findingForm{Due: wk.DefaultDue().String()}, Error: app.ErrorMessage(err),
			FindingEdit: ff, FindingEditID: id}
		page.FindingEditField = app.ErrorField(err)
		s.renderWalk(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/trygghetsvandringar/%d?saved=finding#fynd-%d", t.Slug, wk.ID, id), http.StatusSeeOther)
}

// deleteFinding removes a finding noted by mistake.
func (s *Server) deleteFinding(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	wk, id, ok := s.findingOf(w, r)
	if !ok {
		return
	}
	if err := s.svc.Walks.DeleteFinding(r.Context(), t.ID, wk.ID, id); app.ErrorCode(err) == app.ECONFLICT {
		s.renderWalk(w, r, http.StatusConflict, walkPage{Walk: wk, Error: app.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/trygghetsvandringar/%d?saved=deleted", t.Slug, wk.ID), http.StatusSeeOther)
}

// findingForm is the add-finding form as typed.
type findingForm struct {
	Problem, Place, Lat, Lon, Description, ProposedFix, Unit, Due string
}

// point is the form's map point: none when both fields are empty.
func (ff findingForm) point() (lat, lon *float64, err error) {
	if ff.Lat == "" && ff.Lon == "" {
		return nil, nil, nil
	}
	la, err1 := strconv.ParseFloat(ff.Lat, 64)
	lo, err2 := strconv.ParseFloat(ff.Lon, 64)
	if err1 != nil || err2 != nil || math.IsNaN(la) || math.IsNaN(lo) {
		return nil, nil, app.FieldErrorf("place", "Ogiltig punkt på kartan / Invalid point on the map.")
	}
	return &la, &lo, nil
}

// findingRow is a finding as pages show it: numbered, with its point as
// text and the measure it became.
type findingRow struct {
	*app.Finding
	N       int
	Point   string // "lat, lon", or ""
	Measure *app.Measure
	// The correction form: the finding as stored, or as typed after an
	// error (EditOpen).
	Edit      findingForm
	EditOpen  bool
	EditField string
}

type walkPage struct {
	Layout       Layout
	Tenant       *app.Tenant
	Walk         *app.Walk
	District     *app.District
	Groups       []string // the groups that took part, in order
	Total        int      // participants
	Findings     []findingRow
	Problems     []string
	Bounds       string // the walk's district, for the map: minLon,minLat,maxLon,maxLat
	Form         findingForm
	Error        string
	Field        string
	ErrorFinding int64  // the finding a refused decision was about
	Reason       string // that decision's reason, as typed
	Saved        string // "walk", "updated", "finding", "decision" or "deleted"
	CanEdit      bool
	// The correction form: as typed after an error (EditOpen), else the
	// walk as stored.
	Edit      walkForm
	EditField string
	EditOpen  bool
	Districts []*app.District
	CanDelete bool // no finding has become a measure
	// A refused correction of a finding: which, as typed, and the field.
	FindingEdit      findingForm
	FindingEditID    int64
	FindingEditField string
}

// EditWalk is the correction form's fields.
func (p walkPage) EditWalk() walkFields {
	return walkFields{Prefix: "e", Form: p.Edit, Field: p.EditField, Districts: p.Districts, Groups: app.WalkGroups}
}

// pathWalk loads the {id} of the path within the route's tenant.
func (s *Server) pathWalk(r *http.Request) (*app.Walk, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, app.Errorf(app.ENOTFOUND, "Vandringen finns inte / No such safety walk.")
	}
	return s.svc.Walks.FindWalk(r.Context(), who(r).Tenant.ID, id)
}

// walkOf is pathWalk for a handler: on an error it answers and returns
// false.
func (s *Server) walkOf(w http.ResponseWriter, r *http.Request) (*app.Walk, bool) {
	wk, err := s.pathWalk(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return wk, true
}

// findingOf is walkOf with the {finding} of the path.
func (s *Server) findingOf(w http.ResponseWriter, r *http.Request) (*app.Walk, int64, bool) {
	wk, ok := s.walkOf(w, r)
	if !ok {
		return nil, 0, false
	}
	id, err := pathFinding(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, 0, false
	}
	return wk, id, true
}

// pathFinding is the {finding} of the path; ENOTFOUND unless a number.
func pathFinding(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("finding"), 10, 64)
	if err != nil {
		return 0, app.Errorf(app.ENOTFOUND, "Fyndet finns inte / No such finding.")
	}
	return id, nil
}

// walkView is what the walk page and the protocol share: the district,
// the groups that took part, and the findings with their measures.
func (s *Server) walkView(r *http.Request, wk *app.Walk, ds []*app.District) (district *app.District, groups []string, total int, rows []findingRow, err error) {
	ctx := r.Context()
	t := who(r).Tenant
	district = &app.District{Key: wk.DistrictKey, Name: wk.DistrictKey}
	for _, d := range ds {
		if d.Key == wk.DistrictKey {
			district = d
		}
	}
	for _, g := range app.WalkGroups {
		if n := wk.Participants[g]; n > 0 {
			groups, total = append(groups, g), total+n
		}
	}
	measures := map[int64]*app.Measure{}
	if slices.ContainsFunc(wk.Findings, func(f *app.Finding) bool { return f.MeasureID != nil }) {
		ms, err := s.svc.Measures.FindMeasures(ctx, t.ID)
		if err != nil {
			return nil, nil, 0, nil, err
		}
		for _, m := range ms {
			measures[m.ID] = m
		}
	}
	for i, f := range wk.Findings {
		row := findingRow{Finding: f, N: i + 1}
		if f.Lat != nil && f.Lon != nil {
			row.Point = fmt.Sprintf("%.5f, %.5f", *f.Lat, *f.Lon)
		}
		if f.MeasureID != nil {
			row.Measure = measures[*f.MeasureID]
		}
		rows = append(rows, row)
	}
	return district, groups, total, rows, nil
}

func (s *Server) showWalk(w http.ResponseWriter, r *http.Request) {
	wk, ok := s.walkOf(w, r)
	if !ok {
		return
	}
	page := walkPage{Walk: wk, Form: findingForm{Due: wk.DefaultDue().String()}}
	switch saved := r.URL.Query().Get("saved"); saved {
	case "walk", "updated", "finding", "decision", "deleted":
		page.Saved = saved
	}
	s.renderWalk(w, r, http.StatusOK, page)
}

func (s *Server) renderWalk(w http.ResponseWriter, r *http.Request, status int, page walkPage) {
	lang := language(w, r)
	p := who(r)
	page.Layout, page.Tenant, page.Problems = s.layout(r, lang), p.Tenant, app.WalkProblems
	page.CanEdit = p.User.Can(p.Tenant.ID, app.PermMeasuresEdit)
	var err error
	if page.Districts, err = s.svc.Districts.FindDistricts(r.Context(), p.Tenant.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if page.District, page.Groups, page.Total, page.Findings, err = s.walkView(r, page.Walk, page.Districts); err != nil {
		s.fail(w, r, err)
		return
	}
	if !page.EditOpen {
		wk := page.Walk
		page.Edit = walkForm{Date: wk.Date.String(), Time: "day", District: wk.DistrictKey, Note: wk.Note, Participants: map[string]string{}}
		if wk.AfterDark {
			page.Edit.Time = "dark"
		}
		for g, n := range wk.Participants {
			page.Edit.Participants[g] = strconv.Itoa(n)
		}
	}
	page.CanDelete = true
	for i := range page.Findings {
		f := &page.Findings[i]
		if f.MeasureID != nil {
			page.CanDelete = false
		}
		if f.ID == page.FindingEditID {
			f.Edit, f.EditOpen, f.EditField = page.FindingEdit, true, page.FindingEditField
		} else {
			f.Edit = findingForm{Problem: f.Problem, Place: f.Place, Description: f.Description, ProposedFix: f.ProposedFix,
				Unit: f.Unit, Due: f.Due.String()}
			if f.Lat != nil && f.Lon != nil {
				f.Edit.Lat, f.Edit.Lon = strconv.FormatFloat(*f.Lat, 'f', -1, 64), strconv.FormatFloat(*f.Lon, 'f', -1, 64)
			}
		}
	}
	if b := page.District.BBox; b != ([4]float64{}) {
		page.Bounds = fmt.Sprintf("%g,%g,%g,%g", b[0], b[1], b[2], b[3])
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "walk", lang, page)
}

// parseUpload parses a multipart form within maxFindingBody, or a plain
// one; on failure it answers and returns false.
func (s *Server) parseUpload(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseMultipartForm(maxFindingBody)
	switch {
	case err == nil:
		return true
	case errors.Is(err, http.ErrNotMultipart):
		return s.parseForm(w, r)
	}
	if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
		s.fail(w, r, app.Errorf(app.ETOOLARGE, "För stor förfrågan; en bild får vara högst 5 MiB / Request too large; a photo may be at most 5 MiB."))
	} else {
		s.fail(w, r, app.Errorf(app.EINVALID, "Ogiltigt formulär / Invalid form."))
	}
	return false
}

// addFinding stores a finding from the multipart form. Free text is masked
// for personal data; the photo is handed on as it came, and the store
// keeps only a re-encoded copy without its metadata.
func (s *Server) addFinding(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFindingBody)
	if !s.parseUpload(w, r) {
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	wk, ok := s.walkOf(w, r)
	if !ok {
		return
	}
	t := who(r).Tenant
	var ff findingForm
	for k, dst := range map[string]*string{"problem": &ff.Problem, "place": &ff.Place, "lat": &ff.Lat, "lon": &ff.Lon,
		"description": &ff.Description, "proposed_fix": &ff.ProposedFix, "unit": &ff.Unit, "due": &ff.Due} {
		*dst = strings.TrimSpace(r.PostForm.Get(k))
	}
	f := &app.Finding{TenantID: t.ID, WalkID: wk.ID, Problem: ff.Problem}
	f.Place, _ = privacy.Mask(ff.Place)
	f.Description, _ = privacy.Mask(ff.Description)
	f.ProposedFix, _ = privacy.Mask(ff.ProposedFix)
	f.Unit, _ = privacy.Mask(ff.Unit)
	err := func() error {
		var err error
		if f.Lat, f.Lon, err = ff.point(); err != nil {
			return err
		}
		if ff.Due != "" {
			d, err := app.ParseDate(ff.Due)
			if err != nil {
				return app.FieldErrorf("due", "Ange sista dag som ÅÅÅÅ-MM-DD / Give the due date as YYYY-MM-DD.")
			}
			f.Due = d
		}
		file, _, err := r.FormFile("photo")
		switch {
		case errors.Is(err, http.ErrMissingFile):
		case err != nil:
			return app.FieldErrorf("photo", "Bilden gick inte att läsa / The photo could not be read.")
		default:
			defer file.Close()
			// One byte more than allowed is enough to refuse it.
			if f.Photo, err = io.ReadAll(io.LimitReader(file, photo.MaxBytes+1)); err != nil {
				return app.FieldErrorf("photo", "Bilden gick inte att läsa / The photo could not be read.")
			}
		}
		return s.svc.Walks.AddFinding(r.Context(), f)
	}()
	if app.ErrorCode(err) == app.EINVALID {
		page := walkPage{Walk: wk, Form: ff, Error: app.ErrorMessage(err)}
		page.Field = app.ErrorField(err)
		s.renderWalk(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/trygghetsvandringar/%d?saved=finding#fynd-%d", t.Slug, wk.ID, f.ID), http.StatusSeeOther)
}

// findingToMeasure makes a finding a measure in one click and opens the
// measure, for the coordinator to adjust its details.
func (s *Server) findingToMeasure(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	walkID, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, app.Errorf(app.ENOTFOUND, "Vandringen finns inte / No such safety walk."))
		return
	}
	id, err := pathFinding(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.svc.Walks.FindingToMeasure(r.Context(), t.ID, walkID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/atgarder/%d", t.Slug, m.ID), http.StatusSeeOther)
}

// decideFinding records that a finding will not be acted on, with the
// reason, or reopens it (decision "").
func (s *Server) decideFinding(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	wk, id, ok := s.findingOf(w, r)
	if !ok {
		return
	}
	typed := strings.TrimSpace(r.PostForm.Get("reason"))
	reason, _ := privacy.Mask(typed)
	err := s.svc.Walks.DecideFinding(r.Context(), t.ID, wk.ID, id, r.PostForm.Get("decision"), reason)
	if app.ErrorCode(err) == app.EINVALID {
		page := walkPage{Walk: wk, Form: findingForm{Due: wk.DefaultDue().String()}, Error: app.ErrorMessage(err), ErrorFinding: id, Reason: typed}
		page.Field = app.ErrorField(err)
		s.renderWalk(w, r, http.StatusBadRequest, page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/%s/trygghetsvandringar/%d?saved=decision#fynd-%d", t.Slug, wk.ID, id), http.StatusSeeOther)
}

// serveFindingPhoto sends a finding's photo as stored: re-encoded, without
// metadata, with the type the store found, never one a browser claimed.
func (s *Server) serveFindingPhoto(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	walkID, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, app.Errorf(app.ENOTFOUND, "Vandringen finns inte / No such safety walk."))
		return
	}
	id, err := pathFinding(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, typ, err := s.svc.Walks.FindPhoto(r.Context(), t.ID, walkID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ext := ".jpg"
	if typ == photo.PNG {
		ext = ".png"
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Disposition", fmt.Sprintf(`inline; filename="trygghetsvandring-%d-fynd-%d%s"`, walkID, id, ext))
	h.Set("Cache-Control", "private, max-age=3600")
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

type walkProtocolPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	Walk      *app.Walk
	District  *app.District
	Groups    []string
	Total     int
	WillDo    []findingRow // with their measures
	WillNot   []findingRow // with the reasons
	Undecided []findingRow
	Photos    []findingRow
	Printed   string // the day the page was made
}

// showWalkProtocol is the walk's protocol: what will be done (and how far
// it has come), what will not and why, and what is still open. Its print
// stylesheet makes it the document handed to the participants.
func (s *Server) showWalkProtocol(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	wk, ok := s.walkOf(w, r)
	if !ok {
		return
	}
	page := walkProtocolPage{Layout: s.layout(r, lang), Tenant: who(r).Tenant, Walk: wk, Printed: s.now().In(stockholm).Format(time.DateOnly)}
	ds, err := s.svc.Districts.FindDistricts(r.Context(), page.Tenant.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rows []findingRow
	if page.District, page.Groups, page.Total, rows, err = s.walkView(r, wk, ds); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, f := range rows {
		switch f.Decision {
		case app.FindingWillDo:
			page.WillDo = append(page.WillDo, f)
		case app.FindingWillNot:
			page.WillNot = append(page.WillNot, f)
		default:
			page.Undecided = append(page.Undecided, f)
		}
		if f.HasPhoto {
			page.Photos = append(page.Photos, f)
		}
	}
	s.render(w, r, http.StatusOK, "walk_protocol", lang, page)
}
