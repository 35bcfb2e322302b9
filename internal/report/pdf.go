package report

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by [PDF] when no Chromium can be run. The web
// layer then offers the HTML report, whose print stylesheet is the same,
// and says the PDF is unavailable.
var ErrNoChromium = errors.New("report: no Chromium to print the PDF with (install Debian's chromium)")

// DefaultPDFTimeout bounds a PDF when ctx has no deadline of its own.
const DefaultPDFTimeout = 2 * time.Minute

// The header and footer that Chromium prints in the page margins: the
// document's title (which names the period, the kommun and a draft) and
// "page / pages", which reads the same in Swedish and English.
const (
	pdfHeader = `<div style="font-size:8pt;width:100%;margin:0 17mm;color:#4a4a4a;font-family:sans-serif"><span class="title"></span></div>`
	pdfFooter = `<div style="font-size:8pt;width:100%;margin:0 17mm;color:#4a4a4a;font-family:sans-serif;text-align:right"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`
)

// PDF prints a self-contained HTML document (from [Standalone]) to an A4
// PDF with headless Chromium: tagged (structure for screen readers) and
// with an outline from the headings, backgrounds printed, and the page
// size and margins of the CSS. chromiumPath is the browser's executable;
// empty means the first of chromium, chromium-browser and google-chrome on
// PATH. A missing browser gives an error that wraps [ErrNoChromium].
//
// Each call starts and ends its own browser (about a second); callers should
// run one at a time. The page gets no JavaScript and no network: the
// document must carry everything it shows.
func PDF(ctx context.Context, html []byte, chromiumPath string) ([]byte, error) {
	path, err := findChromium(chromiumPath)
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultPDFTimeout)
		defer cancel()
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		// The sandbox needs user namespaces, which containers and root
		// lack; the page is our own escaped HTML with scripts off and no
		// network, which is what the sandbox would guard against.
		chromedp.NoSandbox,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("disable-gpu", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	load := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			return fmt.Errorf("disable scripts: %w", err)
		}
		tree, err := cdp.Call(ctx, t, cdppage.GetFrameTree, cdp.Empty{})
		if err != nil {
			return fmt.Errorf("frame tree: %w", err)
		}
		if _, err := cdp.Call(ctx, t, cdppage.SetDocumentContent, cdppage.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
			return fmt.Errorf("set document: %w", err)
		}
		return nil
	})
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank"), load); err != nil {
		return nil, fmt.Errorf("report: pdf: load the document in %s: %w", path, err)
	}
	buf, err := chromedp.Run(bctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFHeaderTemplate(pdfHeader),
		chromedp.PDFFooterTemplate(pdfFooter),
	))
	if err != nil {
		return nil, fmt.Errorf("report: pdf: print: %w", err)
	}
	return buf, nil
}

// findChromium resolves the browser's path, or says why there is none.
func findChromium(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrNoChromium, path, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}
