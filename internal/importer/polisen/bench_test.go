package polisen

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParseWindow parses and classifies one full API response (500 notices).
func BenchmarkParseWindow(b *testing.B) {
	window, err := os.ReadFile("testdata/api_events_window_2025-11-12.json")
	if err != nil {
		b.Fatal(err)
	}
	classes := DefaultClasses()
	b.SetBytes(int64(len(window)))
	b.ReportAllocs()
	for b.Loop() {
		ns, err := Parse(bytes.NewReader(window))
		if err != nil || len(ns) != 500 {
			b.Fatal(len(ns), err)
		}
		for i := range ns {
			if _, ok := Classify(ns[i].Type, classes); !ok {
				b.Fatalf("unknown type %q", ns[i].Type)
			}
		}
	}
}
