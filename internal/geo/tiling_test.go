package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// tiling covers the box [x0, x0+w) × [y0, y0+h) with nx × ny districts
// whose shared borders are wavy polylines with per points each, and whose
// outer border is the box itself. Neighbours share their border points
// exactly, as districts cut from one map do.
type tiling struct {
	x0, y0, w, h float64
	features     []Feature
}

func newTiling(nx, ny, per int, x0, y0, w, h float64, rng *rand.Rand) tiling {
	cw, ch := w/float64(nx), h/float64(ny)
	amp := 0.08 * min(cw, ch)
	node := make([][]Point, nx+1)
	for i := range node {
		node[i] = make([]Point, ny+1)
		for j := range node[i] {
			p := Point{x0 + float64(i)*cw, y0 + float64(j)*ch}
			if i > 0 && i < nx {
				p.Lon += (rng.Float64() - 0.5) * 0.2 * cw
			}
			if j > 0 && j < ny {
				p.Lat += (rng.Float64() - 0.5) * 0.2 * ch
			}
			node[i][j] = p
		}
	}
	// line runs from a to b with per segments, waving across it unless it
	// is on the outer border.
	line := func(a, b Point, wave bool, vertical bool) []Point {
		out := make([]Point, per+1)
		waves := float64(1 + rng.IntN(4))
		for k := range out {
			t := float64(k) / float64(per)
			p := Point{a.Lon + t*(b.Lon-a.Lon), a.Lat + t*(b.Lat-a.Lat)}
			if wave && k > 0 && k < per {
				d := amp * math.Sin(math.Pi*waves*t)
				if vertical {
					p.Lon += d
				} else {
					p.Lat += d
				}
			}
			out[k] = p
		}
		out[0], out[per] = a, b
		return out
	}
	hor := make([][][]Point, nx)
	ver := make([][][]Point, nx+1)
	for i := range nx + 1 {
		ver[i] = make([][]Point, ny)
		for j := range ny {
			ver[i][j] = line(node[i][j], node[i][j+1], i > 0 && i < nx, true)
		}
		if i < nx {
			hor[i] = make([][]Point, ny+1)
			for j := range ny + 1 {
				hor[i][j] = line(node[i][j], node[i+1][j], j > 0 && j < ny, false)
			}
		}
	}
	rev := func(ps []Point) []Point {
		out := make([]Point, len(ps))
		for k, p := range ps {
			out[len(ps)-1-k] = p
		}
		return out
	}
	t := tiling{x0: x0, y0: y0, w: w, h: h}
	for j := range ny {
		for i := range nx {
			var r Ring
			r = append(r, hor[i][j][:per]...)
			r = append(r, ver[i+1][j][:per]...)
			r = append(r, rev(hor[i][j+1])[:per]...)
			r = append(r, rev(ver[i][j])...)
			name := fmt.Sprintf("D%d-%d", i, j)
			t.features = append(t.features, Feature{Name: name, Key: Slug(name), Geometry: MultiPolygon{{r}}})
		}
	}
	return t
}

// inside reports whether p is in the half-open box the tiling covers, where
// the half-open rule puts it in exactly one district.
func (t tiling) inside(p Point) bool {
	return p.Lon >= t.x0 && p.Lon < t.x0+t.w && p.Lat >= t.y0 && p.Lat < t.y0+t.h
}

// bruteLocate is the reference for Index.Locate: the first feature that
// contains p, and how many do.
func bruteLocate(fs []Feature, p Point) (first, count int) {
	first = -1
	for i, f := range fs {
		if f.Geometry.Contains(p) {
			if count == 0 {
				first = i
			}
			count++
		}
	}
	return first, count
}
