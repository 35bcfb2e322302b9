package survey

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/trygg-se/trygg/internal/stats"
)

// Conf is the confidence level of every interval in this package.
const Conf = 0.95

// DefaultThreshold is the smallest n shown in public; a threshold of 0
// means it, and a negative one suppresses nothing.
const DefaultThreshold = stats.DefaultMinN

// Dim is a dimension to break indicators down by.
type Dim string

// Dimensions.
const (
	DimDistrict Dim = stats.DimDistrict // district key, or a DeSO/RegSO code
	DimGender   Dim = stats.DimGender
	DimAgeGroup Dim = stats.DimAgeGroup
)

// Cell is one indicator for one group of one wave. Group holds only the
// dimensions the cell is broken down by: {} for the total, {"district":
// "norr", "gender": "female"}, …. The estimate is computed even when
// Suppressed (n below the threshold): staff may see it, the public must
// not (see Public).
type Cell struct {
	Wave      string            `json:"wave,omitempty"`
	Indicator string            `json:"indicator"`
	Group     map[string]string `json:"group"`
	stats.Estimate
	// WeightedN is the sum of the weights of the respondents in the
	// denominator; N (unweighted) and NEff are in the Estimate.
	WeightedN float64 `json:"weighted_n"`
}

// Indicators computes every indicator of q over the respondents of wave w:
// the total, each dimension in by alone, each pair and the full cross,
// each for the groups with someone in the denominator, in indicator order
// and then stats.Compute's order. Cells with n below threshold are marked
// Suppressed. An answer not on its question's scale, or a weight that is
// not finite and positive, is an error naming the respondent.
func Indicators(q Questionnaire, w Wave, rs []Respondent, by []Dim, threshold int) ([]Cell, error) {
	if w.Survey != q.Code {
		return nil, fmt.Errorf("survey: wave %q is of survey %q, not %q", w.Code, w.Survey, q.Code)
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	ps, err := prepare(q, q.Indicators)
	if err != nil {
		return nil, err
	}
	cells, err := compute(ps, rs, by, threshold)
	for i := range cells {
		cells[i].Wave = w.Code
	}
	return cells, err
}

// Public returns cells as they may be published: a suppressed cell keeps
// its group and flag but loses its figures (NaN, n 0), to be shown as "<5".
//
// Suppression is also made complementary. Siblings are cells of one wave
// and indicator whose groups differ in one dimension only (the districts
// under the kommun total; the women of each age group under all women);
// their parent is the group without that dimension. Where one sibling
// alone is suppressed and the parent is published, the parent's n less
// the others' would give the hidden n back, and with it nearly the share:
// so the smallest other sibling is suppressed too, until no set has a
// lone hidden cell.
func Public(cells []Cell) []Cell {
	out := slices.Clone(cells)
	index := map[string]int{}
	for i, c := range out {
		index[siblingKey(c, "")] = i
	}
	for changed := true; changed; {
		changed = false
		sets := map[string][]int{} // siblings by dimension
		for i, c := range out {
			for d := range c.Group {
				k := siblingKey(c, d) + "\x00" + d
				sets[k] = append(sets[k], i)
			}
		}
		keys := slices.Sorted(maps.Keys(sets)) // the same result every time
		for _, k := range keys {
			set := sets[k]
			hidden, smallest := 0, -1
			for _, i := range set {
				if out[i].Suppressed {
					hidden++
				} else if smallest < 0 || out[i].N < out[smallest].N {
					smallest = i
				}
			}
			parent, ok := index[k[:strings.LastIndexByte(k, 0)]]
			if hidden != 1 || smallest < 0 || !ok || out[parent].Suppressed {
				continue
			}
			out[smallest].Suppressed, changed = true, true
		}
	}
	for i := range out {
		if out[i].Suppressed {
			nan := math.NaN()
			out[i].Value, out[i].Lo, out[i].Hi = nan, nan, nan
			out[i].N, out[i].NEff, out[i].WeightedN = 0, 0, 0
		}
	}
	return out
}

// prepared is an indicator ready for stats.
type prepared struct {
	ind     Indicator
	st      stats.Indicator
	counted map[string]bool // scale code → in the denominator
}

func prepare(q Questionnaire, inds []Indicator) ([]prepared, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	ps := make([]prepared, len(inds))
	for i, ind := range inds {
		qu, _ := q.Question(ind.Question) // Validate found it
		ps[i] = prepared{ind: ind, st: statsIndicator(ind, qu), counted: classify(ind, qu)}
	}
	return ps, nil
}

// groupKey is a cell's group: the values of the dimensions in mask.
type groupKey struct {
	mask uint8
	v    [3]string
}

// compute runs stats.Compute for each indicator and adds the weighted n,
// which stats does not report.
//
// Speed: each respondent's answers are a map of their own, so looking one
// answer up in 50,000 of them misses the cache nearly every time. One
// serial pass therefore reads every indicator's answer while the
// respondent's map is hot, into a column of answer numbers. Then each
// indicator, in parallel, hands stats only the respondents in its
// denominator, each with a shared one-answer map. The figures are the
// same as stats computes on rs: it skips the others, and the order is kept.
func compute(ps []prepared, rs []Respondent, by []Dim, threshold int) ([]Cell, error) {
	dims := make([]string, len(by))
	for i, d := range by {
		if d != DimDistrict && d != DimGender && d != DimAgeGroup || slices.Index(by, d) != i {
			return nil, fmt.Errorf("survey: dimension %q unknown or given twice", d)
		}
		dims[i] = string(d)
	}
	sc, err := scan(ps, rs, by)
	if err != nil {
		return nil, err
	}
	results := make([][]Cell, len(ps))
	errs := make([]error, len(ps))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ps)) {
		wg.Go(func() {
			buf := make([]stats.Respondent, 0, len(rs))
			for i := int(next.Add(1)) - 1; i < len(ps); i = int(next.Add(1)) - 1 {
				results[i], errs[i] = sc.indicator(i, ps[i], rs, buf, dims, threshold)
			}
		})
	}
	wg.Wait()
	var out []Cell
	for i, cs := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, cs...)
	}
	return out, nil
}

