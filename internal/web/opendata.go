package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/disclosure"
	"github.com/trygg-se/trygg/internal/followup"
	"github.com/trygg-se/trygg/internal/survey"
)

type openDataPage struct {
	Layout    Layout
	Tenant    *app.Tenant
	Threshold int
}

// showOpenData describes the tenant's open data: what each file holds,
// its columns, the licence and the small-number rule.
func (s *Server) showOpenData(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "opendata", lang, openDataPage{Layout: s.layout(r, lang), Tenant: t, Threshold: disclosure.DefaultThreshold})
}

// serveOpenData answers one open-data file.
func (s *Server) serveOpenData(w http.ResponseWriter, r *http.Request) {
	t, err := s.svc.Tenants.FindTenantBySlug(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch r.PathValue("file") {
	case "handelser.csv", "handelser.json":
		err = s.openIncidents(w, r, t)
	case "atgarder.csv", "atgarder.json":
		err = s.openMeasures(w, r, t)
	case "omraden.geojson":
		err = s.openDistricts(w, r, t)
	case "rapporter.geojson":
		err = s.openReports(w, r, t)
	case "trygghet.csv", "trygghet.json":
		err = s.openSurvey(w, r, t)
	default:
		err = app.Errorf(app.ENOTFOUND, "Okänd fil / Unknown file.")
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

// download starts a CSV or JSON answer; CSV is what a Swedish spreadsheet
// opens as it is: semicolons, CRLF and a BOM.
func download(w http.ResponseWriter, r *http.Request, name string) (csvOut bool) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*") // open data: any site may read it
	if strings.HasSuffix(name, ".csv") {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Write([]byte("\ufeff"))
		return true
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	if strings.HasSuffix(name, ".geojson") {
		h.Set("Content-Type", "application/geo+json; charset=utf-8")
	}
	return false
}

func newCSV(w http.ResponseWriter) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	return cw
}

func (s *Server) openIncidents(w http.ResponseWriter, r *http.Request, t *app.Tenant) error {
	cells, err := s.publicTable(r.Context(), t)
	if err != nil {
		return err
	}
	if !download(w, r, r.PathValue("file")) {
		return json.NewEncoder(w).Encode(map[string]any{"tenant": t.Slug, "threshold": disclosure.DefaultThreshold, "cells": cells})
	}
	cw := newCSV(w)
	cw.Write([]string{"district", "year", "focus_area", "darkness", "count"})
	for _, c := range cells {
		cw.Write([]string{c.District, c.Year, c.FocusArea, c.Darkness, c.Value.CSV()})
	}
	cw.Flush()
	return cw.Error()
}

// openMeasure is a measure as open data: what, where, by whom, how far.
type openMeasure struct {
	Title        string    `json:"title"`
	Type         string    `json:"type"`
	Horizon      string    `json:"horizon"`
	OwnerParty   string    `json:"owner_party"`
	District     string    `json:"district"`
	FocusArea    string    `json:"focus_area"`
	Status       string    `json:"status"`
	StatusReason string    `json:"status_reason"`
	Progress     int       `json:"progress"`
	PlannedStart *app.Date `json:"planned_start"`
	PlannedEnd   *app.Date `json:"planned_end"`
	ActualStart  *app.Date `json:"actual_start"`
	ActualEnd    *app.Date `json:"actual_end"`
	Synthetic    bool      `json:"synthetic"`
}

func (s *Server) openMeasures(w http.ResponseWriter, r *http.Request, t *app.Tenant) error {
	ms, err := s.svc.Measures.FindMeasures(r.Context(), t.ID)
	if err != nil {
		return err
	}
	out := make([]openMeasure, len(ms))
	for i, m := range ms {
		out[i] = openMeasure{m.Title, m.Type, m.Horizon, m.OwnerParty, m.DistrictKey, m.ProblemFocusArea, m.Status, m.StatusReason,
			m.Progress, m.PlannedStart, m.PlannedEnd, m.ActualStart, m.ActualEnd, m.Synthetic}
	}
	if !download(w, r, r.PathValue("file")) {
		return json.NewEncoder(w).Encode(map[string]any{"tenant": t.Slug, "measures": out})
	}
	date := func(d *app.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	cw := newCSV(w)
	cw.Write([]string{"title", "type", "horizon", "owner_party", "district", "focus_area", "status", "status_reason", "progress",
		"planned_start", "planned_end", "actual_start", "actual_end", "synthetic"})
	for _, m := range out {
		cw.Write([]string{csvSafe(m.Title), m.Type, m.Horizon, m.OwnerParty, m.District, m.FocusArea, m.Status, csvSafe(m.StatusReason),
			strconv.Itoa(m.Progress), date(m.PlannedStart), date(m.PlannedEnd), date(m.ActualStart), date(m.ActualEnd),
			strconv.FormatBool(m.Synthetic)})
	}
	cw.Flush()
	return cw.Error()
}

type geoFeature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]any  `json:"properties"`
}

func writeFeatures(w http.ResponseWriter, fs []geoFeature) error {
	if fs == nil {
		fs = []geoFeature{}
	}
	return json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": fs})
}

// openDistricts is the districts with their figures for the last twelve
// months, derived from the same base table as every other figure.
func (s *Server) openDistricts(w http.ResponseWriter, r *http.Request, t *app.Tenant) error {
	ds, err := s.svc.Districts.FindDistricts(r.Context(), t.ID)
	if err != nil {
		return err
	}
	cells, err := s.publicTable(r.Context(), t)
	if err != nil {
		return err
	}
	year, err := s.publicPeriod(r.Context(), t, cells)
	if err != nil {
		return err
	}
	all := map[string]disclosure.Value{}
	for _, f := range sumBy(cells, year.Has, func(c publicCell) string { return c.District }) {
		all[f.Key] = f.Value
	}
	only := r.URL.Query().Get("district")
	var fs []geoFeature
	for _, d := range ds {
		if only != "" && d.Key != only {
			continue
		}
		fill := "#9fb8d0"
		if d.Priority {
			fill = "#e0a040"
		}
		fs = append(fs, geoFeature{Type: "Feature", Geometry: d.Geometry, Properties: map[string]any{
			"key": d.Key, "name": d.Name, "label": d.Name, "population": d.Population, "priority": d.Priority,
			"approximate": d.Approximate, "incidents": all[d.Key], "period_from": year.From, "period_to": year.To, "fill": fill, "stroke": "#1b3a5c"}})
	}
	download(w, r, "omraden.geojson")
	return writeFeatures(w, fs)
}

// openReports is reviewed citizen reports, each at the centre of its
// 100 m square and dated to the day.
func (s *Server) openReports(w http.ResponseWriter, r *http.Request, t *app.Tenant) error {
	incs, err := s.publicIncidents(r.Context(), t, app.IncidentFilter{Source: app.SourceCitizen, District: r.URL.Query().Get("district"), Limit: 1000})
	if err != nil {
		return err
	}
	names := categoryNames(language(w, r))
	var fs []geoFeature
	for _, i := range incs {
		p := coarsen(i)
		if p.Lat == nil {
			continue
		}
		geom, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{*p.Lon, *p.Lat}})
		fs = append(fs, geoFeature{Type: "Feature", Geometry: geom, Properties: map[string]any{
			"id": strconv.FormatInt(p.ID, 10), "day": p.Day, "category": p.Category, "district": p.District,
			"after_dark": p.AfterDark, "label": names[p.Category] + ", " + p.Day, "fill": "#b3261e"}})
	}
	download(w, r, "rapporter.geojson")
	return writeFeatures(w, fs)
}

