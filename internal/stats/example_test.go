package stats_test

import (
	"fmt"

	"github.com/trygg-se/trygg/internal/stats"
)

func ExampleCompute() {
	ind := stats.Indicator{
		Key:      "unsafe_out_alone_evening",
		Question: "out_alone_evening",
		Yes:      []string{"very_unsafe", "fairly_unsafe", "never_goes_out"},
	}
	var rs []stats.Respondent
	for i, a := range []string{"very_unsafe", "fairly_safe", "very_safe", "never_goes_out", "dont_know", "fairly_safe"} {
		rs = append(rs, stats.Respondent{ID: fmt.Sprint(i), District: []string{"Norr", "Centrum"}[i%2],
			Answers: map[string]string{"out_alone_evening": a}})
	}
	cells, err := stats.Compute(ind, rs, []string{stats.DimDistrict}, stats.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range cells {
		fmt.Printf("%v: %.2f (%.2f–%.2f) n=%d suppressed=%v\n", c.Group, c.Value, c.Lo, c.Hi, c.N, c.Suppressed)
	}
	// Output:
	// map[]: 0.33 (0.10–0.70) n=6 suppressed=false
	// map[district:Centrum]: 0.33 (0.06–0.79) n=3 suppressed=true
	// map[district:Norr]: 0.33 (0.06–0.79) n=3 suppressed=true
}

func ExampleDiD() {
	// Share feeling unsafe: priority districts 30 % → 20 %, the rest 20 % → 19 %.
	e := stats.DiD(
		stats.Estimate{Value: 0.30, NEff: 400}, stats.Estimate{Value: 0.20, NEff: 400},
		stats.Estimate{Value: 0.20, NEff: 900}, stats.Estimate{Value: 0.19, NEff: 900}, 0.95)
	fmt.Printf("%+.3f (%+.3f to %+.3f): %s\n", e.Value, e.Lo, e.Hi, e.Reading)
	// Output: -0.090 (-0.160 to -0.020): minskning / decrease
}
