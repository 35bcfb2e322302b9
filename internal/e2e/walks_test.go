package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/trygg-se/trygg/internal/sqlstore"
	"github.com/trygg-se/trygg/internal/web/webtest"
)

// TestSafetyWalkToFollowUp is the safety walk's promise: a coordinator
// goes from a walk's finding to a measure, and from there to the measure
// in the next follow-up, in the browser alone, and every page on the way
// passes axe.
func TestSafetyWalkToFollowUp(t *testing.T) {
	ctx := browser(t)
	env := webtest.New(t)
	// A phone photo with its GPS position in an Exif segment.
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00GPS 58.9861 N 16.2291 E")
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	pic := filepath.Join(t.TempDir(), "IMG_0042.jpg")
	if err := os.WriteFile(pic, append(append([]byte{0xFF, 0xD8}, append(seg, payload...)...), buf.Bytes()[2:]...), 0o644); err != nil {
		t.Fatal(err)
	}

	signIn(t, ctx, env, "samordnare@katrineholm.example", "/admin/katrineholm/trygghetsvandringar?lang=sv", "#w-date")
	axe(t, ctx, "/admin/katrineholm/trygghetsvandringar")
	err := chromedp.Do(ctx,
		chromedp.SetValue("#w-date", "2023-09-12"),
		chromedp.Click(`input[name=time][value=dark]`),
		chromedp.SetValue("#w-district", "navertorp"),
		chromedp.SendKeys("#w-n-residents", "12"),
		chromedp.SendKeys("#w-n-polis", "2"),
		chromedp.Click(`form[action$="/trygghetsvandringar"] button[type=submit]`),
		chromedp.WaitVisible("#f-problem"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The point is picked on the map; the place is also given in words.
	state, err := chromedp.Run(ctx, chromedp.Poll[string](
		`['ready', 'error'].includes(document.querySelector('#f-map').dataset.mapState) && document.querySelector('#f-map').dataset.mapState`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil || state != "ready" {
		t.Fatalf("map state %q, %v", state, err)
	}
	axe(t, ctx, "walk page")
	err = chromedp.Do(ctx,
		chromedp.SetValue("#f-problem", "lighting"),
		chromedp.SendKeys("#f-place", "Gångtunneln under Vasavägen"),
		chromedp.Click("#f-map"),
		chromedp.SendKeys("#f-fix", "Byt armaturerna i gångtunneln"),
		chromedp.SendKeys("#f-unit", "Gatuenheten"),
		chromedp.SetUploadFiles("#f-photo", []string{pic}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if point, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('f-lat').value + ',' + document.getElementById('f-lon').value`)); !strings.HasPrefix(point, "5") {
		t.Errorf("map click picked %q", point)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(`form[enctype="multipart/form-data"] button[type=submit]`),
		chromedp.WaitVisible("p.ok"),
		chromedp.WaitVisible("img.finding-photo"),
	)
	if err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "walk page with a finding")
	screenshot(t, ctx, "walk")
	// The correction forms of the walk and of the finding, opened, are as
	// accessible as the rest.
	if err := chromedp.Do(ctx, chromedp.Click("details.no-print > summary"), chromedp.WaitVisible("#e-date"),
		chromedp.Click("article.finding details > summary"), chromedp.WaitVisible(`article.finding select[id$="-problem"]`)); err != nil {
		t.Fatal(err)
	}
	axe(t, ctx, "walk page, correction forms open")
	screenshot(t, ctx, "walk_edit")

	// The finding's point moves with a click on its correction map (open,
	// as the finding has a point), away from where it was noted.
	editMap := `article.finding div[id^="ef"][id$="-map"]`
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(editMap), chromedp.WaitVisible(editMap)); err != nil {
		t.Fatal(err)
	}
	state, err = chromedp.Run(ctx, chromedp.Poll[string](
		`(s => ['ready', 'error'].includes(s) && s)(document.querySelector('`+editMap+`').dataset.mapState)`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil || state != "ready" {
		t.Fatalf("correction map state %q, %v", state, err)
	}
	point := `(f => f.querySelector('[name=lat]').value + ',' + f.querySelector('[name=lon]').value)(document.querySelector('` + editMap + `').closest('form'))`
	noted, _ := chromedp.Run(ctx, chromedp.Evaluate[string](point))
	corner, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(r => [r.x + r.width / 4, r.y + r.height / 4])(document.querySelector('`+editMap+`').getBoundingClientRect())`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(corner[0], corner[1])); err != nil {
		t.Fatal(err)
	}
	moved, _ := chromedp.Run(ctx, chromedp.Evaluate[string](point))
	screenshot(t, ctx, "walk_move")
	if moved == noted || !strings.HasPrefix(moved, "5") {
		t.Fatalf("the correction map moved the point from %q to %q", noted, moved)
	}
	axe(t, ctx, "walk page, a finding's correction map open")
	err = chromedp.Do(ctx, chromedp.Click(`article.finding form[action*="/fynd/"].stack button[type=submit]`), chromedp.WaitVisible("p.ok"))
	if err != nil {
		t.Fatal(err)
	}

	// One click to the measure, which names the walk as its problem.
	err = chromedp.Do(ctx, chromedp.Click(`form[action$="/atgard"] button`), chromedp.WaitVisible("#m-title"))
	if err != nil {
		t.Fatal(err)
	}
	if ref, _ := chromedp.Run(ctx, chromedp.Value("#m-ref")); ref != "Trygghetsvandring Nävertorp 2023-09-12: belysning" {
		t.Errorf("the measure's problem = %q", ref)
	}
	// Through the navigation to the follow-up of September–December 2023.
	err = chromedp.Do(ctx,
		chromedp.Click(`nav.admin a[href$="/uppfoljning"]`),
		chromedp.WaitVisible(`a[href$="/uppfoljning/2023-T3"]`),
		chromedp.Click(`a[href$="/uppfoljning/2023-T3"]`),
		chromedp.WaitVisible(`a[href$="/uppfoljning/2023-T3/rapport?lang=sv"]`),
		chromedp.Click(`a[href$="/uppfoljning/2023-T3/rapport?lang=sv"]`),
		chromedp.WaitReady("body"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := chromedp.Run(ctx, chromedp.Text("body")); !strings.Contains(text, "Byt armaturerna i gångtunneln") {
		t.Error("the follow-up lacks the measure from the walk")
	}

	// The protocol, in both languages, and what the server keeps.
	bg := context.Background()
	kat, err := sqlstore.NewTenantService(env.DB).FindTenantBySlug(bg, "katrineholm")
	if err != nil {
		t.Fatal(err)
	}
	ws := sqlstore.NewWalkService(env.DB)
	walks, err := ws.FindWalks(bg, kat.ID)
	// Newest first: this one (2023-09-12), then the demo's two of 2022.
	if err != nil || len(walks) != 3 || walks[0].Date.String() != "2023-09-12" {
		t.Fatalf("walks = %v, %v", walks, err)
	}
	w, err := ws.FindWalk(bg, kat.ID, walks[0].ID)
	if err != nil || len(w.Findings) != 1 || w.Findings[0].Lat == nil || w.Findings[0].MeasureID == nil {
		t.Fatalf("walk = %+v, %v", w, err)
	}
	if got := fmt.Sprintf("%.5f,%.5f", *w.Findings[0].Lat, *w.Findings[0].Lon); got != moved {
		t.Errorf("the finding's stored point is %s, the map's %s", got, moved)
	}
	photo, _, err := ws.FindPhoto(bg, kat.ID, w.ID, w.Findings[0].ID)
	if err != nil || bytes.Contains(photo, []byte("GPS")) {
		t.Errorf("stored photo: %v, GPS kept: %v", err, bytes.Contains(photo, []byte("GPS")))
	}
	for _, lang := range []string{"sv", "en"} {
		path := fmt.Sprintf("/admin/katrineholm/trygghetsvandringar/%d/protokoll?lang=%s", w.ID, lang)
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("h1")); err != nil {
			t.Fatal(err)
		}
		axe(t, ctx, path)
		screenshot(t, ctx, "walk_protocol_"+lang)
	}
	// Printed, the protocol is the document alone: no navigation or links
	// back into the back office.
	printMedia := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	if err := chromedp.Do(ctx, printMedia); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`['header.site', 'nav.admin', 'footer.site', '.no-print', 'h1', 'table']
		.map(s => getComputedStyle(document.querySelector(s)).display === 'none' ? 'hidden' : 'shown').join(',')`))
	if err != nil || shown != "hidden,hidden,hidden,hidden,shown,shown" {
		t.Errorf("printed: %q, %v", shown, err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("print to PDF: %v", err)
	}
	if dir := os.Getenv("TRYGG_E2E_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "walk_protocol.pdf"), pdf, 0o644)
	}
}
