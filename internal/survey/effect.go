package survey

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/trygg-se/trygg/internal/stats"
)

// Groups of Effect, as the district of its cells.
const (
	GroupPriority = "priority" // the promise's priority districts
	GroupOther    = "other"    // every other district
)

// EffectEstimate is a promise's effect on one indicator: the change from
// baseline to follow-up in the priority districts minus the change in the
// other districts, with its 95 % interval and reading. The four cells keep
// the figures it is made of, each with its n.
type EffectEstimate struct {
	Indicator string    `json:"indicator"`
	NameSv    string    `json:"name_sv"`
	NameEn    string    `json:"name_en"`
	Kind      Kind      `json:"kind"`
	Direction Direction `json:"direction"`

	PriorityBefore Cell `json:"priority_before"`
	PriorityAfter  Cell `json:"priority_after"`
	OtherBefore    Cell `json:"other_before"`
	OtherAfter     Cell `json:"other_after"`

	Change
	// Suppressed is set when any of the four cells is.
	Suppressed bool `json:"suppressed"`
}

// Effect estimates the effect of a promise on indicator ind of q by
// difference in differences: (priority after − priority before) − (other
// after − other before), where priority holds the district keys of the
// priority districts and every other district is "other". Respondents
// without a district count in neither. Shares use stats.DiD, a normal
// interval on Σ p(1−p)/n_eff; means and indexes a normal interval on the
// four standard errors. Both assume four independent samples, as with a
// fresh sample each wave. A cell with n below threshold suppresses the
// estimate, as in Indicators.
func Effect(q Questionnaire, ind string, baseline, followup []Respondent, priority map[string]bool, threshold int) (EffectEstimate, error) {
	in, ok := q.Indicator(ind)
	if !ok {
		return EffectEstimate{}, fmt.Errorf("survey: no indicator %q in questionnaire %q", ind, q.Code)
	}
	ps, err := prepare(q, []Indicator{in})
	if err != nil {
		return EffectEstimate{}, err
	}
	var cells [4]Cell // priority before, priority after, other before, other after
	for i, rs := range [][]Respondent{baseline, followup} {
		relabelled := make([]Respondent, 0, len(rs))
		for _, r := range rs {
			switch {
			case r.District == "":
				continue
			case priority[r.District]:
				r.District = GroupPriority
			default:
				r.District = GroupOther
			}
			relabelled = append(relabelled, r)
		}
		cs, err := compute(ps, relabelled, []Dim{DimDistrict}, threshold)
		if err != nil {
			return EffectEstimate{}, err
		}
		cells[i], cells[2+i] = groupCell(cs, in.Code, GroupPriority, threshold), groupCell(cs, in.Code, GroupOther, threshold)
	}
	e := EffectEstimate{Indicator: in.Code, NameSv: in.NameSv, NameEn: in.NameEn, Kind: in.Kind, Direction: in.Direction,
		PriorityBefore: cells[0], PriorityAfter: cells[1], OtherBefore: cells[2], OtherAfter: cells[3]}
	for _, c := range cells {
		e.Suppressed = e.Suppressed || c.Suppressed
	}
	if in.Kind == KindShare {
		d := stats.DiD(cells[0].Estimate, cells[1].Estimate, cells[2].Estimate, cells[3].Estimate, Conf)
		e.Change = newChange(d.Value, d.Lo, d.Hi, in.Direction)
		return e, nil
	}
	lo, hi := bounds(in)
	v := 0.0
	for _, c := range cells {
		se := meanSE(c.Estimate, lo, hi)
		v += se * se
	}
	d := (cells[1].Value - cells[0].Value) - (cells[3].Value - cells[2].Value)
	half := z() * math.Sqrt(v)
	e.Change = newChange(d, d-half, d+half, in.Direction)
	return e, nil
}

// groupCell is the cell of group g, or an empty one (NaN, suppressed).
func groupCell(cs []Cell, ind, g string, threshold int) Cell {
	for _, c := range cs {
		if c.Group[string(DimDistrict)] == g {
			return c
		}
	}
	nan := math.NaN()
	return Cell{Indicator: ind, Group: map[string]string{string(DimDistrict): g},
		Estimate: stats.Estimate{Value: nan, Lo: nan, Hi: nan, Suppressed: threshold >= 0}}
}

// Summary is the estimate in plain words, in Swedish for lang "sv" and in
// English otherwise, for a public page: shares in percentage points, means
// and indexes in points of their scale, and no figure when suppressed.
func (e EffectEstimate) Summary(lang string) string {
	sv := lang == "sv"
	name := e.NameEn
	if sv {
		name = e.NameSv
	}
	switch {
	case e.Suppressed && sv:
		return name + ": för få svarande i någon grupp för att visa en effektskattning."
	case e.Suppressed:
		return name + ": too few respondents in some group to show an effect estimate."
	case e.Reading == ReadingNoData && sv:
		return name + ": otillräckligt underlag för en effektskattning."
	case e.Reading == ReadingNoData:
		return name + ": insufficient data for an effect estimate."
	}
	scale, decimals, unitSv, unitEn := 1.0, 2, "enheter", "points"
	if e.Kind == KindShare {
		scale, decimals, unitSv, unitEn = 100, 1, "procentenheter", "percentage points"
	}
	num := func(x float64) string { return signed(x*scale, decimals, sv) }
	var b strings.Builder
	if sv {
		fmt.Fprintf(&b, "%s: förändringen i de prioriterade områdena jämfört med förändringen i övriga områden är %s %s "+
			"(95 %% konfidensintervall %s till %s): %s.", name, num(e.Value), unitSv, num(e.Lo), num(e.Hi), e.Reading.Sv())
	} else {
		fmt.Fprintf(&b, "%s: the change in the priority districts compared with the change in the other districts is %s %s "+
			"(95%% confidence interval %s to %s): %s.", name, num(e.Value), unitEn, num(e.Lo), num(e.Hi), e.Reading.En())
	}
	switch {
	case e.Reading == ReadingNoChange && sv:
		b.WriteString(" Intervallet omfattar noll.")
	case e.Reading == ReadingNoChange:
		b.WriteString(" The interval includes zero.")
	case e.Verdict == VerdictBetter && sv:
		b.WriteString(" Det är en förbättring.")
	case e.Verdict == VerdictBetter:
		b.WriteString(" That is an improvement.")
	case sv:
		b.WriteString(" Det är en försämring.")
	default:
		b.WriteString(" That is a deterioration.")
	}
	return b.String()
}

// signed formats x with a sign ("+", or "−" U+2212) and, in Swedish, a
// decimal comma; a value that rounds to zero gets no sign.
func signed(x float64, decimals int, sv bool) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	if sv {
		s = strings.Replace(s, ".", ",", 1)
	}
	switch {
	case strings.Trim(s, "0.,") == "":
		return s
	case x < 0:
		return "−" + s
	}
	return "+" + s
}
