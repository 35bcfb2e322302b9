package situation

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/trygg-se/trygg/internal/geo"
)

// GiResult is one cell's Gi* z-score and its two-sided p-value.
type GiResult struct{ Z, P float64 }

// GiStar computes Gi* (see the package doc) for a rows × cols grid stored
// row by row, as geo.Grid.ID numbers cells, with a distance band in cells;
// mask, if not nil, marks the cells to include. It runs in O(cells × band)
// with prefix sums along rows: a neighbourhood is, row by row, a contiguous
// run of columns.
func GiStar(values []float64, rows, cols int, band float64, mask []bool) ([]GiResult, error) {
	n := rows * cols
	switch {
	case rows < 0 || cols < 0:
		return nil, fmt.Errorf("situation: Gi* on a %d × %d grid", rows, cols)
	case len(values) != n:
		return nil, fmt.Errorf("situation: Gi* on %d values for %d × %d cells", len(values), rows, cols)
	case mask != nil && len(mask) != n:
		return nil, fmt.Errorf("situation: Gi* mask of %d for %d cells", len(mask), n)
	case !(band >= 0) || !finite(band):
		return nil, fmt.Errorf("situation: Gi* distance band %v, want ≥ 0", band)
	}
	in := func(i int) bool { return mask == nil || mask[i] }
	res := make([]GiResult, n)
	var count, sum float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, x := range values {
		res[i] = GiResult{0, 1}
		if !in(i) {
			continue
		}
		if !finite(x) {
			return nil, fmt.Errorf("situation: Gi* value %v in cell %d", x, i)
		}
		count, sum = count+1, sum+x
		lo, hi = min(lo, x), max(hi, x)
	}
	if count < 2 || lo == hi { // S = 0
		return res, nil
	}
	mean := sum / count
	// Prefix sums per row (with a leading 0) of the included cells and their
	// centred values: the numerator is then Σ wij (xj − X̄), without
	// cancellation between two large sums.
	ps, pc := make([]float64, rows*(cols+1)), make([]float64, rows*(cols+1))
	var ss float64
	for r := range rows {
		for c := range cols {
			i, j := r*cols+c, r*(cols+1)+c
			ps[j+1], pc[j+1] = ps[j], pc[j]
			if in(i) {
				d := values[i] - mean
				ps[j+1] += d
				pc[j+1]++
				ss += d * d
			}
		}
	}
	s := math.Sqrt(ss / count)
	reach := bandReach(band, rows, cols)
	b := len(reach) - 1
	for r := range rows {
		for c := range cols {
			i := r*cols + c
			if !in(i) {
				continue
			}
			var num, w float64
			for rr := max(0, r-b); rr <= min(rows-1, r+b); rr++ {
				m := reach[max(rr-r, r-rr)]
				c0, c1 := rr*(cols+1)+max(0, c-m), rr*(cols+1)+min(cols-1, c+m)+1
				num += ps[c1] - ps[c0]
				w += pc[c1] - pc[c0]
			}
			den := s * math.Sqrt((count*w-w*w)/(count-1)) // binary: Σ wij² = w
			if den > 0 {
				z := num / den
				res[i] = GiResult{z, math.Erfc(math.Abs(z) / math.Sqrt2)}
			}
		}
	}
	return res, nil
}

// bandReach returns, for each row offset k within the band, the largest
// column offset m with k² + m² ≤ band². Offsets are integers, so a small
// tolerance keeps a band of exactly √2 or 3 from losing its edge to rounding.
// The band is capped at the grid's diagonal, beyond which nothing changes.
func bandReach(band float64, rows, cols int) []int {
	band = min(band, math.Hypot(float64(rows), float64(cols)))
	lim := band*band + 1e-9
	var reach []int
	for k := 0; float64(k*k) <= lim; k++ {
		m := int(math.Sqrt(lim - float64(k*k)))
		for float64(k*k+(m+1)*(m+1)) <= lim {
			m++
		}
		for m > 0 && float64(k*k+m*m) > lim {
			m--
		}
		reach = append(reach, m)
	}
	return reach
}

// Hotspot classes.
const (
	Hot99, Hot95, Hot90    = "hot_99", "hot_95", "hot_90"
	Cold99, Cold95, Cold90 = "cold_99", "cold_95", "cold_90"
	None                   = "none"
)

// levels are the significance levels of the 99, 95 and 90 % bands.
var levels = [3]float64{0.01, 0.05, 0.10}

// Classify returns the narrowest of the 99, 95 and 90 % bands whose level
// the two-sided p-value is within, hot or cold by the sign of z.
func Classify(z, p float64) string {
	for i, a := range levels {
		if p <= a {
			return band(z, i)
		}
	}
	return None
}

func band(z float64, level int) string {
	switch {
	case z > 0:
		return [3]string{Hot99, Hot95, Hot90}[level]
	case z < 0:
		return [3]string{Cold99, Cold95, Cold90}[level]
	}
	return None
}

