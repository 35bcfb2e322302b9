package web

import (
	"net/http"
	"slices"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/disclosure"
)

type districtPage struct {
	Layout     Layout
	Tenant     *app.Tenant
	District   *app.District
	Measures   []*app.Measure
	Figures    []districtFigure // per focus area, last 12 months
	Total      districtFigure
	Reports    []publicReport
	Categories map[string]string
	Threshold  int
	Period     period
}

// districtFigure is one row of a district's figures: all accepted
// incidents and those after dark.
type districtFigure struct {
	FocusArea string
	All, Dark disclosure.Value
}

// findDistrict returns the tenant's district with the path's key.
func (s *Server) findDistrict(r *http.Request, t *app.Tenant) (*app.District, []*app.District, error) {
	ds, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(ds, func(d *app.District) bool { return d.Key == r.PathValue("district") })
	if i < 0 {
		return nil, nil, app.Errorf(app.ENOTFOUND, "Okänt område / Unknown district.")
	}
	return ds[i], ds, nil
}

// showDistrict is one district's public page: its measures, its figures
// for the last twelve months, and reviewed citizen reports, coarsened.
func (s *Server) showDistrict(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	ctx := r.Context()
	t, err := s.svc.Tenants.FindTenantBySlug(ctx, r.PathValue("tenant"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	d, _, err := s.findDistrict(r, t)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := districtPage{Layout: s.layout(r, lang), Tenant: t, District: d, Categories: categoryNames(lang),
		Threshold: disclosure.DefaultThreshold}
	ms, err := s.svc.Measures.FindMeasures(ctx, t.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, m := range ms {
		if m.DistrictKey == d.Key {
			p.Measures = append(p.Measures, m)
		}
	}
	cells, err := s.publicTable(ctx, t)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if p.Period, err = s.publicPeriod(ctx, t, cells); err != nil {
		s.error(w, r, err)
		return
	}
	inDistrict := func(c publicCell) bool { return c.District == d.Key && p.Period.Has(c) }
	all := sumBy(cells, inDistrict, func(c publicCell) string { return c.FocusArea })
	dark := sumBy(cells, func(c publicCell) bool { return inDistrict(c) && c.Darkness == "dark" }, func(c publicCell) string { return c.FocusArea })
	darkBy := map[string]disclosure.Value{}
	for _, f := range dark {
		darkBy[f.Key] = f.Value
	}
	var allVs, darkVs []disclosure.Value
	for _, f := range all {
		p.Figures = append(p.Figures, districtFigure{FocusArea: f.Key, All: f.Value, Dark: darkBy[f.Key]})
		allVs, darkVs = append(allVs, f.Value), append(darkVs, darkBy[f.Key])
	}
	p.Total = districtFigure{All: disclosure.Sum(allVs...), Dark: disclosure.Sum(darkVs...)}
	reports, err := s.publicIncidents(ctx, t, app.IncidentFilter{Source: app.SourceCitizen, District: d.Key, Limit: 50})
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, i := range reports[:min(len(reports), 50)] {
		p.Reports = append(p.Reports, coarsen(i))
	}
	s.render(w, r, http.StatusOK, "district", lang, p)
}
