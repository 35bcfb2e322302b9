package geo

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Validate checks that m is a valid district geometry: every ring closed,
// at least three distinct points, no ring crossing or touching itself or
// another ring of its polygon, every hole inside its outer ring and not
// inside another hole. It does not check that polygons of m are disjoint.
func (m MultiPolygon) Validate() error {
	if len(m) == 0 {
		return errors.New("geometry has no polygons")
	}
	for i, poly := range m {
		if err := poly.validate(); err != nil {
			if len(m) > 1 {
				return fmt.Errorf("polygon %d: %w", i, err)
			}
			return err
		}
	}
	return nil
}

func (poly Polygon) validate() error {
	if len(poly) == 0 {
		return errors.New("polygon has no rings")
	}
	for k, r := range poly {
		if len(r) < 4 {
			return fmt.Errorf("ring %d has %d positions, want at least 4 (3 corners and the closing one)", k, len(r))
		}
		if r[0] != r[len(r)-1] {
			return fmt.Errorf("ring %d is not closed", k)
		}
		for i, p := range r {
			if !(p.Lon >= -180 && p.Lon <= 180 && p.Lat >= -90 && p.Lat <= 90) {
				return fmt.Errorf("ring %d point %d %s is not a WGS84 longitude, latitude", k, i, fmtPoint(p))
			}
			if i > 0 && p == r[i-1] {
				return fmt.Errorf("ring %d repeats point %d %s", k, i, fmtPoint(p))
			}
		}
	}
	if err := poly.checkCrossings(); err != nil {
		return err
	}
	// No ring touches another, so one vertex decides which side a ring is on.
	for k, h := range poly[1:] {
		k++
		if !ringContains(poly[0], h[0]) {
			return fmt.Errorf("ring %d (a hole) is not inside ring 0", k)
		}
		for j, o := range poly[1:] {
			if j+1 != k && ringContains(o, h[0]) {
				return fmt.Errorf("ring %d (a hole) is inside ring %d, another hole", k, j+1)
			}
		}
	}
	return nil
}

func ringContains(r Ring, p Point) bool { return MultiPolygon{{r}}.Contains(p) }

type segment struct {
	a, b       Point
	ring, edge int
	lo, hi     float64 // longitude extent
}

// checkCrossings finds any two edges of the polygon's rings that share a
// point they should not, with a sweep over longitude: sort edges by their
// western end and compare only edges whose longitude ranges overlap. Near
// linear for real boundaries, quadratic at worst.
func (poly Polygon) checkCrossings() error {
	var segs []segment
	for k, r := range poly {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			segs = append(segs, segment{a, b, k, i, min(a.Lon, b.Lon), max(a.Lon, b.Lon)})
		}
	}
	slices.SortFunc(segs, func(s, t segment) int { return cmp.Compare(s.lo, t.lo) })
	for i := range segs {
		s := &segs[i]
		for j := i + 1; j < len(segs) && segs[j].lo <= s.hi; j++ {
			t := &segs[j]
			if max(s.a.Lat, s.b.Lat) < min(t.a.Lat, t.b.Lat) || max(t.a.Lat, t.b.Lat) < min(s.a.Lat, s.b.Lat) {
				continue
			}
			if err := checkPair(poly, s, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkPair(poly Polygon, s, t *segment) error {
	if s.ring != t.ring {
		if intersects(s.a, s.b, t.a, t.b) {
			return fmt.Errorf("ring %d and ring %d intersect near %s", min(s.ring, t.ring), max(s.ring, t.ring), near(s, t))
		}
		return nil
	}
	if s.edge > t.edge {
		s, t = t, s
	}
	last := len(poly[s.ring]) - 2
	switch {
	case t.edge == s.edge+1: // s.b == t.a
		if s.a == t.b || orient(s.a, s.b, t.b) == 0 && onSegment(s.a, s.b, t.b) || orient(t.a, t.b, s.a) == 0 && onSegment(t.a, t.b, s.a) {
			return fmt.Errorf("ring %d folds back on itself at %s", s.ring, fmtPoint(s.b))
		}
	case s.edge == 0 && t.edge == last: // t.b == s.a
		if t.a == s.b || orient(s.a, s.b, t.a) == 0 && onSegment(s.a, s.b, t.a) || orient(t.a, t.b, s.b) == 0 && onSegment(t.a, t.b, s.b) {
			return fmt.Errorf("ring %d folds back on itself at %s", s.ring, fmtPoint(s.a))
		}
	default:
		if intersects(s.a, s.b, t.a, t.b) {
			return fmt.Errorf("ring %d intersects itself (edges %d and %d) near %s", s.ring, s.edge, t.edge, near(s, t))
		}
	}
	return nil
}

func near(s, t *segment) string {
	return fmtPoint(Point{(s.a.Lon + s.b.Lon + t.a.Lon + t.b.Lon) / 4, (s.a.Lat + s.b.Lat + t.a.Lat + t.b.Lat) / 4})
}

func fmtPoint(p Point) string { return fmt.Sprintf("(%.6f, %.6f)", p.Lon, p.Lat) }
