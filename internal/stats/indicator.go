package stats

import (
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"slices"
)

// Kind says how an indicator turns answers into a figure.
type Kind string

const (
	KindShare        Kind = "share"         // share of Yes codes; "" means share
	KindMean         Kind = "mean"          // mean of Scores, e.g. a 1–5 scale
	KindProblemIndex Kind = "problem_index" // 0–6 index by an IndexDef
)

// Grouping dimensions for Compute.
const (
	DimDistrict = "district"
	DimGender   = "gender"
	DimAgeGroup = "age_group"
)

// Indicator configures one survey indicator, e.g. "feels unsafe out alone
// late in the evening": Question "out_alone_evening", Yes {"very_unsafe",
// "fairly_unsafe", "never_goes_out"}.
//
// "Vet ej" (don't know) is an answer, not a missing value: by default it
// stays in the denominator as not-yes, giving the share "of all who
// answered". Exclude "dont_know" for the share "of those with an opinion".
// An absent or empty answer is item non-response and never counts.
type Indicator struct {
	Key      string             `json:"key"`
	Question string             `json:"question"` // key into Respondent.Answers
	Kind     Kind               `json:"kind"`
	Yes      []string           `json:"yes,omitempty"`     // KindShare: codes counted as yes
	Exclude  []string           `json:"exclude,omitempty"` // codes removed from the denominator
	Scores   map[string]float64 `json:"scores,omitempty"`  // KindMean: code → value
	Index    *IndexDef          `json:"index,omitempty"`   // KindProblemIndex: nil is DefaultIndexDef
}

// IndexDef defines a problem index as the weighted mean of answer scores.
// The police's formula is not public, so any definition is an assumption,
// versioned so that a figure names the one it used. An answer neither scored
// nor excluded is an error: a new code must not silently change an index.
type IndexDef struct {
	Version string             `json:"version"`
	Scores  map[string]float64 `json:"scores"`
	Exclude []string           `json:"exclude,omitempty"`
}

// DefaultIndexDef assumes that the four answers "Mycket stort problem" …
// "Inget problem alls" are equally spaced over 0–6 and that "Vet ej" says
// nothing about the size of a problem, so it leaves the denominator.
// Published police index values may use another formula: import those as
// they are rather than recompute them with this.
var DefaultIndexDef = IndexDef{
	Version: "trygg-2026-1",
	Scores:  map[string]float64{"very_big_problem": 6, "fairly_big_problem": 4, "fairly_small_problem": 2, "no_problem": 0},
	Exclude: []string{"dont_know"},
}

// Respondent is one answered questionnaire. Weight 0 means unweighted (1).
type Respondent struct {
	ID       string            `json:"id"`
	District string            `json:"district"`
	Gender   string            `json:"gender"`
	AgeGroup string            `json:"age_group"`
	Weight   float64           `json:"weight"`
	Answers  map[string]string `json:"answers"` // question key → answer code
}

// Options for Compute: zero means the default; a negative MinN suppresses
// nothing.
type Options struct {
	Conf float64
	MinN int
}

// Cell is an indicator for one group, which holds only the dimensions the
// cell is broken down by: {} for the total, {"district": "Norr"}, ….
type Cell struct {
	Group map[string]string `json:"group"`
	Estimate
}

var dimensionOf = map[string]func(*Respondent) string{
	DimDistrict: func(r *Respondent) string { return r.District },
	DimGender:   func(r *Respondent) string { return r.Gender },
	DimAgeGroup: func(r *Respondent) string { return r.AgeGroup },
}

// group is a cell's key: the values of the dimensions in mask.
type group struct {
	mask uint8
	v    [3]string
}

