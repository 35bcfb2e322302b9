package geo

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// FuzzReadFeatures: arbitrary bytes never panic, and whatever is accepted is
// valid, indexable and survives a write-read round trip.
func FuzzReadFeatures(f *testing.F) {
	if kat, err := os.ReadFile("testdata/katrineholm_municipality.geojson"); err == nil {
		f.Add(kat, 0)
	}
	f.Add([]byte(fc("", feature("Norr", "Polygon", square))), 0)
	f.Add([]byte(fc("EPSG:3006", feature("Norr", "Polygon", `[[[569362,6540210],[569462,6540210],[569462,6540310],[569362,6540210]]]`))), 3006)
	f.Add([]byte(fc("", feature("Norr", "MultiPolygon", `[[[[16,59],[16.1,59],[16.1,59.1],[16,59.1],[16,59]],[[16.01,59.01],[16.02,59.01],[16.02,59.02],[16.01,59.01]]]]`))), 0)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[1e308,-1e308],[0,0],[1,1],[1e308,-1e308]]]}}]}`), 3010)
	f.Fuzz(func(t *testing.T, data []byte, crs int) {
		crs = []int{0, WGS84, 3006, 3010, 3857}[uint(crs)%5]
		fs, err := ReadFeatures(bytes.NewReader(data), LoadOptions{CRS: crs})
		if err != nil {
			if fs != nil {
				t.Fatal("features returned with an error")
			}
			return
		}
		for _, f := range fs {
			if err := f.Geometry.Validate(); err != nil {
				t.Fatalf("accepted invalid geometry: %v", err)
			}
			f.Geometry.Area()
			f.Geometry.Centroid()
		}
		ix := NewIndex(fs)
		for _, f := range fs {
			p := f.Geometry[0][0][0]
			ix.Locate(p.Lon, p.Lat)
		}
		var buf bytes.Buffer
		if err := WriteFeatures(&buf, fs); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadFeatures(&buf, LoadOptions{}); err != nil {
			t.Fatalf("written file does not read back: %v", err)
		}
	})
}

// FuzzLocate: in a tiling, no point is in two districts, every point of the
// tiled box is in exactly one (borders and shared vertices included), and
// the index agrees with the brute force.
func FuzzLocate(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), uint16(0), 0.5, 0.5)
	f.Add(uint64(2), uint8(6), uint8(5), uint16(77), 0.0, 1.0)
	f.Add(uint64(3), uint8(1), uint8(1), uint16(5), -1e-300, 0.999999999)
	f.Fuzz(func(t *testing.T, seed uint64, nx, ny uint8, pick uint16, fx, fy float64) {
		rng := rand.New(rand.NewPCG(seed, 9))
		tl := newTiling(1+int(nx%6), 1+int(ny%5), 2+int(pick%13), 15.7, 58.75, 0.9, 0.5, rng)
		ix := NewIndex(tl.features)
		var verts []Point
		for _, f := range tl.features {
			verts = append(verts, f.Geometry[0][0]...)
		}
		v := verts[int(pick)%len(verts)]
		w := verts[(int(pick)+1)%len(verts)]
		frac := func(x float64) float64 {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return 0.5
			}
			_, fr := math.Modf(math.Abs(x))
			return fr
		}
		pts := []Point{
			v, // a vertex, often shared
			{(v.Lon + w.Lon) / 2, (v.Lat + w.Lat) / 2}, // near or on an edge
			{v.Lon + (w.Lon-v.Lon)*frac(fx), v.Lat + (w.Lat-v.Lat)*frac(fx)},
			{tl.x0 + frac(fx)*tl.w, tl.y0 + frac(fy)*tl.h}, // anywhere in the box
			{fx, fy}, // anywhere at all
			{v.Lon, tl.y0 + frac(fy)*tl.h},
			{tl.x0 + frac(fx)*tl.w, v.Lat},
		}
		for _, p := range pts {
			checkPoint(t, tl, ix, p)
		}
	})
}
