package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer/polisen"
)

// PoliceResult is what a set of notices gave one kommun.
type PoliceResult struct {
	Incidents []*app.Incident
	// UnknownTypes are notice types outside the classes, kept as "other".
	UnknownTypes []string
	// Notices counts the kommun's own notices; Items the night-summary
	// items about the kommun.
	Notices, Items int
}

// PoliceIncidents turns the notices about kommun into incidents: each
// notice for the kommun, and from county-wide night summaries ("Sammanfattning
// natt") the summary itself with each item it lists about the kommun, the
// items linked to it. The notice's gps is the kommun's centre, not the
// scene, so it is never used as a point: the district comes from place
// names in the text, else the incident is kommun-wide.
func PoliceIncidents(notices []polisen.Notice, kommun string, en *Enricher, classes map[string]polisen.Class) PoliceResult {
	var res PoliceResult
	unknown := map[string]bool{}
	classify := func(typ string) polisen.Class {
		c, ok := polisen.Classify(typ, classes)
		if !ok {
			if typ != "" {
				unknown[typ] = true
			}
			c = polisen.Class{Category: "other"}
		}
		return c
	}
	for i := range notices {
		n := &notices[i]
		id := strconv.FormatInt(n.ID, 10)
		var items []polisen.Item
		for _, it := range n.Items {
			if strings.EqualFold(it.Kommun, kommun) {
				items = append(items, it)
			}
		}
		if !strings.EqualFold(n.Kommun, kommun) && len(items) == 0 {
			continue
		}
		published := n.Published.UTC()
		c := classify(n.Type)
		inc := &app.Incident{
			Source: app.SourcePolice, ExternalID: id, Category: c.Category, FocusArea: c.FocusArea,
			OccurredFrom: n.From, OccurredTo: n.To, PublishedAt: &published,
			Place: n.Name, Text: n.Summary, SourceRef: "polisen " + id,
		}
		if len(items) > 0 && !strings.EqualFold(n.Kommun, kommun) {
			// A county summary: the notice is kept as the parent of its
			// items, without a district of its own.
			inc.Category, inc.FocusArea, inc.Place = "summary", "", n.Name
			en.Enrich(inc)
			inc.DistrictKey, inc.DistrictID = "", nil
		} else {
			en.Enrich(inc, n.Body...)
			res.Notices++
		}
		res.Incidents = append(res.Incidents, inc)
		for _, it := range items {
			ic := classify(it.Type)
			child := &app.Incident{
				Source: app.SourcePolice, ExternalID: fmt.Sprintf("%s-%d", id, it.Index), ParentExternalID: id,
				Category: ic.Category, FocusArea: ic.FocusArea, OccurredFrom: n.From, OccurredTo: n.To,
				PublishedAt: &published, Text: it.Text, SourceRef: fmt.Sprintf("polisen %s item %d", id, it.Index),
			}
			if !it.At.IsZero() {
				child.OccurredFrom, child.OccurredTo = it.At.UTC(), it.At.UTC()
			}
			en.Enrich(child)
			res.Incidents = append(res.Incidents, child)
			res.Items++
		}
	}
	for t := range unknown {
		res.UnknownTypes = append(res.UnknownTypes, t)
	}
	slices.Sort(res.UnknownTypes)
	return res
}