// Compute computes ind over rs for the total (always), each dimension in by
// alone, each pair, up to the full cross, sorted by value within each, for
// the groups with someone in the denominator. N < MinN is Suppressed.
func Compute(ind Indicator, rs []Respondent, by []string, opt Options) ([]Cell, error) {
	conf, minN := cmp.Or(opt.Conf, DefaultConf), cmp.Or(opt.MinN, DefaultMinN)
	if !(conf > 0 && conf < 1) {
		return nil, fmt.Errorf("stats: confidence level %v, want between 0 and 1", conf)
	}
	dims := make([]func(*Respondent) string, len(by))
	for i, d := range by {
		if dims[i] = dimensionOf[d]; dims[i] == nil || slices.Index(by, d) != i {
			return nil, fmt.Errorf("stats: grouping dimension %q unknown or given twice", d)
		}
	}
	sc, err := newScoring(ind)
	if err != nil {
		return nil, err
	}
	// One pass in input order (reproducible to the last bit); each full
	// group tuple caches its accumulators in every grouping set.
	groups := map[group]*acc{{}: {shift: sc.lo}} // the total, even if empty
	sets := map[[3]string][]*acc{}
	for i := range rs {
		r := &rs[i]
		x, counted, err := sc.value(r.Answers[ind.Question])
		if err != nil {
			return nil, fmt.Errorf("stats: respondent %q, question %q: %w", r.ID, ind.Question, err)
		}
		w := cmp.Or(r.Weight, 1)
		if !validWeight(w) {
			return nil, fmt.Errorf("stats: respondent %q: weight %v, want finite and > 0", r.ID, r.Weight)
		}
		if !counted {
			continue
		}
		var k [3]string
		for j, of := range dims {
			k[j] = of(r)
		}
		if sets[k] == nil {
			for mask := range uint8(1 << len(dims)) {
				g := group{mask: mask}
				for j := range dims {
					if mask&(1<<j) != 0 {
						g.v[j] = k[j]
					}
				}
				if groups[g] == nil {
					groups[g] = &acc{shift: sc.lo}
				}
				sets[k] = append(sets[k], groups[g])
			}
		}
		for _, a := range sets[k] {
			a.add(x, w)
		}
	}
	out := make([]Cell, 0, len(groups))
	for _, g := range slices.SortedFunc(maps.Keys(groups), func(a, b group) int {
		return cmp.Or(cmp.Compare(bits.OnesCount8(a.mask), bits.OnesCount8(b.mask)),
			cmp.Compare(a.mask, b.mask), slices.Compare(a.v[:], b.v[:]))
	}) {
		c := Cell{Group: map[string]string{}}
		for j, d := range by {
			if g.mask&(1<<j) != 0 {
				c.Group[d] = g.v[j]
			}
		}
		if sc.yes != nil {
			c.Estimate = groups[g].share(conf, minN)
		} else {
			c.Estimate = groups[g].mean(conf, minN, sc.lo, sc.hi)
		}
		out = append(out, c)
	}
	return out, nil
}

// scoring maps answers to 1 or 0 for shares (yes != nil), else to scores.
type scoring struct {
	yes, excluded map[string]bool
	scores        map[string]float64
	lo, hi        float64 // the scale, for clamping; lo is also the shift
	name          string  // what the scores belong to, for errors
}

func newScoring(ind Indicator) (*scoring, error) {
	s := &scoring{excluded: set(ind.Exclude), scores: ind.Scores, name: fmt.Sprintf("indicator %q", ind.Key)}
	switch ind.Kind {
	case KindShare, "":
		s.yes, s.scores = set(ind.Yes), nil
		for c := range s.yes {
			if s.excluded[c] {
				return nil, fmt.Errorf("stats: %s both counts and excludes %q", s.name, c)
			}
		}
		if len(s.yes) == 0 {
			return nil, fmt.Errorf("stats: %s counts no answer as yes", s.name)
		}
		return s, nil
	case KindProblemIndex:
		def := cmp.Or(ind.Index, &DefaultIndexDef)
		s.scores, s.name = def.Scores, fmt.Sprintf("index %q", def.Version)
		maps.Copy(s.excluded, set(def.Exclude))
	case KindMean:
	default:
		return nil, fmt.Errorf("stats: %s has unknown kind %q", s.name, ind.Kind)
	}
	v := slices.Collect(maps.Values(s.scores))
	if len(v) == 0 {
		return nil, fmt.Errorf("stats: %s scores no answer", s.name)
	}
	s.lo, s.hi = slices.Min(v), slices.Max(v)
	return s, nil
}

// value is an answer's value and whether it counts in the denominator.
func (s *scoring) value(a string) (x float64, counted bool, err error) {
	x, ok := s.scores[a]
	switch {
	case a == "" || s.excluded[a]:
		return 0, false, nil
	case s.yes[a]:
		return 1, true, nil
	case s.yes == nil && !ok:
		return 0, false, fmt.Errorf("answer %q is neither scored nor excluded by %s", a, s.name)
	}
	return x, true, nil // a share's no is 0
}

func set(codes []string) map[string]bool {
	m := map[string]bool{}
	for _, c := range codes {
		m[c] = true
	}
	return m
}
