package sqlstore_test

import (
	"context"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/demo"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

func mustDemo(t *testing.T) *app.Demo {
	t.Helper()
	d, err := demo.Katrineholm()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoadDemo(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		loaded, err := db.LoadDemo(ctx, mustDemo(t), plainHash)
		if err != nil || !loaded {
			t.Fatalf("LoadDemo = %v, %v; want true, nil", loaded, err)
		}
		// A second load on a non-empty database does nothing.
		if loaded, err := db.LoadDemo(ctx, mustDemo(t), plainHash); err != nil || loaded {
			t.Fatalf("second LoadDemo = %v, %v; want false, nil", loaded, err)
		}
		tenants, err := sqlstore.NewTenantService(db).FindTenants(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(tenants), 1; got != want {
			t.Fatalf("tenants = %d, want %d", got, want)
		}
		k := tenants[0]
		if k.Slug != "katrineholm" || k.KommunCode != "0483" || k.Population != 34238 {
			t.Errorf("tenant = %+v", k)
		}
		ps, err := sqlstore.NewPromiseService(db).FindPromises(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 {
			t.Fatalf("promises = %d, want 1", len(ps))
		}
		p := ps[0]
		if got, want := p.ValidFrom.String()+" "+p.ValidTo.String(), "2022-01-01 2023-12-31"; got != want {
			t.Errorf("validity = %s, want %s", got, want)
		}
		if got, want := len(p.FocusAreas), 3; got != want {
			t.Errorf("focus areas = %d, want %d", got, want)
		} else if p.FocusAreas[0].Key != "violence" {
			t.Errorf("first focus area = %q, want violence (order kept)", p.FocusAreas[0].Key)
		}
		if got, want := len(p.Commitments), 1; got != want {
			t.Fatalf("commitments = %d, want %d", got, want)
		}
		if got, want := len(p.Commitments[0].Examples), 4; got != want {
			t.Errorf("examples = %d, want %d", got, want)
		}
		if got, want := len(p.PriorityDistricts), 3; got != want {
			t.Errorf("priority districts = %v", p.PriorityDistricts)
		}
		if p.Parties[1] != app.PartyPolis || p.Signatories[0].Party != app.PartyKommun {
			t.Errorf("parties %v signatories %v", p.Parties, p.Signatories)
		}
		ds, err := sqlstore.NewDistrictService(db).FindDistricts(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, d := range ds {
			sum += d.Population
		}
		if len(ds) != 7 || sum != 34238 {
			t.Errorf("districts = %d with population %d, want 7 with 34238", len(ds), sum)
		}
	})
}

func TestCreateTenant(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s := sqlstore.NewTenantService(db)
		if err := s.CreateTenant(ctx, &app.Tenant{Slug: "flen", Name: "Flens kommun", KommunCode: "0482"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			t    app.Tenant
			code string
		}{
			{"duplicate slug", app.Tenant{Slug: "flen", Name: "X", KommunCode: "0480"}, app.ECONFLICT},
			{"duplicate code", app.Tenant{Slug: "x", Name: "X", KommunCode: "0482"}, app.ECONFLICT},
			{"bad slug", app.Tenant{Slug: "Flen!", Name: "X", KommunCode: "0481"}, app.EINVALID},
			{"bad code", app.Tenant{Slug: "y", Name: "X", KommunCode: "48"}, app.EINVALID},
			{"no name", app.Tenant{Slug: "z", KommunCode: "0481"}, app.EINVALID},
		}
		for _, tt := range tests {
			if got := app.ErrorCode(s.CreateTenant(ctx, &tt.t)); got != tt.code {
				t.Errorf("%s: code %q, want %q", tt.name, got, tt.code)
			}
		}
		if _, err := s.FindTenantBySlug(ctx, "nope"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("FindTenantBySlug(nope) = %v, want not found", err)
		}
		got, err := s.FindTenantBySlug(ctx, "flen")
		if err != nil || got.Name != "Flens kommun" {
			t.Errorf("FindTenantBySlug(flen) = %+v, %v", got, err)
		}
	})
}

func plainHash(pw string) (string, error) { return "plain:" + pw, nil }
