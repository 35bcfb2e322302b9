package situation

import (
	"fmt"
	"slices"
	"time"
)

// Incident is the part of an app.Incident that analyses need.
type Incident struct {
	ID                          int64
	Source, Category, FocusArea string
	District                    string    // district key; "" is kommun-wide
	From, To                    time.Time // From == To for an instant
	// Darkness is "dark", "twilight" or "light" for an instant and "" for a
	// window, which has DarkFraction (0–1) instead.
	Darkness     string
	DarkFraction float64
	Lat, Lon     float64 // WGS84, when HasPoint
	HasPoint     bool
}

// Darkness classes. TwilightOrLight holds the non-dark share of windows.
const (
	Dark, Twilight, Light = "dark", "twilight", "light"
	TwilightOrLight       = "twilight_or_light"
)

// The valid time range, as in package sun.
var minTime, maxTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)

// valid reports whether inc can be counted; see the package doc.
func (inc *Incident) valid() bool {
	return !inc.To.Before(inc.From) && !inc.From.Before(minTime) && inc.To.Before(maxTime)
}

// dark returns an instant's class, or "" for a window (the rest of whose
// weight goes to TwilightOrLight), and the incident's weight in "dark".
func (inc *Incident) dark() (class string, w float64) {
	if inc.From.Equal(inc.To) {
		switch inc.Darkness {
		case Dark:
			return Dark, 1
		case Twilight, Light:
			return inc.Darkness, 0
		}
	}
	if f := inc.DarkFraction; f > 0 { // not NaN
		return "", min(f, 1)
	}
	return "", 0
}

// Dimension is something to group incidents by.
type Dimension string

// Dimensions.
const (
	ByDistrict  Dimension = "district"
	ByFocusArea Dimension = "focus_area"
	ByCategory  Dimension = "category"
	ByDarkness  Dimension = "darkness"
	BySource    Dimension = "source"
	ByMonth     Dimension = "month"   // "2023-04"
	ByTertial   Dimension = "tertial" // "2023-T2"
	ByYear      Dimension = "year"    // "2023"
)

const maxDims = 7 // each dimension at most once

// Query says how to group.
type Query struct {
	GroupBy []Dimension    // none: one cell with everything
	Loc     *time.Location // for month and tertial: Europe/Stockholm
}

func (q Query) validate() error {
	for i, d := range q.GroupBy {
		switch {
		case !slices.Contains([]Dimension{ByDistrict, ByFocusArea, ByCategory, ByDarkness, BySource, ByMonth, ByTertial, ByYear}, d):
			return fmt.Errorf("situation: unknown dimension %q", d)
		case slices.Contains(q.GroupBy[:i], d):
			return fmt.Errorf("situation: dimension %q given twice", d)
		case (d == ByMonth || d == ByTertial || d == ByYear) && q.Loc == nil:
			return fmt.Errorf("situation: grouping by %s needs a time zone", d)
		}
	}
	return nil
}

// Cell is one combination of dimension values.
type Cell struct {
	Key   []string // one value per Query.GroupBy, in its order
	Count float64  // weighted count
	N     int      // incidents with a positive weight here
	IDs   []int64  // those incidents, ascending
}

// Result is an aggregation.
type Result struct {
	GroupBy []Dimension
	Cells   []Cell  // sorted by Key; only cells with N > 0
	N       int     // valid incidents; the Counts sum to it
	Skipped []int64 // IDs of invalid incidents, left out
}

// Cell returns the cell with the given key.
func (r Result) Cell(key ...string) (Cell, bool) {
	i, ok := slices.BinarySearchFunc(r.Cells, key, func(c Cell, k []string) int { return slices.Compare(c.Key, k) })
	if !ok {
		return Cell{}, false
	}
	return r.Cells[i], true
}

// dict numbers the values of one dimension, so that a combination is a
// comparable array and the loop over incidents allocates nothing for it;
// months and tertials are coded as integers and named once.
type dict struct {
	strs map[string]int32
	nums map[int]int32
	vals []string
}

func (d *dict) str(s string) int32 {
	i, ok := d.strs[s]
	if !ok {
		i = int32(len(d.vals))
		d.strs[s], d.vals = i, append(d.vals, s)
	}
	return i
}

