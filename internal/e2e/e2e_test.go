// Package e2e drives the real server with Debian's headless Chromium: pages
// render, forms work through a browser, and axe-core finds no WCAG 2.1 A/AA
// violation on them.
package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web/webtest"
)

//go:embed testdata/axe-core-4.14.1/axe.min.js
var axeJS string

// browser starts headless Chromium. Without one the test is skipped, unless
// TRYGG_E2E_REQUIRED is set (CI sets it), so that a missing browser can
// never pass for a green run.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("TRYGG_E2E_REQUIRED") != "" {
			t.Fatal("no Chromium found and TRYGG_E2E_REQUIRED is set")
		}
		t.Skip("no Chromium on this machine; install Debian's chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// signIn opens path, signs in on the login form it leads to as the demo
// user with email, and waits until sel is visible on the page asked for.
func signIn(t *testing.T, ctx context.Context, env *webtest.Env, email, path, sel string) {
	t.Helper()
	var pw string
	for _, u := range env.Demo.Users {
		if u.Email == email {
			pw = u.Password
		}
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+path),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email),
		chromedp.SendKeys("#password", pw),
		chromedp.Click("form.stack button[type=submit]"),
		chromedp.WaitVisible(sel),
	)
	if err != nil {
		t.Fatal(err)
	}
}

type violation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axe runs axe-core's WCAG 2.0/2.1 A and AA rules on the current page.
func axe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatalf("%s: inject axe: %v", page, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", page, err)
	}
	var vs []violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("%s: WCAG violation %s (%s) at %v", page, v.ID, v.Help, v.Nodes)
	}
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("TRYGG_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644)
	}
	if err != nil {
		t.Log(err)
	}
}

func TestPublicPagesAreAccessible(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	for _, p := range []struct{ path, want string }{
		// The browser asks for English; ?lang= overrides it and sticks.
		{"/", "citizen promises"},
		{"/?lang=sv", "Kommunernas medborgarlöften"},
		{"/katrineholm/", "Prioriterade områden"},
		{"/katrineholm/?lang=en", "Priority districts"},
		{"/login?lang=sv", "Logga in"},
		{"/katrineholm/rapportera?lang=sv", "Tipsa om en otrygg plats"},
		{"/katrineholm/tillganglighet", "Tillgänglighetsredogörelse"},
		{"/katrineholm/tillganglighet?lang=en", "Accessibility statement"},
		{"/finns-inte/", "finns inte"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+p.path)); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text("main"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, p.want) {
			t.Errorf("%s: main lacks %q", p.path, p.want)
		}
		axe(t, ctx, p.path)
		screenshot(t, ctx, strings.NewReplacer("/", "_", "?", "_").Replace(p.path))
	}
}

// TestSignInAndBackOffice signs in through the form like a person, then
// checks the back-office pages with axe.
func TestSignInAndBackOffice(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	signIn(t, ctx, env, "admin@katrineholm.example", "/admin/katrineholm/", "nav.admin")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/admin/katrineholm/") {
		t.Fatalf("after sign-in at %s, want the page asked for", loc)
	}
	for _, path := range []string{"/admin/", "/admin/katrineholm/", "/admin/katrineholm/anvandare", "/admin/katrineholm/tokens",
		"/admin/katrineholm/installningar", "/admin/katrineholm/audit", "/konto", "/admin/katrineholm/anvandare?lang=en",
		"/admin/katrineholm/lagesbild", "/admin/katrineholm/lagesbild?lang=en", "/admin/katrineholm/handelser", "/admin/katrineholm/granskning", "/admin/katrineholm/rapport",
		"/admin/katrineholm/atgarder", "/admin/katrineholm/atgarder/ny", "/admin/katrineholm/patrullering", "/admin/katrineholm/trygghet",
		"/admin/katrineholm/trygghet?lang=en", "/admin/katrineholm/uppfoljning", "/admin/katrineholm/uppfoljning/2023-T1",
		"/admin/katrineholm/uppfoljning/2023-T1/rapport?lang=sv", "/admin/katrineholm/bedomningar", "/admin/katrineholm/dialoger"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path)); err != nil {
			t.Fatal(err)
		}
		axe(t, ctx, path)
		screenshot(t, ctx, strings.NewReplacer("/", "_", "?", "_").Replace(path))
	}
	// Create an API token through the form; it is shown once.
	err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/admin/katrineholm/tokens"),
		chromedp.SendKeys("#tname", "GIS-export"),
		chromedp.Click("form.stack button[type=submit]"),
		chromedp.WaitVisible("code.secret"),
	)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := chromedp.Run(ctx, chromedp.Text("code.secret"))
	if !strings.HasPrefix(tok, "tr_") {
		t.Errorf("token shown = %q", tok)
	}
	// Sign out with the header button.
	err = chromedp.Do(ctx, chromedp.Click("form[action='/logout'] button"), chromedp.WaitVisible("a[href='/login']"))
	if err != nil {
		t.Fatal(err)
	}
}

