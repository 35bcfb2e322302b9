package web

import (
	"context"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

type dialoguesPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	From, To  string // the period shown, YYYY-MM-DD, To inclusive
	Dialogues []*app.Dialogue
	// Participants, Places and AfterDark sum the period's dialogues.
	Participants, Places, AfterDark int
	// Themes counts, per theme raised in the period, the dialogues that
	// raised it and the places named for it, in category order.
	Themes     []dialogueTheme
	Form       dialogueForm
	Districts  []*app.District
	Categories []app.Category
	Names      map[string]string // category key → name in the page's language
	Kinds      []string
	CanEdit    bool
	Error      string
	Field      string // the input the error is about
	Deleted    bool
	Bounds     string // the districts, for the place maps
}

type dialogueTheme struct {
	Key               string
	Dialogues, Places int
}

// dialogueForm is the form as typed, so that a rejected one comes back
// with nothing lost.
type dialogueForm struct {
	Date, Kind, Place, TargetGroup, Summary string
	Themes                                  map[string]bool
	Groups                                  []dialogueGroupRow
	Places                                  []dialoguePlaceRow
}

type dialogueGroupRow struct {
	N           int // 1-based row number, for labels
	Name, Count string
}

type dialoguePlaceRow struct {
	N                            int // 1-based row number, for labels and the after-dark box
	District, Description, Theme string
	Lat, Lon                     string // a point picked on the map, optional
	AfterDark                    bool
}

// Empty rows the form offers beyond those filled in: enough for a typical
// dialogue without script to add rows.
const (
	emptyGroupRows = 3
	emptyPlaceRows = 3
)

// padded returns the form with empty group and place rows added and every
// row numbered.
func (f dialogueForm) padded() dialogueForm {
	for range emptyGroupRows {
		f.Groups = append(f.Groups, dialogueGroupRow{})
	}
	for range emptyPlaceRows {
		f.Places = append(f.Places, dialoguePlaceRow{})
	}
	for i := range f.Groups {
		f.Groups[i].N = i + 1
	}
	for i := range f.Places {
		f.Places[i].N = i + 1
	}
	return f
}

func (s *Server) showDialogues(w http.ResponseWriter, r *http.Request) {
	s.renderDialogues(w, r, http.StatusOK, dialoguesPage{Deleted: r.URL.Query().Get("deleted") == "1",
		Form: dialogueForm{Kind: app.DialogueCitizen}})
}

func (s *Server) renderDialogues(w http.ResponseWriter, r *http.Request, status int, page dialoguesPage) {
	lang := language(w, r)
	ctx := r.Context()
	p := who(r)
	t := p.Tenant
	page.Layout, page.Tenant, page.CanEdit = s.layout(r, lang), t, p.User.Can(t.ID, app.PermMeasuresEdit)
	page.Categories, page.Names, page.Kinds = app.ReportCategories, categoryNames(lang), app.DialogueKinds
	page.Form = page.Form.padded()
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
	page.Bounds = districtsBounds(page.Districts)
	if page.Dialogues, err = s.svc.Dialogues.FindDialogues(ctx, t.ID, app.DateOf(from), app.DateOf(to)); err != nil {
		s.fail(w, r, err)
		return
	}
	themes := map[string]*dialogueTheme{}
	theme := func(k string) *dialogueTheme {
		if themes[k] == nil {
			themes[k] = &dialogueTheme{Key: k}
		}
		return themes[k]
	}
	for _, d := range page.Dialogues {
		page.Participants += d.TotalParticipants()
		page.Places += len(d.Places)
		for _, k := range d.Themes {
			theme(k).Dialogues++
		}
		for _, pl := range d.Places {
			theme(d.PlaceCategory(pl)).Places++
			if pl.AfterDark {
				page.AfterDark++
			}
		}
	}
	for _, c := range app.ReportCategories {
		if th := themes[c.Key]; th != nil {
			page.Themes = append(page.Themes, *th)
		}
	}
	s.render(w, r, status, "dialogues", lang, page)
}

// dialogueAreas maps district keys to names.
func dialogueAreas(ds []*app.District) map[string]string {
	m := map[string]string{}
	for _, d := range ds {
		m[d.Key] = d.Name
	}
	return m
}

