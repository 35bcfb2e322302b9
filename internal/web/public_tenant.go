package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
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
	Reports        []publicReportRow
	ReportNames    map[string]string
}

// publicReportRow counts reviewed citizen reports of one category in one
// district. Counts below suppressBelow are shown as "<5": a single report
// on a small street can point at a person.
type publicReportRow struct {
	District, Category string
	Count              string
}

// suppressBelow is the public small-number threshold (DESIGN.md §5).
const suppressBelow = 5

func suppressed(n int) string {
	if n < suppressBelow {
		return fmt.Sprintf("<%d", suppressBelow)
	}
	return strconv.Itoa(n)
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
	// Only reviewed and accepted citizen reports, and only as counts.
	reports, _, err := s.svc.Incidents.FindIncidents(ctx, t.ID, app.IncidentFilter{Source: app.SourceCitizen,
		ReviewState: app.ReviewAccepted, Limit: 100000})
	if err != nil {
		s.error(w, r, err)
		return
	}
	counts := map[[2]string]int{}
	for _, i := range reports {
		name := p.DistrictNames[i.DistrictKey]
		if name == "" {
			name = s.catalog.translator(lang)("incidents.kommunwide")
		}
		counts[[2]string{name, i.Category}]++
	}
	p.ReportNames = categoryNames(lang)
	for k, n := range counts {
		p.Reports = append(p.Reports, publicReportRow{District: k[0], Category: k[1], Count: suppressed(n)})
	}
	slices.SortFunc(p.Reports, func(a, b publicReportRow) int {
		return strings.Compare(a.District+"\x00"+a.Category, b.District+"\x00"+b.Category)
	})
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
