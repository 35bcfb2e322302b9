package stats_test

import (
	"fmt"
	"testing"

	"github.com/trygg-se/trygg/internal/stats"
)

// wave50k is a synthetic wave: 50,000 weighted respondents over 12
// districts, 3 genders and 7 age groups (252 full cells), drawn with a cheap
// LCG so that it is the same every run.
func wave50k() []stats.Respondent {
	codes := []string{"very_safe", "fairly_safe", "fairly_unsafe", "very_unsafe", "never_goes_out", "dont_know", ""}
	genders := []string{"woman", "man", "other"}
	ages := []string{"16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84"}
	x := uint64(1)
	next := func(n int) int {
		x = x*6364136223846793005 + 1442695040888963407
		return int((x >> 33) % uint64(n))
	}
	rs := make([]stats.Respondent, 50000)
	for i := range rs {
		rs[i] = stats.Respondent{
			ID:       fmt.Sprint(i),
			District: fmt.Sprintf("D%02d", next(12)),
			Gender:   genders[next(3)],
			AgeGroup: ages[next(7)],
			Weight:   0.5 + float64(next(16))/10,
			Answers:  map[string]string{q: codes[next(len(codes))], "other": "x"},
		}
	}
	return rs
}

// BenchmarkCompute50k is the speed target: one indicator for a wave of
// 50,000 by district × gender × age group, every margin included, in under
// 200 ms. One op is the whole wave.
func BenchmarkCompute50k(b *testing.B) {
	rs := wave50k()
	by := []string{stats.DimDistrict, stats.DimGender, stats.DimAgeGroup}
	var cells []stats.Cell
	for b.Loop() {
		var err error
		if cells, err = stats.Compute(unsafeOut, rs, by, stats.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(cells)), "cells")
}