// openSurveyCell is a survey indicator as open data: no figure where fewer
// than the threshold answered.
type openSurveyCell struct {
	Indicator string   `json:"indicator"`
	District  string   `json:"district"` // "" for the whole kommun
	Value     *float64 `json:"value"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	N         *int     `json:"n"`
}

// openSurvey is the latest wave's indicators for the kommun and each
// district.
func (s *Server) openSurvey(w http.ResponseWriter, r *http.Request, t *app.Tenant) error {
	q, waves, err := followup.LoadSurvey(r.Context(), s.svc.Surveys, t)
	if err != nil {
		return err
	}
	var cells []openSurveyCell
	var wave *app.SurveyWave
	if len(waves) > 0 {
		wave = waves[len(waves)-1]
		rs, err := s.respondents(r.Context(), t, wave)
		if err != nil {
			return err
		}
		cs, err := survey.Indicators(q, survey.WaveOf(wave), rs, []survey.Dim{survey.DimDistrict}, survey.DefaultThreshold)
		if err != nil {
			return err
		}
		for _, c := range survey.Public(cs) {
			oc := openSurveyCell{Indicator: c.Indicator, District: c.Group[string(survey.DimDistrict)]}
			if !c.Suppressed {
				n, v, lo, hi := c.N, c.Value, c.Lo, c.Hi
				oc.N, oc.Value, oc.Low, oc.High = &n, finiteOrNil(v), finiteOrNil(lo), finiteOrNil(hi)
			}
			cells = append(cells, oc)
		}
	}
	if !download(w, r, r.PathValue("file")) {
		return json.NewEncoder(w).Encode(map[string]any{"tenant": t.Slug, "wave": wave, "threshold": survey.DefaultThreshold, "indicators": cells})
	}
	cw := newCSV(w)
	cw.Write([]string{"wave", "indicator", "district", "value", "low", "high", "n"})
	num := func(f *float64) string {
		if f == nil {
			return fmt.Sprintf("<%d", survey.DefaultThreshold)
		}
		return strconv.FormatFloat(*f, 'f', 4, 64)
	}
	for _, c := range cells {
		n := fmt.Sprintf("<%d", survey.DefaultThreshold)
		if c.N != nil {
			n = strconv.Itoa(*c.N)
		}
		cw.Write([]string{wave.Name, c.Indicator, c.District, num(c.Value), num(c.Low), num(c.High), n})
	}
	cw.Flush()
	return cw.Error()
}

func finiteOrNil(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}
