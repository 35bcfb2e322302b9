package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/report"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages lists every page template; each is parsed with the layout. A
// template file not listed here fails the start (see parseTemplates).
var pages = []string{"home", "tenant", "error", "login", "account", "reset", "report", "review", "incidents", "lagesbild", "measures", "measure_edit", "citizen_report", "citizen_status", "accessibility",
	"district", "opendata", "patrols", "dialogues", "dialogue", "surveys", "followups", "followup", "measures_bulk", "assessments", "walks", "walk", "walk_protocol",
	"admin_home", "admin_tenant", "admin_users", "admin_tokens", "admin_settings", "admin_audit"}

// Layout is what every page's layout needs.
type Layout struct {
	Lang      string
	CSS       string // checksummed stylesheet URL
	Static    string // checksummed prefix of static files, ending in "/"
	SwitchURL string // this page in the other language
	User      *app.User
	Tenant    *app.Tenant // the back-office tenant, if any
	Nav       []navItem
}

// placeholderFuncs are replaced per request (see render); they exist at
// parse time so that templates referring to them parse.
var placeholderFuncs = template.FuncMap{
	"t":         func(string, ...any) string { return "" },
	"label":     func(string, string) string { return "" },
	"number":    func(int) string { return "" },
	"localtime": localTime,
	"localdate": func(t time.Time) string { return t.In(stockholm).Format(time.DateOnly) },
	"list":      func(v ...any) []any { return v },
	"div": func(a float64, b int) float64 {
		if b == 0 {
			return 0
		}
		return a / float64(b)
	},
	"percent": func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + " %" },
}

// localTime shows an instant in Swedish time, the zone of every page.
func localTime(t any) string {
	switch v := t.(type) {
	case time.Time:
		return v.In(stockholm).Format("2006-01-02 15:04")
	case *time.Time:
		if v != nil {
			return v.In(stockholm).Format("2006-01-02 15:04")
		}
	}
	return ""
}

func parseTemplates() (map[string]*template.Template, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// forms.html holds form parts that more than one page uses.
	known := map[string]bool{"templates/layout.html": true, "templates/forms.html": true}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := "templates/" + p + ".html"
		known[name] = true
		t, err := template.New(p).Funcs(placeholderFuncs).ParseFS(templateFS, "templates/layout.html", "templates/forms.html", name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		out[p] = t
	}
	for _, f := range files {
		if !known[f] {
			return nil, fmt.Errorf("template %s is not registered in pages", f)
		}
	}
	return out, nil
}

// staticAssets serves embedded files under /static/{sum}/, where sum is a
// checksum of all assets: URLs change when any file does, so responses can
// be cached for a year.
type staticAssets struct {
	sum string
	fs  fs.FS
	gz  map[string][]byte // gzip of the text files, made once at start
}

func newStaticAssets() (*staticAssets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	gz := map[string][]byte{}
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		h.Write([]byte(path))
		h.Write(b)
		if ext := filepath.Ext(path); ext == ".css" || ext == ".js" || ext == ".svg" {
			gz[path] = gzipped(b)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// The follow-up report's stylesheet lives with its renderer.
	h.Write(report.CSS())
	gz["report.css"] = gzipped(report.CSS())
	return &staticAssets{sum: hex.EncodeToString(h.Sum(nil))[:12], fs: sub, gz: gz}, nil
}

func (a *staticAssets) url(name string) string { return "/static/" + a.sum + "/" + name }

func (a *staticAssets) serve(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("sum") != a.sum {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	name := r.PathValue("file")
	if name == "report.css" && !acceptsGzip(r) {
		h.Set("Content-Type", "text/css; charset=utf-8")
		w.Write(report.CSS())
		return
	}
	if z, ok := a.gz[name]; ok {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			h.Set("Content-Type", mime.TypeByExtension(filepath.Ext(name)))
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(len(z)))
			if r.Method != http.MethodHead {
				w.Write(z)
			}
			return
		}
	}
	http.ServeFileFS(w, r, a.fs, name)
}

// formatNumber writes n with the language's thousands separator: a
// non-breaking space in Swedish, a comma in English.
func formatNumber(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// label returns a func naming key in the catalogue under prefix, or the
// key itself when the catalogue has none: a tenant's own measure types
// are names already.
func label(T func(string, ...any) string) func(prefix, key string) string {
	return func(prefix, key string) string {
		if s := T(prefix + key); s != prefix+key {
			return s
		}
		return key
	}
}

// render writes page with data. The template is cloned and its t and number
// functions bound to this request's language, so that concurrent requests
// in different languages never share a function (miniflux's race).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, lang string, data any) {
	t, err := s.templates[page].Clone()
	if err == nil {
		T := s.catalog.translator(lang)
		t.Funcs(template.FuncMap{
			"t":      T,
			"label":  label(T),
			"number": func(n int) string { return formatNumber(lang, n) },
		})
		var buf bytes.Buffer
		if err = t.ExecuteTemplate(&buf, "layout", data); err == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			w.Write(buf.Bytes())
			return
		}
	}
	s.log.Error("render", "page", page, "err", err)
	http.Error(w, "Internt fel / Internal error", http.StatusInternalServerError)
}

// layout returns the layout data for r in lang.
func (s *Server) layout(r *http.Request, lang string) Layout {
	other := "en"
	if lang == "en" {
		other = "sv"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	p := who(r)
	return Layout{Lang: lang, CSS: s.static.url("app.css"), Static: s.static.url(""), SwitchURL: r.URL.Path + "?" + q.Encode(),
		User: p.User, Tenant: p.Tenant, Nav: s.adminNav(r, lang)}
}
