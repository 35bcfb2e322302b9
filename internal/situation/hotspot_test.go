package situation_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/situation"
)

// refGi is Gi* straight from Ord & Getis (1995) with binary weights over a
// distance band, O(n²) for any points, written apart from GiStar: one-pass
// moments, explicit weights and Σ wij².
func refGi(pts [][2]float64, x []float64, band float64) []float64 {
	n := float64(len(x))
	var sum, sum2 float64
	for _, v := range x {
		sum, sum2 = sum+v, sum2+v*v
	}
	mean := sum / n
	s := math.Sqrt(sum2/n - mean*mean)
	z := make([]float64, len(x))
	for i := range x {
		var wx, w, w2 float64
		for j := range x {
			if math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1]) <= band+1e-9 {
				wij := 1.0
				wx, w, w2 = wx+wij*x[j], w+wij, w2+wij*wij
			}
		}
		z[i] = (wx - mean*w) / (s * math.Sqrt((n*w2-w*w)/(n-1)))
	}
	return z
}

// TestRefGiPySAL checks the reference against PySAL esda's published test
// (esda/tests/test_getisord.py, TestGLocal.test_star_binary): six points,
// DistanceBand threshold 15, y = 2, 3, 3.2, 5, 8, 7, Gi* z of point 0 is
// −1.39727626. By hand: point 0's band holds itself, points 1 and 3, so
// Σwx = 10, W = 3; X̄ = 4.7, S = √(161.24/6 − 4.7²) = 2.18708;
// z = (10 − 14.1) / (2.18708 √((18 − 9)/5)) = −1.39728.
func TestRefGiPySAL(t *testing.T) {
	pts := [][2]float64{{10, 10}, {20, 10}, {40, 10}, {15, 20}, {30, 20}, {30, 30}}
	z := refGi(pts, []float64{2, 3, 3.2, 5, 8, 7}, 15)
	if got, want := z[0], -1.39727626; math.Abs(got-want) > 1e-7 {
		t.Fatalf("z[0]=%v, want %v", got, want)
	}
}

// TestGiStarHand is a 3 × 3 grid with 9 in the middle, rook neighbours
// (band 1) plus self. n = 9, X̄ = 1, S = √(81/9 − 1) = 2√2.
//
//	centre: W = 5, Σwx = 9: z = (9 − 5) / (2√2 √((45 − 25)/8)) = 2/√5
//	edge:   W = 4, Σwx = 9: z = (9 − 4) / (2√2 √((36 − 16)/8)) = √5/2
//	corner: W = 3, Σwx = 0: z = (0 − 3) / (2√2 √((27 − 9)/8))  = −1/√2
//
// (An edge scores above the centre: it has fewer zeros around the 9.)
func TestGiStarHand(t *testing.T) {
	res, err := situation.GiStar([]float64{0, 0, 0, 0, 9, 0, 0, 0, 0}, 3, 3, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, e, k := 2/math.Sqrt(5), math.Sqrt(5)/2, -1/math.Sqrt2
	want := []float64{k, e, k, e, c, e, k, e, k}
	for i, r := range res {
		if math.Abs(r.Z-want[i]) > 1e-12 {
			t.Errorf("cell %d: z=%v, want %v", i, r.Z, want[i])
		}
		if p := math.Erfc(math.Abs(want[i]) / math.Sqrt2); math.Abs(r.P-p) > 1e-12 {
			t.Errorf("cell %d: p=%v, want %v", i, r.P, p)
		}
	}
	// z = 1.959964 is the two-sided 5 % point.
	if got, want := res[4].P, 0.3710933; math.Abs(got-want) > 1e-6 {
		t.Errorf("p at z=2/√5 is %v, want %v", got, want)
	}
}

func TestGiStarAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range [][2]int{{7, 9}, {12, 5}, {20, 20}, {1, 30}} {
		for _, band := range []float64{0, 1, 1.5, math.Sqrt2, 2, 2.5, 3, 4.25} {
			for _, masked := range []bool{false, true} {
				for _, counts := range []bool{false, true} {
					rows, cols := size[0], size[1]
					x := make([]float64, rows*cols)
					var mask []bool
					if masked {
						mask = make([]bool, len(x))
					}
					var pts [][2]float64
					var sub []float64
					for i := range x {
						if counts {
							x[i] = float64(r.IntN(6))
						} else {
							x[i] = r.Float64()*10 - 3
						}
						if mask != nil {
							mask[i] = r.IntN(10) < 7
						}
						if mask == nil || mask[i] {
							pts = append(pts, [2]float64{float64(i % cols), float64(i / cols)})
							sub = append(sub, x[i])
						}
					}
					res, err := situation.GiStar(x, rows, cols, band, mask)
					if err != nil {
						t.Fatal(err)
					}
					ref := refGi(pts, sub, band)
					j := 0
					for i, g := range res {
						if mask != nil && !mask[i] {
							if g != (situation.GiResult{Z: 0, P: 1}) {
								t.Fatalf("excluded cell %d: %v", i, g)
							}
							continue
						}
						want := ref[j]
						j++
						if math.IsNaN(want) || math.IsInf(want, 0) { // every cell a neighbour
							want = 0
						}
						if math.Abs(g.Z-want) > 1e-9 {
							t.Fatalf("%v band %v mask %v: cell %d z=%v, want %v", size, band, masked, i, g.Z, want)
						}
					}
				}
			}
		}
	}
}

