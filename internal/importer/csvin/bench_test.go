package csvin_test

import (
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trygg-se/trygg/internal/importer/csvin"
)

// rowSource generates an incident CSV of n rows on the fly, so that the
// benchmark measures the reader's memory, not the test's.
type rowSource struct {
	n, i int
	buf  []byte
	off  int
	t    time.Time

	latin1 bool // write Windows-1252, as Excel does (the text is Latin-1)
}

func newRowSource(n int) *rowSource {
	return &rowSource{n: n, buf: []byte("id;tid;lat;lon;kategori;text\r\n"),
		t: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
}

var categories = []string{"Skadegörelse", "Klotter", "Nedskräpning", "Ordningsstörning", "Belysning"}

func (g *rowSource) Read(p []byte) (int, error) {
	for g.off == len(g.buf) {
		if g.i == g.n {
			return 0, io.EOF
		}
		g.i++
		g.buf, g.off = g.buf[:0], 0
		b := strconv.AppendInt(g.buf, int64(g.i), 10)
		b = append(b, ';')
		b = g.t.Add(time.Duration(g.i)*37*time.Second).AppendFormat(b, "2006-01-02 15:04")
		b = append(b, ";58,"...)
		b = strconv.AppendInt(b, 9_000_000+int64(g.i*7919%1_000_000), 10)
		b = append(b, ";16,"...)
		b = strconv.AppendInt(b, 2_000_000+int64(g.i*104729%1_000_000), 10)
		b = append(b, ';')
		b = append(b, categories[g.i%len(categories)]...)
		b = append(b, ";\"Rapport från trygghetsvandring, rad "...)
		b = strconv.AppendInt(b, int64(g.i), 10)
		b = append(b, "; se bild\"\r\n"...)
		g.buf = b
		if g.latin1 {
			g.buf = toLatin1(b)
		}
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// toLatin1 re-encodes UTF-8 text that is all below U+0100 in place.
func toLatin1(b []byte) []byte {
	out := b[:0]
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out, b = append(out, byte(r)), b[n:]
	}
	return out
}

// BenchmarkReader1M parses a 1,000,000-row file (≈ 110 MB) per iteration
// and reports rows/s, bytes and allocations per row, and the largest heap
// seen, which stays flat however long the file. The times include the
// generator (see BenchmarkRowSource) and, for Windows-1252, its encoder.
func BenchmarkReader1M(b *testing.B) {
	b.Run("UTF-8", func(b *testing.B) {
		benchReader(b, func() io.Reader { return newRowSource(1_000_000) })
	})
	b.Run("Windows-1252", func(b *testing.B) {
		benchReader(b, func() io.Reader { g := newRowSource(1_000_000); g.latin1 = true; return g })
	})
}

func benchReader(b *testing.B, source func() io.Reader) {
	const rows = 1_000_000
	m := csvin.Mapping{ID: "id", Time: "tid", Lat: "lat", Lon: "lon", Category: "kategori", Text: "text"}
	var before, after, ms runtime.MemStats
	var peak uint64
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rd, err := csvin.NewReader(source(), m)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if n++; n%200_000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		if n != rows {
			b.Fatalf("%d rows, want %d", n, rows)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	total := float64(b.N) * rows
	b.ReportMetric(total/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/row")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/row")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkRowSource is the generator alone, to subtract from the above.
func BenchmarkRowSource(b *testing.B) {
	for b.Loop() {
		n, _ := io.Copy(io.Discard, newRowSource(1_000_000))
		b.SetBytes(n)
	}
}
