package situation

import (
	"fmt"
	"slices"
	"strings"
)

// Comparison sets one cell of the current period against the baseline.
type Comparison struct {
	Key               []string
	Current, Baseline Cell    // the zero Cell (with Key) where a period has none
	Diff              float64 // Current.Count − Baseline.Count
	Ratio             float64 // Current.Count / Baseline.Count, when RatioOK
	RatioOK           bool    // false when the baseline is 0: no ratio exists
}

// Compare matches the cells of two aggregations with the same grouping, key
// by key, including keys found in only one of them.
func Compare(current, baseline Result) ([]Comparison, error) {
	if !slices.Equal(current.GroupBy, baseline.GroupBy) {
		return nil, fmt.Errorf("situation: comparing groupings %v and %v", current.GroupBy, baseline.GroupBy)
	}
	byKey := map[string]int{}
	var out []Comparison
	for side, r := range []Result{current, baseline} {
		for _, c := range r.Cells {
			k := strings.Join(c.Key, "\x00")
			i, ok := byKey[k]
			if !ok {
				i, byKey[k] = len(out), len(out)
				out = append(out, Comparison{Key: c.Key, Current: Cell{Key: c.Key}, Baseline: Cell{Key: c.Key}})
			}
			if side == 0 {
				out[i].Current = c
			} else {
				out[i].Baseline = c
			}
		}
	}
	for i := range out {
		c := &out[i]
		c.Diff = c.Current.Count - c.Baseline.Count
		if c.Baseline.Count > 0 {
			c.Ratio, c.RatioOK = c.Current.Count/c.Baseline.Count, true
		}
	}
	slices.SortFunc(out, func(a, b Comparison) int { return slices.Compare(a.Key, b.Key) })
	return out, nil
}

// Group is a set of districts in [PriorityVsRest].
type Group struct {
	Districts  []string // sorted
	N          int      // incidents
	Dark       float64  // their dark weight
	IDs        []int64  // ascending
	Population int      // of the Districts whose population is known
	Unknown    []string // Districts whose population is not known
	Per1000    float64  // N per 1,000 inhabitants, when RateOK
	RateOK     bool     // population known for every district in the group
}

// Split compares the priority districts with the others.
type Split struct {
	Priority, Rest Group
	// KommunWide are incidents with no district: they belong to neither
	// group, so they are counted apart and get no rate.
	KommunWide Group
	Skipped    []int64 // invalid incidents
}

// PriorityVsRest counts the valid incidents in the priority districts and
// in the others, with rates per 1,000 from pop (inhabitants per district
// key). The rest are the districts of pop and of the incidents that are not
// priority ones; a district with incidents but no population makes its
// group's rate unknown rather than silently too high.
func PriorityVsRest(incs []Incident, priority map[string]bool, pop map[string]int) Split {
	var s Split
	members := [2]map[string]bool{{}, {}} // priority, rest
	for d, p := range priority {
		members[0][d] = p
	}
	for d := range pop {
		members[1][d] = !priority[d]
	}
	for i := range incs {
		inc := &incs[i]
		g := &s.Rest
		switch {
		case !inc.valid():
			s.Skipped = append(s.Skipped, inc.ID)
			continue
		case inc.District == "":
			g = &s.KommunWide
		case priority[inc.District]:
			g = &s.Priority
		default:
			members[1][inc.District] = true
		}
		_, w := inc.dark()
		g.N, g.Dark, g.IDs = g.N+1, g.Dark+w, append(g.IDs, inc.ID)
	}
	for i, g := range []*Group{&s.Priority, &s.Rest} {
		for d, in := range members[i] {
			if !in {
				continue
			}
			g.Districts = append(g.Districts, d)
			if p := pop[d]; p > 0 {
				g.Population += p
			} else {
				g.Unknown = append(g.Unknown, d)
			}
		}
		slices.Sort(g.Districts)
		slices.Sort(g.Unknown)
		if len(g.Unknown) == 0 {
			g.Per1000, g.RateOK = Rate(float64(g.N), g.Population)
		}
	}
	for _, g := range []*Group{&s.Priority, &s.Rest, &s.KommunWide} {
		slices.Sort(g.IDs)
	}
	return s
}
