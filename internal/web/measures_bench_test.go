package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web/webtest"
)

// BenchmarkMeasuresPage renders /admin/{tenant}/atgarder with 1,000
// measures (a tenth of them parts of others) for a signed-in coordinator.
func BenchmarkMeasuresPage(b *testing.B) {
	env := webtest.New(b)
	ctx := context.Background()
	kat, _ := sqlstore.NewTenantService(env.DB).FindTenantBySlug(ctx, "katrineholm")
	ms := sqlstore.NewMeasureService(env.DB)
	var parent *int64
	for i := range 1000 {
		m := &app.Measure{TenantID: kat.ID, Type: "lighting", Horizon: app.HorizonShort, OwnerParty: app.PartyKommun,
			Title: fmt.Sprintf("Belysning %d", i), Status: app.MeasureStarted, Progress: i % 101, ProblemFocusArea: "violence"}
		if i%10 == 1 {
			m.ParentID = parent
		}
		if err := ms.CreateMeasure(ctx, m); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			parent = &m.ID
		}
	}
	users := sqlstore.NewUserService(env.DB)
	h, _ := webtest.Hash("a long enough password")
	u := &app.User{Email: "bench@example.se", Name: "Bench", PasswordHash: h}
	if err := users.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	if err := users.GrantRole(ctx, u.ID, kat.ID, app.RoleCoordinator); err != nil {
		b.Fatal(err)
	}
	tok := auth.NewToken()
	if _, err := users.CreateSession(ctx, u.ID, auth.HashToken(tok), 12*3600e9); err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest("GET", env.URL+"/admin/katrineholm/atgarder", nil)
	req.AddCookie(&http.Cookie{Name: "trygg_session", Value: tok})
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%v %v", resp, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
