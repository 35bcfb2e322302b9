package sun

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Level is how dark an instant is.
type Level int8

const (
	Dark     Level = iota // sun's centre below Thresholds.Dark
	Twilight              // between Thresholds.Dark and Thresholds.Light, inclusive
	Light                 // above Thresholds.Light
)

func (l Level) String() string {
	switch l {
	case Dark:
		return "dark"
	case Twilight:
		return "twilight"
	case Light:
		return "light"
	}
	return fmt.Sprintf("Level(%d)", int8(l))
}

// Thresholds are the sun elevations (degrees, geometric, centre) that divide
// dark from twilight and twilight from light.
type Thresholds struct {
	Dark  float64 // below this it is dark
	Light float64 // above this it is light
}

// DefaultThresholds is DESIGN §5's darkness: civil twilight (−6°) and sunset (−0.833°).
var DefaultThresholds = Thresholds{Dark: CivilAngle, Light: SunriseAngle}

// Validate reports whether both thresholds are in −90..90 and Dark ≤ Light.
func (th Thresholds) Validate() error {
	if !(th.Dark >= -90 && th.Light <= 90 && th.Dark <= th.Light) {
		return fmt.Errorf("sun: thresholds dark %v, light %v: need -90 <= dark <= light <= 90", th.Dark, th.Light)
	}
	return nil
}

func (th Thresholds) level(e float64) Level {
	switch {
	case e < th.Dark:
		return Dark
	case e > th.Light:
		return Light
	}
	return Twilight
}

// Darkness classifies instant t at p by computing the sun's elevation. For
// many instants at one place a [Calculator] is several times faster.
func Darkness(t time.Time, p Place, th Thresholds) (Level, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	if err := th.Validate(); err != nil {
		return 0, err
	}
	return th.level(Elevation(t, p.Lat, p.Lon)), nil
}

// DarkFraction returns the fraction of [from, to) that was dark at p with
// [DefaultThresholds]; see [Calculator.DarkFraction].
func DarkFraction(from, to time.Time, p Place) (float64, error) {
	c, err := NewCalculator(p, DefaultThresholds)
	if err != nil {
		return 0, err
	}
	return c.DarkFraction(from, to)
}

// Calculator classifies instants at one place. It caches, per UTC day, the
// instants where the level changes, so that classifying is a map look-up and
// a few comparisons instead of ~15 trigonometric calls. UTC days (not local
// dates) are the cache key because the answer does not depend on the time
// zone and this avoids a zone look-up per instant. The cache grows by about
// 100 bytes per distinct day asked about and is never evicted.
//
// A Calculator is safe for concurrent use.
type Calculator struct {
	place Place
	th    Thresholds

	mu   sync.RWMutex
	days map[int64]*span
}

// span is one UTC day's levels: start from the day's first instant, then
// lv[i] from at[i] (Unix seconds, ascending) on.
type span struct {
	start Level
	at    []float64
	lv    []Level
}

// NewCalculator returns a Calculator for p with thresholds th.
func NewCalculator(p Place, th Thresholds) (*Calculator, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := th.Validate(); err != nil {
		return nil, err
	}
	return &Calculator{place: p, th: th, days: make(map[int64]*span)}, nil
}

// Darkness returns the level at instant t. It agrees with [Darkness] except
// within about 10 ms of a change. Instants outside years 1..9999 are not
// cached but computed directly.
func (c *Calculator) Darkness(t time.Time) Level {
	s := secs(t)
	if !(s >= minSec && s < maxSec) {
		return c.th.level(Elevation(t, c.place.Lat, c.place.Lon))
	}
	sp := c.span(int64(math.Floor(s / daySec)))
	lv := sp.start
	for i, a := range sp.at {
		if s < a {
			break
		}
		lv = sp.lv[i]
	}
	return lv
}

// DarkFraction returns the fraction of [from, to) that was dark, exact to
// well under a second and across midnights and DST changes, since it works on
// UTC instants. When from equals to it is 1 if that instant is dark, else 0.
// Its cost grows with the number of days in the window.
func (c *Calculator) DarkFraction(from, to time.Time) (float64, error) {
	a, b := secs(from), secs(to)
	switch {
	case to.Before(from):
		return 0, fmt.Errorf("sun: dark fraction: window ends (%v) before it starts (%v)", to, from)
	case !(a >= minSec && b < maxSec):
		return 0, fmt.Errorf("sun: dark fraction: window %v – %v outside years 1..9999", from, to)
	case b <= a: // equal, or closer than float64 seconds can tell
		if c.Darkness(from) == Dark {
			return 1, nil
		}
		return 0, nil
	}
	var dark float64
	for k := int64(math.Floor(a / daySec)); float64(k)*daySec < b; k++ {
		sp := c.span(k)
		segStart, lv := float64(k)*daySec, sp.start
		for i := 0; i <= len(sp.at); i++ {
			segEnd := float64(k+1) * daySec
			if i < len(sp.at) {
				segEnd = sp.at[i]
			}
			if lv == Dark {
				dark += max(0, min(segEnd, b)-max(segStart, a))
			}
			if i < len(sp.at) {
				segStart, lv = segEnd, sp.lv[i]
			}
		}
	}
	return min(1, dark/(b-a)), nil
}

// span returns UTC day k's levels, computing and caching them on first use.
func (c *Calculator) span(k int64) *span {
	c.mu.RLock()
	sp := c.days[k]
	c.mu.RUnlock()
	if sp != nil {
		return sp
	}
	sp = c.build(k) // outside the lock: two goroutines may both build, harmlessly
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.days[k]; old != nil {
		return old
	}
	c.days[k] = sp
	return sp
}

func (c *Calculator) build(k int64) *span {
	start := float64(k) * daySec
	e0, found := scan(c.place, start, start+daySec, []float64{c.th.Dark, c.th.Light})
	type change struct {
		crossing
		light bool // a crossing of th.Light rather than th.Dark
	}
	var changes []change
	for _, x := range found[0] {
		changes = append(changes, change{x, false})
	}
	for _, x := range found[1] {
		changes = append(changes, change{x, true})
	}
	slices.SortStableFunc(changes, func(x, y change) int { return cmp.Compare(x.at, y.at) })

	// Track which side of each threshold the sun is on; with equal thresholds
	// both crossings fall on the same instant and the pair resolves there.
	belowDark, aboveLight := e0 < c.th.Dark, e0 > c.th.Light
	sp := &span{start: c.th.level(e0)}
	for _, ch := range changes {
		if ch.light {
			aboveLight = ch.rising
		} else {
			belowDark = !ch.rising
		}
		lv := Twilight
		if aboveLight {
			lv = Light
		} else if belowDark {
			lv = Dark
		}
		sp.at, sp.lv = append(sp.at, ch.at), append(sp.lv, lv)
	}
	return sp
}
