package situation

import (
	"slices"
	"strings"
	"time"
)

// PatrolSpan is a patrol for the lägesbild: when, and in which districts.
type PatrolSpan struct {
	From, To  time.Time
	Districts []string
}

// PatrolHours is patrol time in one district.
type PatrolHours struct {
	District  string
	Hours     float64 // a patrol's time is split evenly over its districts
	DarkHours float64 // of which in darkness
	Patrols   int
}

// Patrols sums patrol time per district, and the part of it in darkness
// by dark (the fraction of [from, to) that is dark at the place).
func Patrols(ps []PatrolSpan, dark func(from, to time.Time) (float64, error)) ([]PatrolHours, error) {
	by := map[string]*PatrolHours{}
	for _, p := range ps {
		if len(p.Districts) == 0 || !p.To.After(p.From) {
			continue
		}
		f, err := dark(p.From, p.To)
		if err != nil {
			return nil, err
		}
		hours := p.To.Sub(p.From).Hours() / float64(len(p.Districts))
		for _, d := range p.Districts {
			h := by[d]
			if h == nil {
				h = &PatrolHours{District: d}
				by[d] = h
			}
			h.Hours += hours
			h.DarkHours += hours * f
			h.Patrols++
		}
	}
	out := make([]PatrolHours, 0, len(by))
	for _, h := range by {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b PatrolHours) int { return strings.Compare(a.District, b.District) })
	return out, nil
}
