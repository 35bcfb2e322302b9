package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// atomFeed is the subset of RFC 4287 the feed needs.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// showFeed is an Atom feed of what changed in the promise's measures, for
// citizens, journalists and the kommun's own website.
func (s *Server) showFeed(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	T := s.catalog.translator(lang)
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	ms, err := s.svc.Measures.FindMeasures(r.Context(), t.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	base := baseURL(r) + "/" + t.Slug + "/"
	page, title := base, t.Name
	if r.PathValue("district") != "" {
		// One district's feed: its measures only.
		d, _, err := s.findDistrict(r, t)
		if err != nil {
			s.error(w, r, err)
			return
		}
		ms = slices.DeleteFunc(ms, func(m *app.Measure) bool { return m.DistrictKey != d.Key })
		page, title = base+"omraden/"+d.Key, t.Name+", "+d.Name
	}
	self := baseURL(r) + r.URL.Path
	feed := atomFeed{Lang: lang, ID: self, Title: title + " – " + T("public.measures"),
		Updated: t.CreatedAt.UTC().Format(time.RFC3339), Author: atomPerson{Name: t.Name},
		Link: []atomLink{{Href: page}, {Href: self, Rel: "self"}}}
	for _, m := range ms {
		updated := m.UpdatedAt.UTC().Format(time.RFC3339)
		if updated > feed.Updated {
			feed.Updated = updated
		}
		feed.Entries = append(feed.Entries, atomEntry{
			ID: fmt.Sprintf("%smeasure/%d", base, m.ID), Title: m.Title, Updated: updated, Link: atomLink{Href: base + "#measures"},
			Summary: fmt.Sprintf("%s: %s, %d %%", label(T)("mtype.", m.Type), T("mstatus."+m.Status), m.Progress),
		})
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		s.log.Error("feed", "err", err)
	}
}
