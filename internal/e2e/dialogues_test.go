package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trygg-se/trygg/internal/web/webtest"
)

// TestDialoguePin records a dialogue whose only named place is a pin on
// the map, in the browser: the map opens inside its disclosure, a click
// fills the point, and the dialogue's page shows it in the district it
// lies in. The form with its map open passes axe.
func TestDialoguePin(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	signIn(t, ctx, env, "samordnare@katrineholm.example", "/admin/katrineholm/dialoger?lang=sv", "#g-date")
	err := chromedp.Do(ctx,
		chromedp.SetValue("#g-date", "2023-03-02"),
		chromedp.SendKeys("#g-place", "Biblioteket"),
		chromedp.SendKeys("#g-group-1", "boende"),
		chromedp.SendKeys("#g-count-1", "15"),
		chromedp.SendKeys("#g-pdesc-1", "Vid lekplatsen"),
		chromedp.Click(`details:has(#g-pmap-1) > summary`), // the map is in a closed disclosure
		chromedp.WaitVisible("#g-pmap-1"),
	)
	if err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Poll[string](
		`['ready', 'error'].includes(document.querySelector('#g-pmap-1').dataset.mapState) && document.querySelector('#g-pmap-1').dataset.mapState`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil || state != "ready" {
		t.Fatalf("map state %q, %v", state, err)
	}
	axe(t, ctx, "/admin/katrineholm/dialoger, a place's map open")
	if err := chromedp.Do(ctx, chromedp.Click("#g-pmap-1")); err != nil {
		t.Fatal(err)
	}
	point, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('g-plat-1').value + ', ' + document.getElementById('g-plon-1').value`))
	if !strings.HasPrefix(point, "5") {
		t.Fatalf("map click picked %q", point)
	}
	screenshot(t, ctx, "dialogue_pin")
	err = chromedp.Do(ctx, chromedp.Click(`form[action$="/dialoger"] button[type=submit]`), chromedp.WaitVisible("p.ok"))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	if !strings.Contains(text, point) {
		t.Errorf("the dialogue page lacks the point %s: %.500s", point, text)
	}
	axe(t, ctx, "dialogue page with a pin")
}
