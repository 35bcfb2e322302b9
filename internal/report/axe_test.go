package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/trygg-se/trygg/internal/report"
)

// axeGlob finds the axe-core copy that the browser tests vendor; the report
// is published to citizens, so it is held to the same WCAG 2.1 A/AA rules.
var axeGlob = filepath.Join("..", "e2e", "testdata", "axe-core-*", "axe.min.js")

// TestAccessible runs axe-core on the standalone report in Chromium, on a
// desktop and on a phone, in Swedish and English.
func TestAccessible(t *testing.T) {
	needChromium(t)
	paths, _ := filepath.Glob(axeGlob)
	if len(paths) == 0 {
		t.Fatalf("no axe-core at %s", axeGlob)
	}
	axe, err := os.ReadFile(paths[len(paths)-1])
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox)
	actx, cancel := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	for _, lang := range []string{"sv", "en"} {
		var doc bytes.Buffer
		if err := report.Standalone(&doc, katrineholm(lang)); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{1280, 390} {
			load := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				tree, err := cdp.Call(ctx, tg, cdppage.GetFrameTree, cdp.Empty{})
				if err != nil {
					return err
				}
				_, err = cdp.Call(ctx, tg, cdppage.SetDocumentContent, cdppage.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: doc.String()})
				return err
			})
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate("about:blank"), load); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
				t.Fatalf("inject axe: %v", err)
			}
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
				`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify(r.violations))`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("axe: %v", err)
			}
			var vs []struct {
				ID, Help string
				Nodes    []struct{ Target []any }
			}
			if err := json.Unmarshal([]byte(out), &vs); err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s, %d px: WCAG violation %s (%s) at %v", lang, width, v.ID, v.Help, v.Nodes)
			}
			// Nothing may be wider than the screen, except inside the
			// tables that scroll on their own.
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if wide {
				culprits, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`))
				t.Errorf("%s, %d px: the page scrolls sideways: %s", lang, width, culprits)
			}
			if dir := os.Getenv("TRYGG_REPORT_OUT"); dir != "" {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, "screen-"+lang+"-"+strconv.FormatInt(width, 10)+".png"), png, 0o644)
				}
				if err != nil {
					t.Log(err)
				}
			}
		}
	}
}