// readDialogueForm reads the posted form as typed. Place rows are
// parallel lists (a select and a text box are always sent); the
// after-dark box, sent only when ticked, carries its row's number.
func readDialogueForm(v url.Values) dialogueForm {
	f := dialogueForm{Date: strings.TrimSpace(v.Get("date")), Kind: v.Get("kind"), Place: strings.TrimSpace(v.Get("place")),
		TargetGroup: strings.TrimSpace(v.Get("target_group")), Summary: strings.TrimSpace(v.Get("summary")), Themes: map[string]bool{}}
	for _, k := range v["theme"] {
		f.Themes[k] = true
	}
	names, counts := v["group"], v["count"]
	for i := range max(len(names), len(counts)) {
		g := dialogueGroupRow{Name: strings.TrimSpace(nthValue(names, i)), Count: strings.TrimSpace(nthValue(counts, i))}
		if g.Name != "" || g.Count != "" {
			f.Groups = append(f.Groups, g)
		}
	}
	dark := map[string]bool{}
	for _, n := range v["place_dark"] {
		dark[n] = true
	}
	districts, descs, themes, lats, lons := v["place_district"], v["place_description"], v["place_theme"], v["place_lat"], v["place_lon"]
	for i := range max(len(districts), len(descs), len(themes), len(lats), len(lons)) {
		p := dialoguePlaceRow{District: nthValue(districts, i), Description: strings.TrimSpace(nthValue(descs, i)), Theme: nthValue(themes, i),
			Lat: strings.TrimSpace(nthValue(lats, i)), Lon: strings.TrimSpace(nthValue(lons, i)), AfterDark: dark[strconv.Itoa(i+1)]}
		if p.District != "" || p.Description != "" || p.Lat != "" || p.Lon != "" {
			f.Places = append(f.Places, p)
		}
	}
	return f
}

// nthValue is v[i], or "" past the end of v.
func nthValue(v []string, i int) string {
	if i < len(v) {
		return v[i]
	}
	return ""
}

// dialogue turns the form into a dialogue for the tenant; what the form
// alone cannot check (districts, limits) is left to Validate and the
// store.
func (f dialogueForm) dialogue(tenantID int64, today app.Date) (*app.Dialogue, error) {
	d := &app.Dialogue{TenantID: tenantID, Kind: f.Kind, Place: f.Place, TargetGroup: f.TargetGroup, Summary: f.Summary,
		Participants: map[string]int{}}
	if f.Date != "" {
		date, err := app.ParseDate(f.Date)
		if err != nil {
			return nil, app.FieldErrorf("date", "Ange datum som ÅÅÅÅ-MM-DD / Give the date as YYYY-MM-DD.")
		}
		if today.Before(date) {
			return nil, app.FieldErrorf("date", "Dialogen kan inte ligga i framtiden / The dialogue cannot be in the future.")
		}
		d.Date = date
	}
	for _, g := range f.Groups {
		n, err := strconv.Atoi(g.Count)
		if err != nil {
			return nil, app.FieldErrorf("participants", "Ange antalet deltagare i varje grupp som ett heltal / Give the number of participants in each group as a whole number.")
		}
		if _, dup := d.Participants[g.Name]; dup {
			return nil, app.FieldErrorf("participants", "Gruppen %q finns två gånger / The group is there twice.", g.Name)
		}
		d.Participants[g.Name] = n
	}
	// Themes in category order, whatever order the browser sent them in;
	// a key no category has is kept, for Validate to reject.
	for _, c := range app.ReportCategories {
		if f.Themes[c.Key] {
			d.Themes = append(d.Themes, c.Key)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.Themes)) {
		if _, ok := app.ReportCategory(k); !ok {
			d.Themes = append(d.Themes, k)
		}
	}
	for _, p := range f.Places {
		pl := app.DialoguePlace{DistrictKey: p.District, Description: p.Description, AfterDark: p.AfterDark, Theme: p.Theme}
		if p.Lat != "" || p.Lon != "" {
			lat, err1 := strconv.ParseFloat(p.Lat, 64)
			lon, err2 := strconv.ParseFloat(p.Lon, 64)
			if err1 != nil || err2 != nil || math.IsNaN(lat+lon) {
				return nil, app.FieldErrorf("places", "Ogiltig punkt på kartan / Invalid point on the map.")
			}
			pl.Lat, pl.Lon = &lat, &lon
		}
		d.Places = append(d.Places, pl)
		// A place named for a theme raises that theme.
		if p.Theme != "" && !slices.Contains(d.Themes, p.Theme) {
			d.Themes = append(d.Themes, p.Theme)
		}
	}
	return d, nil
}