func (d *dict) num(n int, name func(int) string) int32 {
	i, ok := d.nums[n]
	if !ok {
		i = int32(len(d.vals))
		d.nums[n], d.vals = i, append(d.vals, name(n))
	}
	return i
}

func monthName(n int) string   { return fmt.Sprintf("%04d-%02d", n/12, n%12+1) }
func tertialName(n int) string { return fmt.Sprintf("%04d-T%d", n/3, n%3+1) }
func yearName(n int) string    { return fmt.Sprintf("%04d", n) }

// Aggregate groups the valid incidents by q.GroupBy (see the package doc).
func Aggregate(incs []Incident, q Query) (Result, error) {
	if err := q.validate(); err != nil {
		return Result{}, err
	}
	res := Result{GroupBy: slices.Clone(q.GroupBy)}
	dicts := make([]dict, len(q.GroupBy))
	for d := range dicts {
		dicts[d] = dict{strs: map[string]int32{}, nums: map[int]int32{}}
	}
	index := map[[maxDims]int32]int32{}
	var cells []Cell
	var keys [][maxDims]int32
	add := func(k [maxDims]int32, w float64, id int64) {
		if !(w > 0) {
			return
		}
		i, ok := index[k]
		if !ok {
			i, index[k] = int32(len(cells)), int32(len(cells))
			cells, keys = append(cells, Cell{}), append(keys, k)
		}
		c := &cells[i]
		c.Count, c.N, c.IDs = c.Count+w, c.N+1, append(c.IDs, id)
	}
	for i := range incs {
		inc := &incs[i]
		if !inc.valid() {
			res.Skipped = append(res.Skipped, inc.ID)
			continue
		}
		res.N++
		var k [maxDims]int32
		darkDim := -1
		for d, dim := range q.GroupBy {
			switch dim {
			case ByDistrict:
				k[d] = dicts[d].str(inc.District)
			case ByFocusArea:
				k[d] = dicts[d].str(inc.FocusArea)
			case ByCategory:
				k[d] = dicts[d].str(inc.Category)
			case BySource:
				k[d] = dicts[d].str(inc.Source)
			case ByMonth:
				y, m, _ := inc.From.In(q.Loc).Date()
				k[d] = dicts[d].num(y*12+int(m)-1, monthName)
			case ByTertial:
				y, m, _ := inc.From.In(q.Loc).Date()
				k[d] = dicts[d].num(y*3+(int(m)-1)/4, tertialName)
			case ByYear:
				k[d] = dicts[d].num(inc.From.In(q.Loc).Year(), yearName)
			case ByDarkness:
				darkDim = d
			}
		}
		if darkDim < 0 {
			add(k, 1, inc.ID)
			continue
		}
		class, f := inc.dark()
		if class != "" {
			k[darkDim] = dicts[darkDim].str(class)
			add(k, 1, inc.ID)
			continue
		}
		k[darkDim] = dicts[darkDim].str(Dark)
		add(k, f, inc.ID)
		k[darkDim] = dicts[darkDim].str(TwilightOrLight)
		add(k, 1-f, inc.ID)
	}
	for i := range cells {
		cells[i].Key = make([]string, len(q.GroupBy))
		for d := range cells[i].Key {
			cells[i].Key[d] = dicts[d].vals[keys[i][d]]
		}
		slices.Sort(cells[i].IDs)
	}
	slices.SortFunc(cells, func(a, b Cell) int { return slices.Compare(a.Key, b.Key) })
	res.Cells = cells
	return res, nil
}

// Rate returns count per 1,000 inhabitants; ok is false when the population
// is not known (zero or less).
func Rate(count float64, population int) (per1000 float64, ok bool) {
	if population <= 0 {
		return 0, false
	}
	return count * 1000 / float64(population), true
}

// DarkShare returns the share of the valid incidents that happened after
// dark, with windows weighted by their dark fraction, and their number n.
// With n = 0 the share is 0 and means nothing.
func DarkShare(incs []Incident) (share float64, n int) {
	var dark float64
	for i := range incs {
		if incs[i].valid() {
			_, w := incs[i].dark()
			dark += w
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return dark / float64(n), n
}
