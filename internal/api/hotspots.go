package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/httpx"
	"github.com/trygg-se/trygg/internal/situation"
)

// showHotspots answers Getis-Ord Gi* over a metric grid covering the
// tenant's districts, as GeoJSON cells with count, gi_z, gi_p and class.
// Cells whose centre lies outside every district take no part; only cells
// with incidents or a class are returned.
func (h *Handler) showHotspots(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	num := func(name string, def, lo, hi float64) (float64, error) {
		v := q.Get(name)
		if v == "" {
			return def, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < lo || f > hi {
			return 0, &app.Error{Code: app.EINVALID, Field: name, Message: fmt.Sprintf("%s ska vara ett tal mellan %g och %g / must be a number from %g to %g.", name, lo, hi, lo, hi)}
		}
		return f, nil
	}
	cell, err := num("cell", 250, 50, 5000)
	if err != nil {
		h.error(w, r, err)
		return
	}
	band, err := num("band", 2*cell, cell, 20*cell)
	if err != nil {
		h.error(w, r, err)
		return
	}
	incs, _, err := h.situationIncidents(r, q, true)
	if err != nil {
		h.error(w, r, err)
		return
	}
	ds, err := h.svc.Districts.FindDistricts(r.Context(), h.tenant(r).ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if len(ds) == 0 {
		h.error(w, r, app.Errorf(app.EINVALID, "Kommunen har inga områden ännu / The tenant has no districts yet."))
		return
	}
	var fs []geo.Feature
	bbox := geo.BBox{MinLon: 180, MinLat: 90, MaxLon: -180, MaxLat: -90}
	for _, d := range ds {
		m, err := geo.ParseGeometry(d.Geometry)
		if err != nil {
			h.error(w, r, fmt.Errorf("district %s: %w", d.Key, err))
			return
		}
		fs = append(fs, geo.Feature{Key: d.Key, Name: d.Name, Geometry: m})
		b := m.BBox()
		bbox = geo.BBox{MinLon: min(bbox.MinLon, b.MinLon), MinLat: min(bbox.MinLat, b.MinLat), MaxLon: max(bbox.MaxLon, b.MaxLon), MaxLat: max(bbox.MaxLat, b.MaxLat)}
	}
	g, err := geo.NewGrid(bbox, cell)
	if err != nil || g.Len() > 400_000 {
		h.error(w, r, &app.Error{Code: app.EINVALID, Field: "cell", Message: "För fina rutor för kommunens yta; välj större / Cells too fine for the area; choose larger ones."})
		return
	}
	ix := geo.NewIndex(fs)
	mask := make([]bool, g.Len())
	for id := range mask {
		c := g.Centre(g.CellAt(id))
		_, mask[id] = ix.Locate(c.Lon, c.Lat)
	}
	counts, left := situation.GridCounts(g, incs)
	res, err := situation.GiStar(counts, g.Rows, g.Cols, band/cell, mask)
	if err != nil {
		h.error(w, r, &app.Error{Code: app.EINVALID, Field: "band", Message: err.Error()})
		return
	}
	classes := situation.Classes(res, mask, q.Get("fdr") == "true")
	type feature struct {
		Type       string          `json:"type"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties map[string]any  `json:"properties"`
	}
	features := []feature{}
	for id, m := range mask {
		if !m || (counts[id] == 0 && classes[id] == situation.None) {
			continue
		}
		geom, _ := geo.MultiPolygon{g.Polygon(g.CellAt(id))}.MarshalGeoJSON()
		c := g.CellAt(id)
		features = append(features, feature{"Feature", geom, map[string]any{
			"row": c.Row, "col": c.Col, "count": counts[id], "gi_z": res[id].Z, "gi_p": res[id].P, "class": classes[id],
			// For the staff map (map.js): a colour per class, and words.
			"fill": hotspotFill(classes[id]), "fill-opacity": 0.6,
			"label": fmt.Sprintf("%s: %.1f (z %.2f)", hotspotLabel(classes[id]), counts[id], res[id].Z)}})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"type": "FeatureCollection", "cell_m": cell, "band_m": band, "fdr": q.Get("fdr") == "true",
		"n": len(incs) - len(left), "without_point": len(left), "features": features,
	})
}

// hotspotFill is a class's colour: reds for hot, blues for cold, darker
// at higher confidence; grey for cells that are neither.
func hotspotFill(class string) string {
	switch class {
	case situation.Hot99:
		return "#8b0000"
	case situation.Hot95:
		return "#c0392b"
	case situation.Hot90:
		return "#e67e22"
	case situation.Cold99:
		return "#08306b"
	case situation.Cold95:
		return "#2171b5"
	case situation.Cold90:
		return "#6baed6"
	}
	return "#bdbdbd"
}

func hotspotLabel(class string) string {
	if class == "" || class == situation.None {
		return "ej signifikant / not significant"
	}
	return class
}