// scanned is rs read once: each respondent's full group (the values of
// by) as a number, and per indicator its answer as a number, 0 when it is
// not in the denominator, else 1 + its index in codes.
type scanned struct {
	tuples  [][3]string
	tupleOf []int32
	codes   [][]string
	answer  [][]uint16
}

// scan reads rs, checking what stats would let through: weights finite
// and positive, and every answer on its question's scale.
func scan(ps []prepared, rs []Respondent, by []Dim) (*scanned, error) {
	sc := &scanned{tupleOf: make([]int32, len(rs)), codes: make([][]string, len(ps)), answer: make([][]uint16, len(ps))}
	number := make([]map[string]uint16, len(ps))
	for p := range ps {
		number[p] = map[string]uint16{}
		for c, counted := range ps[p].counted {
			if counted {
				sc.codes[p] = append(sc.codes[p], c)
				number[p][c] = uint16(len(sc.codes[p]))
			} else {
				number[p][c] = 0
			}
		}
		if len(sc.codes[p]) >= 1<<16 {
			return nil, fmt.Errorf("survey: question %q has too many answers", ps[p].ind.Question)
		}
		sc.answer[p] = make([]uint16, len(rs))
	}
	index := map[[3]string]int32{}
	for i := range rs {
		r := &rs[i]
		if w := cmp.Or(r.Weight, 1); !(w > 0) || math.IsInf(w, 1) {
			return nil, fmt.Errorf("survey: respondent %q: weight %v, want finite and > 0", r.ID, r.Weight)
		}
		var k [3]string
		for j, d := range by {
			switch d {
			case DimDistrict:
				k[j] = r.District
			case DimGender:
				k[j] = r.Gender
			case DimAgeGroup:
				k[j] = r.AgeGroup
			}
		}
		t, ok := index[k]
		if !ok {
			t = int32(len(sc.tuples))
			index[k] = t
			sc.tuples = append(sc.tuples, k)
		}
		sc.tupleOf[i] = t
		for p := range ps {
			a := r.Answers[ps[p].ind.Question]
			if a == "" {
				continue
			}
			n, ok := number[p][a]
			if !ok {
				return nil, fmt.Errorf("survey: respondent %q: answer %q to %q is not on its scale", r.ID, a, ps[p].ind.Question)
			}
			sc.answer[p][i] = n
		}
	}
	return sc, nil
}

// indicator computes indicator p, using buf for the respondents handed to
// stats.
func (sc *scanned) indicator(p int, pr prepared, rs []Respondent, buf []stats.Respondent, dims []string, threshold int) ([]Cell, error) {
	answers := make([]map[string]string, len(sc.codes[p])+1)
	for n, c := range sc.codes[p] {
		answers[n+1] = map[string]string{pr.ind.Question: c}
	}
	sums := make([]float64, len(sc.tuples)) // Σw in the denominator per full group
	for i, n := range sc.answer[p] {
		if n == 0 {
			continue
		}
		r := &rs[i]
		sums[sc.tupleOf[i]] += cmp.Or(r.Weight, 1)
		buf = append(buf, stats.Respondent{ID: r.ID, District: r.District, Gender: r.Gender, AgeGroup: r.AgeGroup,
			Weight: r.Weight, Answers: answers[n]})
	}
	cs, err := stats.Compute(pr.st, buf, dims, stats.Options{Conf: Conf, MinN: threshold})
	if err != nil {
		return nil, fmt.Errorf("survey: indicator %q: %w", pr.ind.Code, err)
	}
	// The margins' Σw, added up from the full groups.
	wsum := map[groupKey]float64{}
	for t, k := range sc.tuples {
		for mask := range uint8(1 << len(dims)) {
			g := groupKey{mask: mask}
			for j := range dims {
				if mask&(1<<j) != 0 {
					g.v[j] = k[j]
				}
			}
			wsum[g] += sums[t]
		}
	}
	out := make([]Cell, len(cs))
	for i, c := range cs {
		var k groupKey
		for j, d := range dims {
			if v, ok := c.Group[d]; ok {
				k.mask |= 1 << j
				k.v[j] = v
			}
		}
		out[i] = Cell{Indicator: pr.ind.Code, Group: c.Group, Estimate: c.Estimate, WeightedN: wsum[k]}
	}
	return out, nil
}

// siblingKey names a cell's wave, indicator and group, leaving out the
// dimension skip: with skip, it is the key of the cell's parent.
func siblingKey(c Cell, skip string) string {
	dims := make([]string, 0, len(c.Group))
	for d, v := range c.Group {
		if d != skip {
			dims = append(dims, d+"="+v)
		}
	}
	slices.Sort(dims)
	return c.Wave + "\x00" + c.Indicator + "\x00" + strings.Join(dims, "\x00")
}
