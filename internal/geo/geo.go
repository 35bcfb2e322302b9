// Package geo holds Trygg's district geometry: polygons in WGS84 loaded from
// GeoJSON (WGS84 or SWEREF 99 grids, see package sweref), validated strictly,
// measured in metres, and located with a half-open point-in-polygon rule so
// that every point of a tiling belongs to exactly one district. It also has
// the regular metric grid that hotspot analysis counts in.
//
// The package is pure computation: no I/O beyond the readers and writers it
// is handed, standard library only.
package geo

import (
	"math"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

// Point is a WGS84 position in degrees.
type Point struct{ Lon, Lat float64 }

// Ring is a closed line: the last point equals the first.
type Ring []Point

// Polygon is an outer ring followed by its holes. ReadFeatures winds outer
// rings counter-clockwise and holes clockwise, as RFC 7946 asks.
type Polygon []Ring

// MultiPolygon is a set of polygons that do not overlap. Every district is
// one, whatever its GeoJSON type was.
type MultiPolygon []Polygon

// BBox is a WGS84 bounding box. The zero value is the empty box.
type BBox struct{ MinLon, MinLat, MaxLon, MaxLat float64 }

// Contains reports whether p is inside b or on its edge.
func (b BBox) Contains(p Point) bool {
	return p.Lon >= b.MinLon && p.Lon <= b.MaxLon && p.Lat >= b.MinLat && p.Lat <= b.MaxLat
}

// BBox returns the bounding box of m's outer rings (holes lie inside them),
// the zero BBox for an empty m.
func (m MultiPolygon) BBox() BBox {
	b := BBox{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, poly := range m {
		if len(poly) == 0 {
			continue
		}
		for _, q := range poly[0] {
			b = BBox{min(b.MinLon, q.Lon), min(b.MinLat, q.Lat), max(b.MaxLon, q.Lon), max(b.MaxLat, q.Lat)}
		}
	}
	if b.MinLon > b.MaxLon {
		return BBox{}
	}
	return b
}

// Contains reports whether p is in m, by the half-open rule (see Index):
// points on the border between two polygons of a tiling are in exactly one.
func (m MultiPolygon) Contains(p Point) bool {
	in := false
	for _, poly := range m {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				if crosses(r[i], r[i+1], p) {
					in = !in
				}
			}
		}
	}
	return in
}

// crosses reports whether the ray from p towards +lon crosses edge ab, under
// the half-open convention: an edge covers latitudes [low, high), and a
// point on the edge is taken to lie to its right. This is the same as asking
// about a point infinitesimally east (and, even less, north) of p, which is
// never on any edge, so each point of a tiling lands in exactly one tile.
// The orientation test is exact, so the rule holds to the last bit.
func crosses(a, b, p Point) bool {
	if a.Lat > b.Lat {
		a, b = b, a
	}
	if !(a.Lat <= p.Lat && p.Lat < b.Lat) {
		return false // also drops horizontal edges
	}
	if p.Lon < a.Lon && p.Lon < b.Lon {
		return true
	}
	if p.Lon >= a.Lon && p.Lon >= b.Lon {
		return false
	}
	return orient(a, b, p) > 0
}

// Area returns m's area in square metres on the GRS80 ellipsoid, computed in
// a transverse Mercator projection centred on m (scale error < 1e-4 for
// anything kommun-sized).
func (m MultiPolygon) Area() float64 {
	a, _, _ := m.moments()
	return a
}

// Centroid returns m's area-weighted centre. For an empty or degenerate m
// it is the centre of the bounding box.
func (m MultiPolygon) Centroid() Point {
	a, n, e := m.moments()
	b := m.BBox()
	if a == 0 {
		return Point{(b.MinLon + b.MaxLon) / 2, (b.MinLat + b.MaxLat) / 2}
	}
	lat, lon := localTM(b).Inverse(n, e)
	return Point{lon, lat}
}

// localTM is a transverse Mercator projection with its central meridian in
// the middle of b and scale 1, so distances near b are true to ~1e-5.
func localTM(b BBox) sweref.Projection {
	return sweref.Projection{Name: "local TM", Lon0: (b.MinLon + b.MaxLon) / 2, K0: 1}
}

// moments returns the area (m²) and the centroid (northing, easting in
// localTM) of m. Holes count negatively whatever their winding.
func (m MultiPolygon) moments() (area, north, east float64) {
	proj := localTM(m.BBox())
	var sa, sn, se float64
	for _, poly := range m {
		for k, r := range poly {
			a, cn, ce := ringMoments(proj, r)
			w := math.Abs(a)
			if k > 0 {
				w = -w
			}
			sa += w
			sn += w * cn
			se += w * ce
		}
	}
	if sa == 0 {
		return 0, 0, 0
	}
	return sa, sn / sa, se / sa
}

// ringMoments returns the signed area and centroid of r projected by proj.
// Coordinates are taken relative to the first vertex: northings are ~6.5e6 m
// and the shoelace would lose digits otherwise.
func ringMoments(proj sweref.Projection, r Ring) (area, north, east float64) {
	if len(r) < 4 {
		return 0, 0, 0
	}
	n0, e0 := proj.Forward(r[0].Lat, r[0].Lon)
	var a2, cx, cy float64 // x = easting, y = northing
	px, py := 0.0, 0.0
	for _, q := range r[1:] {
		n, e := proj.Forward(q.Lat, q.Lon)
		x, y := e-e0, n-n0
		c := px*y - x*py
		a2 += c
		cx += (px + x) * c
		cy += (py + y) * c
		px, py = x, y
	}
	if a2 == 0 {
		return 0, n0, e0
	}
	return a2 / 2, n0 + cy/(3*a2), e0 + cx/(3*a2)
}

// signedArea2 is twice the signed area of r in degrees², positive when r
// winds counter-clockwise. Only its sign is used.
func signedArea2(r Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += (r[i].Lon-r[0].Lon)*(r[i+1].Lat-r[0].Lat) - (r[i+1].Lon-r[0].Lon)*(r[i].Lat-r[0].Lat)
	}
	return s
}
