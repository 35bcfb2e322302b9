package geo

import "math"

// Index finds the district a point is in.
//
// Boundaries follow the half-open rule of MultiPolygon.Contains: a point on
// a border shared by two districts (or a vertex shared by several) belongs
// to exactly one of them, the one its infinitesimally north-eastern
// neighbourhood lies in. Where districts overlap (they should not), the
// lowest index wins.
//
// Speed comes from two levels of buckets. A grid over all districts lists
// per cell the districts that may contain its points; a cell no border
// crosses is settled without any test. Inside a district, edges are bucketed
// by latitude band, so the crossing test looks at a handful of edges.
type Index struct {
	box    BBox
	nx, ny int
	sx, sy float64 // cells per degree
	start  []int32 // candidates of cell c: cand[start[c]:start[c+1]]
	cand   []candidate
	bands  []bands // per feature
}

type candidate struct {
	feature int32
	full    bool // the whole cell is inside the feature
}

// bands are one feature's edges bucketed by latitude.
type bands struct {
	minLat, scale float64 // bands per degree
	start         []int32
	edges         []edge
}

type edge struct{ a, b Point } // a.Lat < b.Lat

// NewIndex builds an index over the features' geometries; Locate returns
// positions in fs.
func NewIndex(fs []Feature) *Index {
	ix := &Index{bands: make([]bands, len(fs))}
	box := BBox{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	nEdges := 0
	for i, f := range fs {
		ix.bands[i] = newBands(f.Geometry)
		nEdges += len(ix.bands[i].edges)
		if b := f.Geometry.BBox(); b != (BBox{}) {
			box = BBox{min(box.MinLon, b.MinLon), min(box.MinLat, b.MinLat), max(box.MaxLon, b.MaxLon), max(box.MaxLat, b.MaxLat)}
		}
	}
	if box.MinLon > box.MaxLon {
		ix.box = BBox{1, 1, -1, -1} // matches nothing
		return ix
	}
	ix.box = box
	// About two cells per edge, near square on the ground.
	target := float64(min(max(2*nEdges, 256), 1<<20))
	w := (box.MaxLon - box.MinLon) * math.Cos((box.MinLat+box.MaxLat)/2*math.Pi/180)
	h := box.MaxLat - box.MinLat
	ix.nx = min(max(int(math.Sqrt(target*w/max(h, 1e-12))), 1), 4096)
	ix.ny = min(max(int(target)/ix.nx, 1), 4096)
	ix.sx = float64(ix.nx) / max(box.MaxLon-box.MinLon, 1e-300)
	ix.sy = float64(ix.ny) / max(box.MaxLat-box.MinLat, 1e-300)

	cells := make([][]candidate, ix.nx*ix.ny)
	crossed := make([]int, len(cells)) // feature+1 whose border crosses the cell
	for fi, f := range fs {
		if f.Geometry.BBox() == (BBox{}) {
			continue
		}
		for _, poly := range f.Geometry {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					ix.markEdge(r[i], r[i+1], func(c int) { crossed[c] = fi + 1 })
				}
			}
		}
		b := f.Geometry.BBox()
		for y := ix.cellY(b.MinLat); y <= ix.cellY(b.MaxLat); y++ {
			for x := ix.cellX(b.MinLon); x <= ix.cellX(b.MaxLon); x++ {
				c := y*ix.nx + x
				if crossed[c] == fi+1 {
					cells[c] = append(cells[c], candidate{int32(fi), false})
					continue
				}
				// No border in the cell: its centre speaks for all of it.
				centre := Point{ix.box.MinLon + (float64(x)+0.5)/ix.sx, ix.box.MinLat + (float64(y)+0.5)/ix.sy}
				if ix.bands[fi].contains(centre) {
					cells[c] = append(cells[c], candidate{int32(fi), true})
				}
			}
		}
	}
	ix.start = make([]int32, len(cells)+1)
	for c, cs := range cells {
		ix.cand = append(ix.cand, cs...)
		ix.start[c+1] = int32(len(ix.cand))
	}
	return ix
}

func (ix *Index) cellX(lon float64) int {
	return min(max(int((lon-ix.box.MinLon)*ix.sx), 0), ix.nx-1)
}

func (ix *Index) cellY(lat float64) int {
	return min(max(int((lat-ix.box.MinLat)*ix.sy), 0), ix.ny-1)
}

// markEdge calls mark for every cell segment ab may pass through. It works
// row by row, widening each row's slice of the edge by 1% of a cell so that
// rounding can only add cells, never miss one: a missed cell would be
// settled wrongly as "no border here".
func (ix *Index) markEdge(a, b Point, mark func(int)) {
	if a.Lat > b.Lat {
		a, b = b, a
	}
	padX, padY := 0.01/ix.sx, 0.01/ix.sy
	for y := ix.cellY(a.Lat); y <= ix.cellY(b.Lat); y++ {
		lo := max(a.Lat, ix.box.MinLat+float64(y)/ix.sy-padY)
		hi := min(b.Lat, ix.box.MinLat+float64(y+1)/ix.sy+padY)
		x0, x1 := a.Lon, b.Lon
		if b.Lat > a.Lat {
			t := (b.Lon - a.Lon) / (b.Lat - a.Lat)
			x0, x1 = a.Lon+(lo-a.Lat)*t, a.Lon+(hi-a.Lat)*t
		}
		x0, x1 = min(x0, x1), max(x0, x1)
		// Never beyond the edge's own extent: that extent is exact.
		x0, x1 = max(x0-padX, min(a.Lon, b.Lon)), min(x1+padX, max(a.Lon, b.Lon))
		for x := ix.cellX(x0); x <= ix.cellX(x1); x++ {
			mark(y*ix.nx + x)
		}
	}
}

// Locate returns the index of the feature containing (lon, lat), or false
// when the point is in none.
func (ix *Index) Locate(lon, lat float64) (int, bool) {
	if !(lon >= ix.box.MinLon && lon <= ix.box.MaxLon && lat >= ix.box.MinLat && lat <= ix.box.MaxLat) {
		return -1, false
	}
	c := ix.cellY(lat)*ix.nx + ix.cellX(lon)
	p := Point{lon, lat}
	for _, k := range ix.cand[ix.start[c]:ix.start[c+1]] {
		if k.full || ix.bands[k.feature].contains(p) {
			return int(k.feature), true
		}
	}
	return -1, false
}

func newBands(m MultiPolygon) bands {
	var edges []edge
	for _, poly := range m {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				a, b := r[i], r[i+1]
				if a.Lat > b.Lat {
					a, b = b, a
				}
				if a.Lat < b.Lat { // horizontal edges never cross the ray
					edges = append(edges, edge{a, b})
				}
			}
		}
	}
	bb := m.BBox()
	n := min(max(len(edges)/2, 1), 1<<14)
	bs := bands{minLat: bb.MinLat, scale: float64(n) / max(bb.MaxLat-bb.MinLat, 1e-300)}
	band := func(lat float64) int { return min(max(int((lat-bs.minLat)*bs.scale), 0), n-1) }
	count := make([]int32, n+1)
	for _, e := range edges {
		for k := band(e.a.Lat); k <= band(e.b.Lat); k++ {
			count[k+1]++
		}
	}
	for k := range n {
		count[k+1] += count[k]
	}
	bs.start = count
	bs.edges = make([]edge, count[n])
	fill := append([]int32(nil), count[:n]...)
	for _, e := range edges {
		for k := band(e.a.Lat); k <= band(e.b.Lat); k++ {
			bs.edges[fill[k]] = e
			fill[k]++
		}
	}
	return bs
}

// contains is MultiPolygon.Contains restricted to the edges of p's band: an
// edge whose latitude range holds p.Lat is in that band.
func (bs *bands) contains(p Point) bool {
	n := len(bs.start) - 1
	if n <= 0 {
		return false
	}
	k := min(max(int((p.Lat-bs.minLat)*bs.scale), 0), n-1)
	in := false
	for _, e := range bs.edges[bs.start[k]:bs.start[k+1]] {
		if e.a.Lat <= p.Lat && p.Lat < e.b.Lat && p.Lon < max(e.a.Lon, e.b.Lon) &&
			(p.Lon < min(e.a.Lon, e.b.Lon) || orient(e.a, e.b, p) > 0) {
			in = !in
		}
	}
	return in
}
