package api

import (
	"encoding/csv"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/httpx"
	"github.com/trygg-se/trygg/internal/situation"
)

// maxSituationRows bounds one lägesbild query; a kommun's year is far less.
const maxSituationRows = 500_000

// situationIncidents loads the incidents a lägesbild query covers: by
// default only reviewed and accepted ones, since nothing unreviewed
// counts in figures.
func (h *Handler) situationIncidents(r *http.Request, q url.Values, points bool) ([]situation.Incident, app.IncidentFilter, error) {
	if q.Get("review_state") == "" {
		q = maps.Clone(q)
		q.Set("review_state", app.ReviewAccepted)
	}
	f, err := IncidentFilter(q)
	if err != nil {
		return nil, f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return nil, f, &app.Error{Code: app.EINVALID, Field: "to", Message: "Perioden slutar innan den börjar / The period ends before it starts."}
	}
	if err := h.checkNames(r, f); err != nil {
		return nil, f, err
	}
	f.Limit, f.Offset = maxSituationRows+1, 0
	facts, err := h.svc.Incidents.FindIncidentFacts(r.Context(), h.tenant(r).ID, f, points)
	if err != nil {
		return nil, f, err
	}
	if len(facts) > maxSituationRows {
		return nil, f, app.Errorf(app.EINVALID, "För många händelser; välj en kortare period / Too many incidents; choose a shorter period.")
	}
	return SituationFacts(facts), f, nil
}

// SituationFacts gives incident facts to the lägesbild computations.
func SituationFacts(facts []app.IncidentFact) []situation.Incident {
	out := make([]situation.Incident, len(facts))
	for i, x := range facts {
		out[i] = situationIncident(x.ID, x.Source, x.Category, x.FocusArea, x.DistrictKey, x.OccurredFrom, x.OccurredTo,
			x.Darkness, x.DarkFraction, x.Lat, x.Lon)
	}
	return out
}

// SituationIncidents gives incidents to the lägesbild computations.
func SituationIncidents(incs []*app.Incident) []situation.Incident {
	out := make([]situation.Incident, len(incs))
	for i, x := range incs {
		out[i] = situationIncident(x.ID, x.Source, x.Category, x.FocusArea, x.DistrictKey, x.OccurredFrom, x.OccurredTo,
			x.Darkness, x.DarkFraction, x.Lat, x.Lon)
	}
	return out
}

func situationIncident(id int64, source, category, focus, district string, from, to time.Time, darkness string, darkFraction float64,
	lat, lon *float64) situation.Incident {
	out := situation.Incident{ID: id, Source: source, Category: category, FocusArea: focus, District: district, From: from, To: to,
		Darkness: darkness, DarkFraction: darkFraction}
	if lat != nil && lon != nil {
		out.Lat, out.Lon, out.HasPoint = *lat, *lon, true
	}
	return out
}

// situationCell is one cell of the lägesbild: count is the weighted sum
// (a window-dated incident splits by its dark fraction), n the number of
// incidents, ids the rows behind it.
type situationCell struct {
	Group map[string]string `json:"group"`
	Count float64           `json:"count"`
	N     int               `json:"n"`
	IDs   []int64           `json:"incident_ids"`
}

// showSituation answers counts by the requested dimensions.
func (h *Handler) showSituation(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var dims []situation.Dimension
	for _, d := range strings.Split(q.Get("group_by"), ",") {
		if d = strings.TrimSpace(d); d != "" {
			dims = append(dims, situation.Dimension(d))
		}
	}
	if len(dims) == 0 {
		dims = []situation.Dimension{situation.ByDistrict, situation.ByFocusArea, situation.ByDarkness}
	}
	incs, f, err := h.situationIncidents(r, q, false)
	if err != nil {
		h.error(w, r, err)
		return
	}
	res, err := situation.Aggregate(incs, situation.Query{GroupBy: dims, Loc: stockholm})
	if err != nil {
		h.error(w, r, &app.Error{Code: app.EINVALID, Field: "group_by", Message: err.Error()})
		return
	}
	cells := make([]situationCell, 0, len(res.Cells))
	for _, c := range res.Cells {
		g := map[string]string{}
		for i, d := range dims {
			g[string(d)] = c.Key[i]
		}
		cells = append(cells, situationCell{Group: g, Count: c.Count, N: c.N, IDs: c.IDs})
	}
	if q.Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw := csv.NewWriter(w)
		head := []string{}
		for _, d := range dims {
			head = append(head, string(d))
		}
		cw.Write(append(head, "count", "n"))
		for _, c := range cells {
			row := []string{}
			for _, d := range dims {
				row = append(row, c.Group[string(d)])
			}
			cw.Write(append(row, strconv.FormatFloat(c.Count, 'f', 4, 64), strconv.Itoa(c.N)))
		}
		cw.Flush()
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"tenant": h.tenant(r).Slug, "from": dateOrNil(q.Get("from")), "to": dateOrNil(q.Get("to")),
		"group_by": dims, "review_state": f.ReviewState, "total": res.N, "skipped": res.Skipped, "cells": cells,
	})
}

func dateOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// showTimeGrid answers the 7 × 24 hour × weekday weights (Monday first,
// Swedish time; window-dated incidents spread over their hours).
func (h *Handler) showTimeGrid(w http.ResponseWriter, r *http.Request) {
	incs, _, err := h.situationIncidents(r, r.URL.Query(), false)
	if err != nil {
		h.error(w, r, err)
		return
	}
	grid := situation.TimeGrid(incs, stockholm)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tenant": h.tenant(r).Slug, "n": len(incs),
		"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "grid": grid})
}

// checkNames rejects a district or focus area the tenant does not have: a
// misspelt filter must not pass for "nothing happened".
func (h *Handler) checkNames(r *http.Request, f app.IncidentFilter) error {
	t := h.tenant(r)
	if f.District != "" && f.District != "-" {
		ds, err := h.svc.Districts.FindDistricts(r.Context(), t.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ds, func(d *app.District) bool { return d.Key == f.District }) {
			return &app.Error{Code: app.EINVALID, Field: "district", Message: "Okänt område / Unknown district " + strconv.Quote(f.District) + "."}
		}
	}
	if f.FocusArea != "" {
		ps, err := h.svc.Promises.FindPromises(r.Context(), t.ID)
		if err != nil {
			return err
		}
		known := slices.ContainsFunc(ps, func(p *app.Promise) bool {
			return slices.ContainsFunc(p.FocusAreas, func(fa *app.FocusArea) bool { return fa.Key == f.FocusArea })
		})
		if !known {
			return &app.Error{Code: app.EINVALID, Field: "focus_area", Message: "Okänt fokusområde / Unknown focus area " + strconv.Quote(f.FocusArea) + "."}
		}
	}
	return nil
}
