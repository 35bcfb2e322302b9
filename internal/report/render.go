package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"time"
)

//go:embed report.html report.css
var files embed.FS

// tmpl is parsed once; executing a parsed template is safe from many
// goroutines, and nothing per request is bound to it (the language travels
// in the page).
var tmpl = template.Must(template.ParseFS(files, "report.html"))

var css = func() []byte {
	b, err := files.ReadFile("report.css")
	if err != nil {
		panic(err)
	}
	return b
}()

// CSS is the report's stylesheet (screen and print). Serve it as a file at
// the URL given to [HTML], e.g. under a checksum path with a long cache
// lifetime. The slice is a copy.
func CSS() []byte { return bytes.Clone(css) }

// CSSHash is the CSP source expression ('sha256-…') of the stylesheet that
// [Standalone] inlines, for serving that document under a CSP with
// style-src 'self' 'sha256-…' rather than 'unsafe-inline'.
func CSSHash() string {
	sum := sha256.Sum256(css)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// HTML writes r as a complete HTML document that links its stylesheet at
// stylesheetURL, where the caller serves [CSS]: the page then needs no
// inline style and passes a CSP of style-src 'self'. Nothing is written
// when r is invalid.
func HTML(w io.Writer, r *Report, stylesheetURL string) error {
	if stylesheetURL == "" {
		return errors.New("report: HTML needs the stylesheet's URL; Standalone inlines it")
	}
	return render(w, r, stylesheetURL, "")
}

// Standalone writes r as a self-contained HTML document with the stylesheet
// inlined: the input of [PDF], and the form to archive with an adopted
// report. Under the site's CSP it renders unstyled unless the CSP lists
// [CSSHash]; serve it as a download otherwise.
func Standalone(w io.Writer, r *Report) error {
	return render(w, r, "", template.CSS(css))
}

// stockholm is where times are shown; the binary embeds the zone database
// (time/tzdata). Loaded once: a *time.Location is immutable.
var stockholm, stockholmErr = time.LoadLocation("Europe/Stockholm")

func render(w io.Writer, r *Report, href string, style template.CSS) error {
	if r == nil {
		return errors.New("report: no report")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if stockholmErr != nil {
		return fmt.Errorf("report: time zone (import time/tzdata in main): %w", stockholmErr)
	}
	p := build(r, stockholm)
	p.StylesheetURL, p.CSS = href, style
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "report", p); err != nil {
		return fmt.Errorf("report: render: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