func TestGiStarLoneCluster(t *testing.T) {
	const n = 30
	x := make([]float64, n*n)
	for i := range x {
		x[i] = 1
	}
	for r := 14; r <= 16; r++ {
		for c := 14; c <= 16; c++ {
			x[r*n+c] = 10
		}
	}
	res, err := situation.GiStar(x, n, n, 1.5, nil)
	if err != nil {
		t.Fatal(err)
	}
	classes := situation.Classes(res, nil, true)
	if got, want := classes[15*n+15], situation.Hot99; got != want {
		t.Fatalf("cluster centre: %v (z=%v), want %v", got, res[15*n+15].Z, want)
	}
	for i, c := range classes {
		r, col := i/n, i%n
		near := r >= 13 && r <= 17 && col >= 13 && col <= 17
		if c != situation.None && !near {
			t.Errorf("cell (%d, %d) far from the cluster is %v", r, col, c)
		}
	}

	// A uniform field has S = 0: nothing is hot or cold.
	for i := range x {
		x[i] = 3
	}
	res, _ = situation.GiStar(x, n, n, 3, nil)
	for i, g := range res {
		if g != (situation.GiResult{Z: 0, P: 1}) {
			t.Fatalf("uniform field, cell %d: %v", i, g)
		}
	}
}

func TestGiStarSymmetry(t *testing.T) {
	const n = 16
	r := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, n*n)
	for row := range n / 2 { // mirror a quarter into all four
		for c := range n / 2 {
			v := float64(r.IntN(9))
			for _, rc := range [][2]int{{row, c}, {n - 1 - row, c}, {row, n - 1 - c}, {n - 1 - row, n - 1 - c}} {
				x[rc[0]*n+rc[1]] = v
			}
		}
	}
	res, err := situation.GiStar(x, n, n, 2.5, nil)
	if err != nil {
		t.Fatal(err)
	}
	for row := range n {
		for c := range n {
			a := res[row*n+c].Z
			for _, b := range []float64{res[(n-1-row)*n+c].Z, res[row*n+n-1-c].Z} {
				if math.Abs(a-b) > 1e-12 {
					t.Fatalf("(%d, %d): %v against mirror %v", row, c, a, b)
				}
			}
		}
	}
}

func TestGiStarMaskIgnoresOutside(t *testing.T) {
	x := []float64{1, 5, 2, 100, 7, 3, 0, 4, 6}
	mask := []bool{true, true, true, false, true, true, true, true, true}
	a, _ := situation.GiStar(x, 3, 3, 1.5, mask)
	x[3] = -1e6
	b, _ := situation.GiStar(x, 3, 3, 1.5, mask)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("an excluded value changed the result:\n%v\n%v", a, b)
	}
}

