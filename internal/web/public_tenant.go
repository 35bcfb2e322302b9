package web

import (
	"net/http"
	"slices"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/disclosure"
)

type tenantPage struct {
	Layout         Layout
	Tenant         *app.Tenant
	Promises       []*app.Promise
	Districts      []*app.District
	DistrictNames  map[string]string
	AnyApproximate bool
	Measures       []*app.Measure
	AnySynthetic   bool
	// Figures are the last twelve months per district key ("" for the
	// whole kommun).
	Figures   map[string]publicDistrictRow
	Threshold int
	Period    period
	// FollowUps are the adopted follow-ups, newest first.
	FollowUps []*app.FollowUp
	// Recent are the measures changed last, newest first.
	Recent []*app.Measure
}

// publicDistrictRow is a district's public figures: accepted incidents and
// those in darkness.
type publicDistrictRow struct {
	All, Dark disclosure.Value
}

func (s *Server) showTenant(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	ctx := r.Context()
	t, err := s.svc.Tenants.FindTenantBySlug(ctx, r.PathValue("tenant"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := tenantPage{Layout: s.layout(r, lang), Tenant: t, DistrictNames: map[string]string{}}
	if p.Promises, err = s.svc.Promises.FindPromises(ctx, t.ID); err != nil {
		s.error(w, r, err)
		return
	}
	if p.Districts, err = s.svc.Districts.FindDistricts(ctx, t.ID); err != nil {
		s.error(w, r, err)
		return
	}
	for _, d := range p.Districts {
		p.DistrictNames[d.Key] = d.Name
		p.AnyApproximate = p.AnyApproximate || d.Approximate
	}
	if p.Measures, err = s.svc.Measures.FindMeasures(ctx, t.ID); err != nil {
		s.error(w, r, err)
		return
	}
	for _, m := range p.Measures {
		p.AnySynthetic = p.AnySynthetic || m.Synthetic
	}
	p.Recent = slices.SortedFunc(slices.Values(p.Measures), func(a, b *app.Measure) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	p.Recent = p.Recent[:min(len(p.Recent), 5)]
	// Figures per district come from the public base table, like every
	// public figure, so that none can be subtracted from another.
	cells, err := s.publicTable(ctx, t)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if p.Period, err = s.publicPeriod(ctx, t, cells); err != nil {
		s.error(w, r, err)
		return
	}
	recent := p.Period.Has
	byDistrict := func(c publicCell) string { return c.District }
	p.Figures = map[string]publicDistrictRow{}
	for _, f := range sumBy(cells, recent, byDistrict) {
		row := p.Figures[f.Key]
		row.All = f.Value
		p.Figures[f.Key] = row
	}
	for _, f := range sumBy(cells, func(c publicCell) bool { return recent(c) && c.Darkness == "dark" }, byDistrict) {
		row := p.Figures[f.Key]
		row.Dark = f.Value
		p.Figures[f.Key] = row
	}
	p.Threshold = disclosure.DefaultThreshold
	fus, err := s.svc.FollowUps.FindFollowUps(ctx, t.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, f := range fus {
		if f.Status == app.FollowUpAdopted {
			p.FollowUps = append(p.FollowUps, f)
		}
	}
	s.render(w, r, http.StatusOK, "tenant", lang, p)
}

type accessibilityPage struct {
	Layout Layout
	Tenant *app.Tenant
}

// showAccessibility is the tenant's accessibility statement
// (tillgänglighetsredogörelse), which Swedish law asks of public services.
func (s *Server) showAccessibility(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "accessibility", lang, accessibilityPage{Layout: s.layout(r, lang), Tenant: t})
}