// TestReporterOnAPhone files an EST report the way a reporter in the field
// would: a narrow screen, the form, no map.
func TestReporterOnAPhone(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	var pw string
	for _, u := range env.Demo.Users {
		if u.Email == "rapportor@katrineholm.example" {
			pw = u.Password
		}
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(env.URL+"/admin/katrineholm/rapport?lang=sv"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "rapportor@katrineholm.example"),
		chromedp.SendKeys("#password", pw),
		chromedp.Click("form.stack button[type=submit]"),
		chromedp.WaitVisible("#category"),
	)
	if err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "/admin/katrineholm/rapport (390 px)")
	screenshot(t, ctx, "report_phone")
	err = chromedp.Do(ctx,
		chromedp.SetValue("#category", "poor_lighting"),
		chromedp.SetValue("#district", "norr"),
		// Yesterday: 21:15 today is in the future until the evening.
		chromedp.SetValue("#date", time.Now().AddDate(0, 0, -1).Format(time.DateOnly)),
		chromedp.SetValue("#time", "21:15"),
		chromedp.SendKeys("#text", "Lampan vid gångbron är trasig."),
		chromedp.Click("form.stack button[type=submit]"),
		chromedp.WaitVisible("p.ok"),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	if !strings.Contains(text, "väntar på granskning") || !strings.Contains(text, "Dålig belysning") {
		t.Errorf("after sending: %s", text)
	}
	screenshot(t, ctx, "report_phone_sent")
}

