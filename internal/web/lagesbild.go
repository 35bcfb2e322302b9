package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/situation"
)

// lagesbildPage is the staff lägesbild: every figure as a table, each
// with its n, so that the page works without a map or colour.
type lagesbildPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	Filter     url.Values
	Error      string
	N          int
	DarkShare  float64
	Priority   situation.Group
	Rest       situation.Group
	KommunWide situation.Group
	FocusAreas []*app.FocusArea
	Rows       []districtRow
	Grid       [7][24]gridCell
	Hours      []int
	Trends     []trendChart
	Bra        []*braRow
	CSVURL     string
	XLSXURL    string
	GeoJSONURL string
	MapLayers  string // GeoJSON URLs for the map: districts, hotspots, incident points
	Bounds     string
}

type districtRow struct {
	District  *app.District
	ByFocus   []float64 // in FocusAreas order
	Total     float64
	N         int
	Per1000   float64
	RateOK    bool
	DarkShare float64
}

type gridCell struct {
	Value float64
	Level int // 0–4, for shading; the number is always printed too
}

type braRow struct {
	Year             int
	Kommun, National *float64
}

func (s *Server) showLagesbild(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t := who(r).Tenant
	ctx := r.Context()
	q := r.URL.Query()
	page := lagesbildPage{Layout: s.layout(r, lang), Tenant: t, Filter: q}
	for h := range 24 {
		page.Hours = append(page.Hours, h)
	}
	promises, err := s.svc.Promises.FindPromises(ctx, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(promises) > 0 {
		page.FocusAreas = promises[0].FocusAreas
	}
	q = lagesbildQuery(q, promises)
	page.Filter = q
	page.CSVURL = "/api/v1/tenants/" + t.Slug + "/situation?format=csv&group_by=district,focus_area,darkness&" + q.Encode()
	base := "/api/v1/tenants/" + t.Slug
	page.XLSXURL = "/admin/" + t.Slug + "/lagesbild.xlsx?" + q.Encode()
	page.GeoJSONURL = "/admin/" + t.Slug + "/lagesbild.geojson?" + q.Encode()
	page.MapLayers = strings.Join([]string{page.GeoJSONURL, base + "/situation/hotspots?" + q.Encode(),
		base + "/incidents?format=geojson&limit=1000&review_state=accepted&" + q.Encode()}, ",")
	f, err := api.IncidentFilter(q)
	status := http.StatusOK
	var incs []app.IncidentFact
	if err == nil {
		f.Limit = 0 // all of them
		incs, err = s.svc.Incidents.FindIncidentFacts(ctx, t.ID, f, false)
	}
	if app.ErrorCode(err) == app.EINVALID {
		page.Error, status = app.ErrorMessage(err), http.StatusBadRequest
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	districts, err := s.svc.Districts.FindDistricts(ctx, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	si := api.SituationFacts(incs)
	page.N = len(si)
	page.DarkShare, _ = situation.DarkShare(si)
	priority, pop := map[string]bool{}, map[string]int{}
	var box [4]float64 // the priority districts, where the map opens
	for _, d := range districts {
		priority[d.Key], pop[d.Key] = d.Priority, d.Population
		if d.Priority {
			if box == ([4]float64{}) {
				box = d.BBox
			}
			box = [4]float64{min(box[0], d.BBox[0]), min(box[1], d.BBox[1]), max(box[2], d.BBox[2]), max(box[3], d.BBox[3])}
		}
	}
	if box != ([4]float64{}) {
		w, h := box[2]-box[0], box[3]-box[1]
		page.Bounds = fmt.Sprintf("%g,%g,%g,%g", box[0]-w/2, box[1]-h/2, box[2]+w/2, box[3]+h/2)
	}
	split := situation.PriorityVsRest(si, priority, pop)
	page.Priority, page.Rest, page.KommunWide = split.Priority, split.Rest, split.KommunWide
	byDistrict, _ := situation.Aggregate(si, situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict, situation.ByFocusArea}, Loc: stockholm})
	dark := map[string]float64{} // an instant's fraction is 1 or 0
	for _, i := range si {
		dark[i.District] += i.DarkFraction
	}
	for _, d := range append(districts, &app.District{Key: "", Name: s.catalog.translator(lang)("incidents.kommunwide")}) {
		row := districtRow{District: d, ByFocus: make([]float64, len(page.FocusAreas))}
		for _, c := range byDistrict.Cells {
			if c.Key[0] != d.Key {
				continue
			}
			row.Total += c.Count
			row.N += c.N
			for i, fa := range page.FocusAreas {
				if c.Key[1] == fa.Key {
					row.ByFocus[i] += c.Count
				}
			}
		}
		row.Per1000, row.RateOK = situation.Rate(row.Total, d.Population)
		if row.N > 0 {
			row.DarkShare = dark[d.Key] / float64(row.N)
		}
		page.Rows = append(page.Rows, row)
	}
	// Trends: incidents per month by focus area and by district.
	from, to := q.Get("from"), q.Get("to")
	if len(from) >= 7 && len(to) >= 7 {
		months := monthsOf(from[:7], to[:7])
		T := s.catalog.translator(lang)
		focusName := func(k string) string {
			for _, fa := range page.FocusAreas {
				if fa.Key == k {
					if lang == "en" {
						return fa.NameEn
					}
					return fa.Name
				}
			}
			return T("focus." + k)
		}
		var faKeys []string
		for _, fa := range page.FocusAreas {
			faKeys = append(faKeys, fa.Key)
		}
		byFocus, err := situation.Aggregate(si, situation.Query{GroupBy: []situation.Dimension{situation.ByMonth, situation.ByFocusArea}, Loc: stockholm})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.Trends = append(page.Trends, newTrend("trend-focus", T("situation.trend.focus"), T("situation.trend.desc"), byFocus, faKeys, focusName, months))
		var prio []string
		names := map[string]string{}
		for _, d := range districts {
			names[d.Key] = d.Name
			if d.Priority {
				prio = append(prio, d.Key)
			}
		}
		byDistrict, err := situation.Aggregate(si, situation.Query{GroupBy: []situation.Dimension{situation.ByMonth, situation.ByDistrict}, Loc: stockholm})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.Trends = append(page.Trends, newTrend("trend-district", T("situation.trend.district"), T("situation.trend.desc"), byDistrict, prio,
			func(k string) string { return names[k] }, months))
	}
	grid := situation.TimeGrid(si, stockholm)
	maxV := 0.0
	for _, day := range grid {
		for _, v := range day {
			maxV = max(maxV, v)
		}
	}
	for d, day := range grid {
		for h, v := range day {
			lvl := 0
			if maxV > 0 {
				lvl = min(4, int(v/maxV*4.999))
			}
			page.Grid[d][h] = gridCell{Value: v, Level: lvl}
		}
	}
	if s.svc.Bra != nil {
		figs, err := s.svc.Bra(ctx, t.KommunCode)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		byYear := map[int]*braRow{}
		for _, b := range figs {
			row := byYear[b.Year]
			if row == nil {
				row = &braRow{Year: b.Year}
				byYear[b.Year] = row
				page.Bra = append(page.Bra, row)
			}
			if b.KommunCode == "" {
				row.National = b.Per100k
			} else {
				row.Kommun = b.Per100k
			}
		}
	}
	s.render(w, r, status, "lagesbild", lang, page)
}

// lagesbildQuery is the view's filter: the latest promise's validity when
// no period is given, accepted incidents unless another state is asked for.
func lagesbildQuery(q url.Values, promises []*app.Promise) url.Values {
	q = maps.Clone(q)
	if len(promises) > 0 && q.Get("from") == "" && q.Get("to") == "" {
		q.Set("from", promises[0].ValidFrom.String())
		q.Set("to", promises[0].ValidTo.String())
	}
	if q.Get("review_state") == "" {
		q.Set("review_state", app.ReviewAccepted)
	}
	return q
}

// exportLagesbild writes the current view: counts by district × focus
// area × darkness as XLSX (lagesbild.xlsx), or the districts with their
// counts, rates per 1,000 and a colour by rate as GeoJSON
// (lagesbild.geojson), which the page's map draws too.
func (s *Server) exportLagesbild(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := who(r).Tenant
	promises, err := s.svc.Promises.FindPromises(ctx, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := api.IncidentFilter(lagesbildQuery(r.URL.Query(), promises))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = 0 // all of them
	incs, err := s.svc.Incidents.FindIncidentFacts(ctx, t.ID, f, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	si := api.SituationFacts(incs)
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		res, err := situation.Aggregate(si, situation.Query{GroupBy: []situation.Dimension{situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rows := [][]string{{"district", "focus_area", "darkness", "count", "n"}}
		for _, c := range res.Cells {
			rows = append(rows, []string{c.Key[0], c.Key[1], c.Key[2], strconv.FormatFloat(c.Count, 'f', -1, 64), strconv.Itoa(c.N)})
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="lagesbild-`+t.Slug+`.xlsx"`)
		if err := writeXLSX(w, "Lägesbild", rows); err != nil {
			s.log.Error("xlsx", "err", err)
		}
		return
	}
	ds, err := s.svc.Districts.FindDistricts(ctx, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type counts struct{ all, dark float64 }
	by := map[string]*counts{}
	for _, i := range si {
		c := by[i.District]
		if c == nil {
			c = &counts{}
			by[i.District] = c
		}
		c.all++
		switch {
		case i.Darkness == "dark":
			c.dark++
		case i.Darkness == "":
			c.dark += i.DarkFraction
		}
	}
	var top float64 // the highest rate, for the colour scale
	for _, d := range ds {
		if c := by[d.Key]; c != nil && d.Population > 0 {
			top = max(top, 1000*c.all/float64(d.Population))
		}
	}
	var fs []geoFeature
	for _, d := range ds {
		c := by[d.Key]
		if c == nil {
			c = &counts{}
		}
		props := map[string]any{"key": d.Key, "name": d.Name, "count": c.all, "dark": c.dark, "population": d.Population,
			"priority": d.Priority, "fill-opacity": 0.55, "stroke": "#1b3a5c"}
		label := fmt.Sprintf("%s: %.0f", d.Name, c.all)
		if d.Population > 0 {
			rate := 1000 * c.all / float64(d.Population)
			props["per_1000"] = rate
			props["fill"] = rateColour(rate, top)
			label += fmt.Sprintf(" (%.1f / 1 000)", rate)
		}
		props["label"] = label
		fs = append(fs, geoFeature{Type: "Feature", Geometry: d.Geometry, Properties: props})
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	writeFeatures(w, fs)
}

// rateColour shades a rate from light to dark blue against the highest.
func rateColour(rate, top float64) string {
	shades := []string{"#deebf7", "#9ecae1", "#4292c6", "#08519c"}
	if top <= 0 {
		return shades[0]
	}
	i := int(rate / top * float64(len(shades)))
	return shades[min(i, len(shades)-1)]
}