func TestGiStarErrors(t *testing.T) {
	for _, tt := range []struct {
		name       string
		x          []float64
		rows, cols int
		band       float64
		mask       []bool
	}{
		{"length", []float64{1, 2, 3}, 2, 2, 1, nil},
		{"mask length", []float64{1, 2, 3, 4}, 2, 2, 1, []bool{true}},
		{"negative band", []float64{1, 2, 3, 4}, 2, 2, -1, nil},
		{"NaN band", []float64{1, 2, 3, 4}, 2, 2, math.NaN(), nil},
		{"NaN value", []float64{1, math.NaN(), 3, 4}, 2, 2, 1, nil},
		{"negative rows", nil, -1, 0, 1, nil},
	} {
		if _, err := situation.GiStar(tt.x, tt.rows, tt.cols, tt.band, tt.mask); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	// A masked-out NaN is no error: it takes no part.
	if _, err := situation.GiStar([]float64{1, math.NaN(), 3, 4}, 2, 2, 1, []bool{true, false, true, true}); err != nil {
		t.Errorf("masked NaN: %v", err)
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		z, p float64
		want string
	}{
		{3, 0.002, situation.Hot99},
		{2.1, 0.03, situation.Hot95},
		{1.7, 0.09, situation.Hot90},
		{1.7, 0.10, situation.Hot90},
		{1.5, 0.13, situation.None},
		{-2.7, 0.007, situation.Cold99},
		{-2, 0.045, situation.Cold95},
		{-1.66, 0.097, situation.Cold90},
		{0, 1, situation.None},
		{0, 0.001, situation.None},
	} {
		if got := situation.Classify(tt.z, tt.p); got != tt.want {
			t.Errorf("Classify(%v, %v)=%v, want %v", tt.z, tt.p, got, tt.want)
		}
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	for _, tt := range []struct {
		name string
		ps   []float64
		q    float64
		want []bool
	}{
		// Sorted .005 .01 .03 .04 .5 against .01 .02 .03 .04 .05: the
		// fourth is the largest within its threshold.
		{"textbook", []float64{0.01, 0.04, 0.03, 0.005, 0.5}, 0.05, []bool{true, true, true, true, false}},
		// Step-up: .02 fails 1/3·.05 alone, yet .04 ≤ .05 carries it.
		{"step-up", []float64{0.02, 0.03, 0.04}, 0.05, []bool{true, true, true}},
		{"none", []float64{0.2, 0.5, 0.9}, 0.05, []bool{false, false, false}},
		{"NaN", []float64{math.NaN(), 0.001}, 0.05, []bool{false, true}},
		{"empty", nil, 0.05, []bool{}},
	} {
		if got := situation.BenjaminiHochberg(tt.ps, tt.q); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestClassesFDR(t *testing.T) {
	// Ten cells: one strong, one at p = .03 (hot_95 alone, but not among
	// ten at FDR 5 %: .03 > 2/10·.05), the rest nothing; one masked out.
	res := make([]situation.GiResult, 10)
	for i := range res {
		res[i] = situation.GiResult{Z: 0.1, P: 0.9}
	}
	res[0] = situation.GiResult{Z: 4, P: 0.0001}
	res[1] = situation.GiResult{Z: -2.17, P: 0.03}
	res[2] = situation.GiResult{Z: 3, P: 0.002}
	mask := make([]bool, 10)
	for i := range mask {
		mask[i] = i != 2
	}
	if got, want := situation.Classes(res, mask, false)[:3], []string{situation.Hot99, situation.Cold95, situation.None}; !reflect.DeepEqual(got, want) {
		t.Fatalf("plain: %v, want %v", got, want)
	}
	if got, want := situation.Classes(res, mask, true)[:3], []string{situation.Hot99, situation.None, situation.None}; !reflect.DeepEqual(got, want) {
		t.Fatalf("FDR: %v, want %v", got, want)
	}
}

func TestKDE(t *testing.T) {
	const h = 500.0
	r := rand.New(rand.NewPCG(5, 6))
	pts := make([]situation.Point, 40)
	for i := range pts {
		pts[i] = situation.Point{X: 2000 + 2000*r.Float64(), Y: 2000 + 2000*r.Float64()}
	}
	ras := situation.Raster{Size: 20, Rows: 300, Cols: 300} // 6 × 6 km
	d, err := situation.KDE(pts, ras, h)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, v := range d {
		sum += v * (20.0 / 1000) * (20.0 / 1000) // density × cell area in km²
	}
	if got, want := sum, float64(len(pts)); math.Abs(got-want) > 0.005*want {
		t.Fatalf("integral=%v, want ≈ %v", got, want)
	}

	// One point on a cell centre: the peak is 3/(π h²) per m², nothing at
	// or beyond h.
	ras = situation.Raster{X0: 1000, Y0: 2000, Size: 100, Rows: 20, Cols: 30}
	d, _ = situation.KDE([]situation.Point{{X: 1000 + 1050, Y: 2000 + 950}}, ras, h)
	if got, want := d[9*30+10], 3/(math.Pi*h*h)*1e6; math.Abs(got-want) > 1e-9 {
		t.Fatalf("peak=%v, want %v", got, want)
	}
	if got, want := d[9*30+15], 0.0; got != want { // 500 m east
		t.Fatalf("at h: %v, want %v", got, want)
	}
	if got, want := d[12*30+13], 3/(math.Pi*h*h)*1e6*sq(1-(300*300+300*300)/(h*h)); math.Abs(got-want) > 1e-9 {
		t.Fatalf("300 m east, 300 m north: %v, want %v", got, want)
	}
	if got, want := d[12*30+14], 0.0; got != want { // 400 m east, 300 m north: at h
		t.Fatalf("at h diagonally: %v, want %v", got, want)
	}
	if got, want := d[9*30+12], 3/(math.Pi*h*h)*1e6*sq(1-0.16); math.Abs(got-want) > 1e-9 { // 200 m east
		t.Fatalf("at 200 m: %v, want %v", got, want)
	}

	// Far away points touch nothing; bad input is an error.
	d, err = situation.KDE([]situation.Point{{X: 1e300, Y: -1e300}}, ras, h)
	if err != nil || d[0] != 0 {
		t.Fatalf("far point: %v, %v", d[0], err)
	}
	if _, err := situation.KDE([]situation.Point{{X: math.NaN()}}, ras, h); err == nil {
		t.Fatal("NaN point: no error")
	}
	if _, err := situation.KDE(nil, ras, 0); err == nil {
		t.Fatal("bandwidth 0: no error")
	}
}

func sq(x float64) float64 { return x * x }

func TestGridCounts(t *testing.T) {
	g, err := geo.NewGrid(geo.BBox{MinLon: 16.1, MinLat: 58.95, MaxLon: 16.3, MaxLat: 59.05}, 500)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	incs := []situation.Incident{
		{ID: 1, From: t0, To: t0, Lon: 16.2, Lat: 59.0, HasPoint: true},
		{ID: 2, From: t0, To: t0, Lon: 16.2001, Lat: 59.0001, HasPoint: true},
		{ID: 3, From: t0, To: t0, Lon: 16.2, Lat: 59.0}, // no point
		{ID: 4, From: t0, To: t0, Lon: 18.0, Lat: 59.3, HasPoint: true},
		{ID: 5, From: t0, To: t0.Add(-time.Hour), Lon: 16.2, Lat: 59.0, HasPoint: true},
	}
	counts, left := situation.GridCounts(g, incs)
	c, _ := g.CellOf(16.2, 59.0)
	if got, want := counts[g.ID(c)], 2.0; got != want {
		t.Fatalf("count=%v, want %v", got, want)
	} else if got, want := left, []int64{3, 4, 5}; !reflect.DeepEqual(got, want) {
		t.Fatalf("left=%v, want %v", got, want)
	}
}
