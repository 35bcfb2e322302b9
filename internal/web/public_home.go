package web

import (
	"net/http"

	"github.com/trygg-se/trygg/internal/app"
)

type homePage struct {
	Layout  Layout
	Tenants []tenantSummary
}

type tenantSummary struct {
	Tenant   *app.Tenant
	Promises []*app.Promise
}

func (s *Server) showHome(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	ts, err := s.svc.Tenants.FindTenants(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := homePage{Layout: s.layout(r, lang)}
	for _, t := range ts {
		ps, err := s.svc.Promises.FindPromises(r.Context(), t.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.Tenants = append(p.Tenants, tenantSummary{Tenant: t, Promises: ps})
	}
	s.render(w, r, http.StatusOK, "home", lang, p)
}