// Classes classifies the cells of a GiStar result; excluded ones are None.
// With fdr a cell is in a band only if Benjamini-Hochberg at that level over
// the included cells finds it: among a thousand cells, the 5 % band is then
// not fifty cells of chance.
func Classes(res []GiResult, mask []bool, fdr bool) []string {
	out := make([]string, len(res))
	var ps []float64
	var idx []int
	for i, r := range res {
		out[i] = None
		if mask == nil || mask[i] {
			ps, idx = append(ps, r.P), append(idx, i)
		}
	}
	if !fdr {
		for _, i := range idx {
			out[i] = Classify(res[i].Z, res[i].P)
		}
		return out
	}
	for l := len(levels) - 1; l >= 0; l-- { // widest band first, narrower overwrite
		for j, sig := range BenjaminiHochberg(ps, levels[l]) {
			if sig {
				out[idx[j]] = band(res[idx[j]].Z, l)
			}
		}
	}
	return out
}

// BenjaminiHochberg reports which of the p-values are discoveries at false
// discovery rate q: with the p-values sorted, the k smallest, for the
// largest k with p(k) ≤ k q / m. It is valid for the positively dependent
// tests of neighbouring Gi* cells. A NaN p-value is never a discovery.
func BenjaminiHochberg(ps []float64, q float64) []bool {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	key := func(i int) float64 { // NaN last; cmp.Compare puts it first
		if math.IsNaN(ps[i]) {
			return math.Inf(1)
		}
		return ps[i]
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	k := 0
	for r, i := range order {
		if ps[i] <= float64(r+1)*q/float64(m) {
			k = r + 1
		}
	}
	sig := make([]bool, m)
	for _, i := range order[:k] {
		sig[i] = true
	}
	return sig
}

// Point is a position in metres: X easting, Y northing (SWEREF 99 TM).
type Point struct{ X, Y float64 }

// Raster is a regular grid in metres, laid out as geo.Grid: row 0 is the
// southernmost, cells are numbered row by row.
type Raster struct {
	X0, Y0     float64 // south-west corner
	Size       float64 // cell side
	Rows, Cols int
}

// RasterOf returns the raster of a geo.Grid.
func RasterOf(g *geo.Grid) Raster {
	return Raster{X0: g.E0, Y0: g.N0, Size: g.Size, Rows: g.Rows, Cols: g.Cols}
}

// KDE returns the quartic kernel density of the points at each cell centre
// of r, in points per square kilometre, with bandwidth h in metres. Points
// outside the raster still count in the cells within h of them.
func KDE(points []Point, r Raster, h float64) ([]float64, error) {
	switch {
	case !(h > 0) || !finite(h):
		return nil, fmt.Errorf("situation: KDE bandwidth %v m, want > 0", h)
	case !(r.Size > 0) || !finite(r.X0, r.Y0, r.Size) || r.Rows < 0 || r.Cols < 0:
		return nil, fmt.Errorf("situation: KDE on an invalid raster %+v", r)
	}
	out := make([]float64, r.Rows*r.Cols)
	k := 3 / (math.Pi * h * h) * 1e6 // per m², then per km²
	h2 := h * h
	for i, p := range points {
		if !finite(p.X, p.Y) {
			return nil, fmt.Errorf("situation: KDE point %d at (%v, %v)", i, p.X, p.Y)
		}
		c0, c1 := span(p.X-h, p.X+h, r.X0, r.Size, r.Cols)
		r0, r1 := span(p.Y-h, p.Y+h, r.Y0, r.Size, r.Rows)
		for row := r0; row <= r1; row++ {
			dy := r.Y0 + (float64(row)+0.5)*r.Size - p.Y
			for col := c0; col <= c1; col++ {
				dx := r.X0 + (float64(col)+0.5)*r.Size - p.X
				if d2 := dx*dx + dy*dy; d2 < h2 {
					u := 1 - d2/h2
					out[row*r.Cols+col] += k * u * u
				}
			}
		}
	}
	return out, nil
}

// span returns the range of cells whose centres, origin + (i + ½) size, lie
// in [a, b]. It clamps before converting, so far points cannot overflow.
func span(a, b, origin, size float64, n int) (int, int) {
	lo := math.Max(0, math.Ceil((a-origin)/size-0.5))
	hi := math.Min(float64(n-1), math.Floor((b-origin)/size-0.5))
	if lo > hi {
		return 0, -1
	}
	return int(lo), int(hi)
}

// GridCounts counts the valid incidents with a point in each cell of g, as
// input for GiStar, and returns the IDs of those left out (no point, or
// outside the grid). The mask for GiStar comes from geo: the cells whose
// centre is in the kommun (Grid.CentreIn, or an Index for many cells).
func GridCounts(g *geo.Grid, incs []Incident) (counts []float64, left []int64) {
	counts = make([]float64, g.Len())
	for i := range incs {
		inc := &incs[i]
		if inc.valid() && inc.HasPoint {
			if c, ok := g.CellOf(inc.Lon, inc.Lat); ok {
				counts[g.ID(c)]++
				continue
			}
		}
		left = append(left, inc.ID)
	}
	return counts, left
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
