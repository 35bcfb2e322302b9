package report

import (
	"fmt"
	"math"
	"strings"
)

// MapArea is a district for the report's map: its outline as rings of
// [lon, lat] points (the first ring of each polygon is its outside; later
// ones are holes), and whether it is a priority district.
type MapArea struct {
	Name     string           `json:"name"`
	Priority bool             `json:"priority"`
	Polygons [][][][2]float64 `json:"polygons"` // polygon → ring → point
}

// districtMap draws the districts as SVG paths, priority districts filled,
// the rest outlined, each named at its bounding box's centre — no map
// tiles, so the PDF needs no network and the CSP stays 'self'. The table
// after it lists the same districts.
func districtMap(id, title, desc string, areas []MapArea, lang string) (svgChart, tableView) {
	// The extent is the districts' box; but a district that dwarfs the
	// rest (the countryside around a town) would shrink the town to a dot,
	// so then the map shows the rest, and the big one runs off its edges.
	boxes := make([][4]float64, len(areas))
	union := func(skip int) [4]float64 {
		b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for i, bb := range boxes {
			if i != skip {
				b = [4]float64{math.Min(b[0], bb[0]), math.Min(b[1], bb[1]), math.Max(b[2], bb[2]), math.Max(b[3], bb[3])}
			}
		}
		return b
	}
	size := func(b [4]float64) float64 { return (b[2] - b[0]) * (b[3] - b[1]) }
	big := -1
	for i, a := range areas {
		b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, p := range a.Polygons {
			for _, r := range p {
				for _, pt := range r {
					b = [4]float64{math.Min(b[0], pt[0]), math.Min(b[1], pt[1]), math.Max(b[2], pt[0]), math.Max(b[3], pt[1])}
				}
			}
		}
		boxes[i] = b
		if big < 0 || size(b) > size(boxes[big]) {
			big = i
		}
	}
	ext := union(-1)
	if len(areas) > 1 {
		if rest := union(big); size(boxes[big]) > 20*size(rest) {
			w, h := rest[2]-rest[0], rest[3]-rest[1]
			ext = [4]float64{rest[0] - w*0.15, rest[1] - h*0.15, rest[2] + w*0.15, rest[3] + h*0.15}
		} else {
			big = -1
		}
	}
	minLon, minLat, maxLon, maxLat := ext[0], ext[1], ext[2], ext[3]
	c := svgChart{ID: id, Title: title, Desc: desc, W: chartW}
	t := tableView{ID: id + "-table", Caption: title, Cols: []col{{Text: tr(lang).t("map.district")}, {Text: tr(lang).t("map.priority")}}}
	if math.IsInf(minLon, 0) || maxLon <= minLon || maxLat <= minLat {
		return c, t
	}
	// Longitude shrinks with latitude: scale it by cos(mid latitude) so
	// the map keeps its shape.
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	const pad = 10.0
	scale := (chartW - 2*pad) / ((maxLon - minLon) * k)
	c.H = math.Min(520, (maxLat-minLat)*scale+2*pad)
	scale = math.Min(scale, (c.H-2*pad)/(maxLat-minLat))
	x := func(lon float64) float64 { return r1(pad + (lon-minLon)*k*scale) }
	y := func(lat float64) float64 { return r1(pad + (maxLat-lat)*scale) }
	for i, a := range areas {
		var d strings.Builder
		bx0, by0, bx1, by1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range a.Polygons {
			for _, r := range p {
				for i, pt := range r {
					px, py := x(pt[0]), y(pt[1])
					if i == 0 {
						fmt.Fprintf(&d, "M%g %g", px, py)
					} else {
						fmt.Fprintf(&d, "L%g %g", px, py)
					}
					bx0, bx1, by0, by1 = math.Min(bx0, px), math.Max(bx1, px), math.Min(by0, py), math.Max(by1, py)
				}
				d.WriteString("Z")
			}
		}
		c.Marks = append(c.Marks, svgMark{D: d.String(), Open: !a.Priority})
		if i != big { // the one running off the edges is named in the table only
			c.Texts = append(c.Texts, svgText{X: r1((bx0 + bx1) / 2), Y: r1((by0+by1)/2 + 4), Anchor: "middle", Bold: a.Priority, Light: a.Priority, S: a.Name})
		}
		yes := tr(lang).t("map.no")
		if a.Priority {
			yes = tr(lang).t("map.yes")
		}
		t.Rows = append(t.Rows, row{Head: a.Name, Cells: []cell{{Text: yes}}})
	}
	return c, t
}
