package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

func TestGen(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "gen.db")
	code, out, errOut := runIn(t, "", "gen", "--tenants", "3", "--incidents", "3000", "--years", "2", "--db", db)
	if code != 0 || !strings.Contains(out, "3 synthetic tenants, 3000 incidents") {
		t.Fatalf("gen = %d %s%s", code, out, errOut)
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ts, _ := sqlstore.NewTenantService(store).FindTenants(ctx)
	if len(ts) != 3 {
		t.Fatalf("%d tenants", len(ts))
	}
	total := 0
	for _, tn := range ts {
		if !strings.Contains(tn.Name, "syntetisk") {
			t.Errorf("tenant %q is not labelled synthetic", tn.Name)
		}
		incs, n, err := sqlstore.NewIncidentService(store).FindIncidents(ctx, tn.ID, app.IncidentFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		total += n
		for _, i := range incs {
			if !i.Synthetic || i.DistrictKey == "" || i.Darkness == "" {
				t.Errorf("incident %+v: not synthetic, placed and dated", i)
			}
		}
	}
	if total != 3000 {
		t.Errorf("%d incidents, want 3000", total)
	}
	// A second run would mix sets: refused.
	if code, _, _ := runIn(t, "", "gen", "--tenants", "3", "--incidents", "30", "--db", db); code != 1 {
		t.Errorf("second gen = %d", code)
	}
	for _, n := range []string{"0", "291"} {
		if code, _, _ := runIn(t, "", "gen", "--tenants", n, "--db", db); code == 0 {
			t.Errorf("--tenants %s accepted", n)
		}
	}
}
