package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed i18n/*.json
var i18nFS embed.FS

// Languages the UI speaks; the first is the default.
var languages = []string{"sv", "en"}

// catalog maps language → key → message. Messages may hold {name}
// placeholders, filled by T's pairs of arguments.
type catalog map[string]map[string]string

// loadCatalog reads i18n/LANG.json and any i18n/AREA.LANG.json (one
// area's messages, e.g. walks.sv.json); a key in two files is an error.
func loadCatalog() (catalog, error) {
	c := catalog{}
	for _, lang := range languages {
		files, err := fs.Glob(i18nFS, "i18n/*"+lang+".json")
		if err != nil {
			return nil, err
		}
		c[lang] = map[string]string{}
		for _, f := range files {
			if name := path.Base(f); name != lang+".json" && !strings.HasSuffix(name, "."+lang+".json") {
				continue
			}
			b, err := i18nFS.ReadFile(f)
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for k, v := range m {
				if _, dup := c[lang][k]; dup {
					return nil, fmt.Errorf("%s: key %q is in another %s file too", f, k, lang)
				}
				c[lang][k] = v
			}
		}
		if len(c[lang]) == 0 {
			return nil, fmt.Errorf("i18n: no messages for %s", lang)
		}
	}
	return c, nil
}

// translator returns the T function for lang. A missing key shows as the
// key itself, which tests catch, rather than an empty string a user
// cannot report.
func (c catalog) translator(lang string) func(key string, args ...any) string {
	m := c[lang]
	return func(key string, args ...any) string {
		s, ok := m[key]
		if !ok {
			return key
		}
		for i := 0; i+1 < len(args); i += 2 {
			s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
		}
		return s
	}
}

// language picks the language of a request: ?lang= (remembered in a
// cookie), then the cookie, then Accept-Language, then Swedish.
func language(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); supported(l) {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && supported(c.Value) {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if supported(base) {
			return base
		}
	}
	return languages[0]
}

func supported(l string) bool {
	for _, s := range languages {
		if l == s {
			return true
		}
	}
	return false
}