// TestDistrictAndOpenDataPages checks the pages a resident reaches from the
// promise page, in both languages, and that the district map draws from
// the server's GeoJSON without any tile server.
func TestDistrictAndOpenDataPages(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	for _, p := range []struct{ path, want string }{
		{"/katrineholm/omraden/navertorp?lang=sv", "Åtgärder i Nävertorp"},
		{"/katrineholm/omraden/navertorp?lang=en", "Measures in Nävertorp"},
		{"/katrineholm/oppna-data?lang=sv", "Öppna data"},
		{"/katrineholm/oppna-data?lang=en", "Open data"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+p.path)); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text("main"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, p.want) {
			t.Errorf("%s: main lacks %q", p.path, p.want)
		}
		if strings.Contains(p.path, "omraden") {
			state, err := chromedp.Run(ctx, chromedp.Poll[string](
				`(document.querySelector('[data-map]').dataset.mapState === 'ready' || document.querySelector('[data-map]').dataset.mapState === 'error') && document.querySelector('[data-map]').dataset.mapState`,
				chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil || state != "ready" {
				t.Errorf("%s: map state %q, %v", p.path, state, err)
			}
		}
		axe(t, ctx, p.path)
		screenshot(t, ctx, strings.NewReplacer("/", "_", "?", "_").Replace(p.path))
	}
}

// TestCitizenReportByKeyboard files a report with the keyboard alone — Tab,
// arrow keys, typing and Enter, no mouse and no map — then, once a
// coordinator has accepted it, finds it on the district's public page.
func TestCitizenReportByKeyboard(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/katrineholm/rapportera?lang=sv"), chromedp.WaitReady("#c-category")); err != nil {
		t.Fatal(err)
	}
	// tabTo presses Tab until the element with id has the focus.
	tabTo := func(id string) {
		t.Helper()
		for range 40 {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ''`))
			if err != nil {
				t.Fatal(err)
			}
			if got == id {
				return
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
		}
		t.Fatalf("Tab never reached #%s", id)
	}
	type_ := func(keys string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
			t.Fatal(err)
		}
	}
	tabTo("c-category")
	type_(kb.ArrowDown) // "Dålig belysning", the first category
	tabTo("c-district")
	for range 4 {
		type_(kb.ArrowDown) // Centrum, Landsbygd, Norr, Nävertorp
	}
	tabTo("c-place")
	type_("gångtunneln under järnvägen")
	tabTo("c-text")
	type_("Helt mörkt på kvällarna.")
	tabTo("c-email")
	type_(kb.Enter) // Enter in a field sends the form
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`div.ok[role=status]`)); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	if !strings.Contains(text, "rapportstatus?t=") {
		t.Fatalf("after sending: %s", text)
	}
	axe(t, ctx, "/katrineholm/rapportera (sent)")

	// A coordinator accepts it; it shows on the district page by day.
	bg := context.Background()
	kat, err := sqlstore.NewTenantService(env.DB).FindTenantBySlug(bg, "katrineholm")
	if err != nil {
		t.Fatal(err)
	}
	incidents := sqlstore.NewIncidentService(env.DB)
	incs, _, err := incidents.FindIncidents(bg, kat.ID, app.IncidentFilter{Source: app.SourceCitizen})
	if err != nil || len(incs) != 1 || incs[0].DistrictKey != "navertorp" || incs[0].Category != "poor_lighting" {
		t.Fatalf("stored %v, %v", incs, err)
	}
	if err := incidents.ReviewIncident(bg, kat.ID, incs[0].ID, app.Review{State: app.ReviewAccepted}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/katrineholm/omraden/navertorp?lang=sv")); err != nil {
		t.Fatal(err)
	}
	text, _ = chromedp.Run(ctx, chromedp.Text("#d-reports + table"))
	day := incs[0].OccurredFrom.Format("2006-01") // the form's date, this month
	if !strings.Contains(text, "Dålig belysning") || !strings.Contains(text, day) || strings.Contains(text, "Helt mörkt") {
		t.Errorf("district page reports: %q", text)
	}
}

// TestCitizenPicksAPoint clicks the form's map: the point fills the hidden
// fields, a button to remove it appears, and removing it empties them.
func TestCitizenPicksAPoint(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/katrineholm/rapportera?lang=sv")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#c-map').dataset.mapState === 'ready'`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatal(err)
	}
	hidden := func() bool {
		h, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-map-clear]').hidden`))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if !hidden() {
		t.Error("the remove button shows before any point is picked")
	}
	if err := chromedp.Do(ctx, chromedp.Click("#c-map")); err != nil {
		t.Fatal(err)
	}
	point, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('c-lat').value + ',' + document.getElementById('c-lon').value`))
	if err != nil || !strings.HasPrefix(point, "59.") || hidden() {
		t.Fatalf("after a click: point %q, remove button hidden %v (%v)", point, hidden(), err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("[data-map-clear]")); err != nil {
		t.Fatal(err)
	}
	point, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('c-lat').value + document.getElementById('c-lon').value`))
	if point != "" || !hidden() {
		t.Errorf("after removing: %q, hidden %v", point, hidden())
	}
}

// TestPublicPagesOnAPhone checks the public pages at a phone's width:
// no WCAG violation and nothing wider than the screen.
func TestPublicPagesOnAPhone(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/katrineholm/?lang=sv", "/katrineholm/rapportera", "/katrineholm/omraden/navertorp", "/katrineholm/oppna-data"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path)); err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if wide {
			t.Errorf("%s scrolls sideways at 390 px", path)
		}
		axe(t, ctx, path+" (390 px)")
		screenshot(t, ctx, "phone"+strings.NewReplacer("/", "_", "?", "_").Replace(path))
	}
}
