package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// pageCache keeps rendered public pages, per path, query and language, so
// that a busy public page is a map lookup rather than queries and a
// template. Any write through this server (every non-GET request) starts
// a new generation, which empties it; the TTL covers writes from other
// processes, such as `trygg import` on the same database.
//
// Only anonymous requests are served from it: a signed-in user's pages
// carry their name.
type pageCache struct {
	ttl time.Duration
	now func() time.Time
	gen atomic.Uint64

	mu      sync.Mutex
	entries map[string]*cachedPage
}

// maxCachedPages bounds the cache: a crawler walking every query string
// must not grow it without end. At the bound it is simply emptied.
const maxCachedPages = 2000

type cachedPage struct {
	header http.Header
	body   []byte // as rendered
	gz     []byte // gzip of body
	gen    uint64
	at     time.Time
}

func newPageCache(ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{ttl: ttl, now: now, entries: map[string]*cachedPage{}}
}

// invalidate makes every cached page stale.
func (c *pageCache) invalidate() { c.gen.Add(1) }

// cacheable reports whether r may be answered from, and stored in, the
// cache.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.Header.Get("Authorization") != "" {
		return false
	}
	_, err := r.Cookie(sessionCookie)
	return err != nil
}

// wrap serves fn through the cache.
func (c *pageCache) wrap(fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !cacheable(r) {
			fn(w, r)
			return
		}
		// The language is part of the page; resolving it here also sets
		// the cookie a ?lang= asks for, as the handler would.
		key := language(w, r) + " " + r.URL.RequestURI()
		gen := c.gen.Load()
		c.mu.Lock()
		p := c.entries[key]
		c.mu.Unlock()
		if p == nil || p.gen != gen || c.now().Sub(p.at) > c.ttl {
			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			fn(rec, r)
			if rec.status != http.StatusOK {
				rec.replay(w)
				return
			}
			p = &cachedPage{header: rec.header, body: rec.body.Bytes(), gz: gzipped(rec.body.Bytes()), gen: gen, at: c.now()}
			p.header.Del("Set-Cookie")
			c.mu.Lock()
			if len(c.entries) >= maxCachedPages {
				clear(c.entries)
			}
			c.entries[key] = p
			c.mu.Unlock()
		}
		p.serve(w, r)
	}
}

func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	h.Add("Vary", "Accept-Encoding")
	h.Add("Vary", "Cookie")
	body := p.body
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// recorder captures a handler's answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if !rec.wrote {
		rec.status, rec.wrote = code, true
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.wrote = true
	return rec.body.Write(b)
}

// replay sends a captured answer that is not cached, such as a 404.
func (rec *recorder) replay(w http.ResponseWriter) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	w.Write(rec.body.Bytes())
}
