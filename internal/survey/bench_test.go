package survey

import "testing"

// BenchmarkIndicators50k is the speed target: every indicator of the demo
// questionnaire (15) for a synthetic wave of 50,000 weighted respondents by
// district × gender × age group, every margin included, in under 200 ms.
// One op is the whole wave.
func BenchmarkIndicators50k(b *testing.B) {
	q := KatrineholmQuestionnaire()
	w := Wave{Code: "bench", Survey: q.Code, SurveyYear: 2025, ReferenceYear: 2025, Synthetic: true}
	rs := synthesize("bench", 50000, false, 1)
	by := []Dim{DimDistrict, DimGender, DimAgeGroup}
	var cells []Cell
	for b.Loop() {
		var err error
		if cells, err = Indicators(q, w, rs, by, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(cells)), "cells")
}
