package situation

import "time"

const week = 7 * 24 * time.Hour

// TimeGrid returns the weekday × hour grid of the valid incidents in loc
// (nil means UTC): g[0] is Monday, g[d][h] the local hour h to h+1. The
// grid sums to the number of valid incidents; see the package doc for how
// windows are spread.
func TimeGrid(incs []Incident, loc *time.Location) [7][24]float64 {
	if loc == nil {
		loc = time.UTC
	}
	var g [7][24]float64
	for i := range incs {
		inc := &incs[i]
		switch {
		case !inc.valid():
		case inc.From.Equal(inc.To):
			t := inc.From.In(loc)
			g[weekday(t)][t.Hour()]++
		case inc.To.Sub(inc.From) > week:
			for d := range g {
				for h := range g[d] {
					g[d][h] += 1.0 / (7 * 24)
				}
			}
		default:
			spread(&g, inc.From, inc.To, loc)
		}
	}
	return g
}

// spread adds weight 1 over [from, to), a window of at most a week, in
// proportion to the time spent in each local hour.
func spread(g *[7][24]float64, from, to time.Time, loc *time.Location) {
	total := float64(to.Sub(from))
	for t := from; t.Before(to); {
		lt := t.In(loc)
		// The next local hour starts when the wall clock reaches it, unless
		// the UTC offset changes first (DST, or zones whose changes are not
		// on the hour): then the rest of this hour is a new segment.
		next := t.Add(time.Hour - time.Duration(lt.Minute())*time.Minute -
			time.Duration(lt.Second())*time.Second - time.Duration(lt.Nanosecond()))
		if _, end := lt.ZoneBounds(); !end.IsZero() && end.Before(next) {
			next = end
		}
		if next.After(to) {
			next = to
		}
		g[weekday(lt)][lt.Hour()] += float64(next.Sub(t)) / total
		t = next
	}
}

// weekday numbers days from Monday = 0, as Swedish calendars do.
func weekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }
