package geo

import (
	"fmt"
	"math"

	"github.com/trygg-se/trygg/internal/geo/sweref"
)

// Grid is a regular grid of square cells in SWEREF 99 TM, the base for
// hotspot statistics. Its origin is snapped to a multiple of the cell size,
// so grids with the same cell size line up wherever they are made.
type Grid struct {
	Size       float64 // cell side, metres
	E0, N0     float64 // south-west corner, SWEREF 99 TM metres
	Rows, Cols int     // row 0 is the southernmost
}

// Cell identifies a grid cell.
type Cell struct{ Row, Col int }

// maxCells bounds a grid: beyond it the cell size is surely a mistake.
const maxCells = 50_000_000

// NewGrid covers the WGS84 box b (use m.BBox() for a MultiPolygon) with
// cells of size metres.
func NewGrid(b BBox, size float64) (*Grid, error) {
	if !(size > 0) || math.IsInf(size, 0) {
		return nil, fmt.Errorf("geo: grid cell size %v m, want > 0", size)
	}
	if !(b.MinLon < b.MaxLon && b.MinLat < b.MaxLat) || !b.valid() {
		return nil, fmt.Errorf("geo: grid over an empty or invalid box %+v", b)
	}
	// Meridians converge in the projection, so the box's image is bounded
	// by its projected edges, not its corners: sample them.
	minE, minN, maxE, maxN := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	const steps = 32
	for i := 0; i <= steps; i++ {
		t := float64(i) / steps
		lon, lat := b.MinLon+t*(b.MaxLon-b.MinLon), b.MinLat+t*(b.MaxLat-b.MinLat)
		for _, p := range []Point{{lon, b.MinLat}, {lon, b.MaxLat}, {b.MinLon, lat}, {b.MaxLon, lat}} {
			n, e := sweref.TM.Forward(p.Lat, p.Lon)
			minE, minN, maxE, maxN = min(minE, e), min(minN, n), max(maxE, e), max(maxN, n)
		}
	}
	g := &Grid{Size: size, E0: math.Floor(minE/size) * size, N0: math.Floor(minN/size) * size}
	cols, rows := math.Floor((maxE-g.E0)/size)+1, math.Floor((maxN-g.N0)/size)+1
	if cols*rows > maxCells {
		return nil, fmt.Errorf("geo: grid of %.0f × %.0f cells of %v m is too large", rows, cols, size)
	}
	g.Cols, g.Rows = int(cols), int(rows)
	return g, nil
}

func (b BBox) valid() bool {
	return b.MinLon >= -180 && b.MaxLon <= 180 && b.MinLat >= -90 && b.MaxLat <= 90
}

// Len returns the number of cells.
func (g *Grid) Len() int { return g.Rows * g.Cols }

// ID numbers cells row by row from the south-west: 0 … Len()-1.
func (g *Grid) ID(c Cell) int { return c.Row*g.Cols + c.Col }

// CellAt is the inverse of ID.
func (g *Grid) CellAt(id int) Cell { return Cell{id / g.Cols, id % g.Cols} }

// CellOf returns the cell holding (lon, lat), or false outside the grid.
// Cells are half-open: a point on a cell line belongs to the cell north or
// east of it.
func (g *Grid) CellOf(lon, lat float64) (Cell, bool) {
	n, e := sweref.TM.Forward(lat, lon)
	r, c := math.Floor((n-g.N0)/g.Size), math.Floor((e-g.E0)/g.Size)
	if !(r >= 0 && r < float64(g.Rows) && c >= 0 && c < float64(g.Cols)) {
		return Cell{}, false
	}
	return Cell{int(r), int(c)}, true
}

// Centre returns the centre of cell c in WGS84.
func (g *Grid) Centre(c Cell) Point {
	lat, lon := sweref.TM.Inverse(g.N0+(float64(c.Row)+0.5)*g.Size, g.E0+(float64(c.Col)+0.5)*g.Size)
	return Point{lon, lat}
}

// Polygon returns cell c's outline in WGS84, counter-clockwise from the
// south-west corner.
func (g *Grid) Polygon(c Cell) Polygon {
	e, n := g.E0+float64(c.Col)*g.Size, g.N0+float64(c.Row)*g.Size
	r := make(Ring, 5)
	for i, d := range [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}} {
		lat, lon := sweref.TM.Inverse(n+d[1]*g.Size, e+d[0]*g.Size)
		r[i] = Point{lon, lat}
	}
	return Polygon{r}
}

// CentreIn reports whether cell c's centre is in m: cells whose centre is
// outside the kommun are left out of its statistics. For many cells against
// a detailed outline, locate the centres with an Index instead.
func (g *Grid) CentreIn(c Cell, m MultiPolygon) bool { return m.Contains(g.Centre(c)) }