func (s *Server) createDialogue(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	if !s.parseForm(w, r) {
		return
	}
	form := readDialogueForm(r.PostForm)
	d, err := form.dialogue(t.ID, app.DateOf(s.now().In(stockholm)))
	if err == nil {
		err = s.placeDialoguePoints(r.Context(), t.ID, d)
	}
	if err == nil {
		err = s.svc.Dialogues.CreateDialogue(r.Context(), d)
	}
	if app.ErrorCode(err) == app.EINVALID {
		s.renderDialogues(w, r, http.StatusBadRequest, dialoguesPage{Form: form, Error: app.ErrorMessage(err), Field: app.ErrorField(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/dialoger/"+strconv.FormatInt(d.ID, 10)+"?saved=1", http.StatusSeeOther)
}

type dialoguePage struct {
	Layout   Layout
	Tenant   *app.Tenant
	Dialogue *app.Dialogue
	Groups   []dialogueGroup // by name
	Places   []dialoguePlaceView
	Areas    map[string]string // district key → name
	Names    map[string]string
	// Incidents lists the incidents the dialogue's places became.
	Incidents string
	CanEdit   bool
	Saved     bool
}

type dialogueGroup struct {
	Name  string
	Count int
}

// dialoguePlaceView is a named place as the page shows it.
type dialoguePlaceView struct {
	N int
	app.DialoguePlace
	Category string // what it counts as in the lägesbild
	Point    string // "lat, lon", or ""
}

func (s *Server) showDialogue(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	p := who(r)
	t := p.Tenant
	d, err := s.findDialogue(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ds, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := dialoguePage{Layout: s.layout(r, lang), Tenant: t, Dialogue: d, Areas: dialogueAreas(ds), Names: categoryNames(lang),
		CanEdit: p.User.Can(t.ID, app.PermMeasuresEdit), Saved: r.URL.Query().Get("saved") == "1",
		Incidents: "/admin/" + t.Slug + "/handelser?" + url.Values{"source": {app.SourceDialogue}, "from": {d.Date.String()}, "to": {d.Date.String()}}.Encode()}
	for i, pl := range d.Places {
		v := dialoguePlaceView{N: i + 1, DialoguePlace: pl, Category: d.PlaceCategory(pl)}
		if pl.Lat != nil && pl.Lon != nil {
			v.Point = fmt.Sprintf("%.5f, %.5f", *pl.Lat, *pl.Lon)
		}
		page.Places = append(page.Places, v)
	}
	for _, g := range slices.Sorted(maps.Keys(d.Participants)) {
		page.Groups = append(page.Groups, dialogueGroup{Name: g, Count: d.Participants[g]})
	}
	s.render(w, r, http.StatusOK, "dialogue", lang, page)
}

// findDialogue loads the {id} of the path for the tenant; ENOTFOUND for
// an id that is not a number, as for one of another tenant.
func (s *Server) findDialogue(r *http.Request, t *app.Tenant) (*app.Dialogue, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, app.Errorf(app.ENOTFOUND, "Dialogen finns inte / No such dialogue.")
	}
	return s.svc.Dialogues.FindDialogue(r.Context(), t.ID, id)
}

func (s *Server) deleteDialogue(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.svc.Dialogues.DeleteDialogue(r.Context(), t.ID, id)
	} else {
		err = app.Errorf(app.ENOTFOUND, "Dialogen finns inte / No such dialogue.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/"+t.Slug+"/dialoger?deleted=1", http.StatusSeeOther)
}

// placeDialoguePoints gives a place named by a point alone the district
// the point lies in, as a citizen's report gets one, so that it counts
// there in the lägesbild; a point in no district is outside the kommun.
func (s *Server) placeDialoguePoints(ctx context.Context, tenantID int64, d *app.Dialogue) error {
	var districts []*app.District
	for i := range d.Places {
		p := &d.Places[i]
		if p.Lat == nil || p.Lon == nil || p.DistrictKey != "" {
			continue
		}
		if districts == nil {
			var err error
			if districts, err = s.svc.Districts.FindDistricts(ctx, tenantID); err != nil {
				return err
			}
		}
		now := s.now()
		inc := &app.Incident{Lat: p.Lat, Lon: p.Lon, OccurredFrom: now, OccurredTo: now}
		if err := s.enrichReport(ctx, tenantID, districts, inc); err != nil {
			return err
		}
		for _, dd := range districts {
			if inc.DistrictID != nil && dd.ID == *inc.DistrictID {
				p.DistrictKey = dd.Key
			}
		}
		if p.DistrictKey == "" {
			return app.FieldErrorf("places", "Plats %d ligger utanför kommunens områden / Place %d is outside the kommun's districts.", i+1, i+1)
		}
	}
	return nil
}
