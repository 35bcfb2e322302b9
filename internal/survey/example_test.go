package survey_test

import (
	"fmt"

	"github.com/trygg-se/trygg/internal/survey"
)

// The demo's effect panel: the synthetic change in the share feeling unsafe
// out late, priority districts against the rest, 2021 against 2023.
func ExampleEffect() {
	d := survey.KatrineholmDemo()
	e, err := survey.Effect(d.Questionnaire, "unsafe_evening", d.BaselineRespondents, d.FollowupRespondents, d.Priority, 0)
	if err != nil {
		panic(err)
	}
	for _, c := range []survey.Cell{e.PriorityBefore, e.PriorityAfter, e.OtherBefore, e.OtherAfter} {
		fmt.Printf("%s: %.1f %% (%.1f–%.1f) n=%d\n", c.Group["district"], 100*c.Value, 100*c.Lo, 100*c.Hi, c.N)
	}
	fmt.Println(e.Summary("sv"))
	fmt.Println(e.Summary("en"))
	// Output:
	// priority: 34.8 % (30.8–38.9) n=540
	// priority: 28.9 % (25.2–33.0) n=525
	// other: 18.1 % (15.1–21.6) n=636
	// other: 17.2 % (14.2–20.7) n=621
	// Otrygg ute ensam sent på kvällen: förändringen i de prioriterade områdena jämfört med förändringen i övriga områden är −4,9 procentenheter (95 % konfidensintervall −12,2 till +2,4): ingen påvisbar förändring. Intervallet omfattar noll.
	// Unsafe out alone late in the evening: the change in the priority districts compared with the change in the other districts is −4.9 percentage points (95% confidence interval −12.2 to +2.4): no detectable change. The interval includes zero.
}
