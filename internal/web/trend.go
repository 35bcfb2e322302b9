package web

import (
	"fmt"
	"math"
	"strings"

	"github.com/trygg-se/trygg/internal/situation"
)

// trendChart is incidents per month for a few series, as an SVG line
// chart with its table; each series has its own dash pattern as well as
// its colour, so that colour is not the only difference.
type trendChart struct {
	ID, Title, Desc string
	W, H            float64
	Series          []trendSeries
	XTicks, YTicks  []tick
	AxisY, Left     float64
	Rows            []trendRow // the table: a month, a value per series
}

type trendRow struct {
	Month  string
	Values []string
}

type trendSeries struct {
	Name, Points, Colour, Dash string
	LegendY                    float64
}

var trendStyles = []struct{ colour, dash string }{
	{"#0b4f8a", ""}, {"#b3261e", "6 3"}, {"#1e6b34", "2 3"}, {"#6a3d9a", "8 3 2 3"}, {"#4a4a4a", "1 2"},
}

// newTrend draws res (grouped by month then by the series dimension) for
// the series keys, named by names, month by month from first to last.
func newTrend(id, title, desc string, res situation.Result, keys []string, names func(string) string, months []string) trendChart {
	const left, right, top, plotH = 48.0, 200.0, 12.0, 220.0
	c := trendChart{ID: id, Title: title, Desc: desc, W: 720, H: top + plotH + 40, AxisY: top + plotH, Left: left}
	val := map[[2]string]float64{}
	peak := 0.0
	for _, cell := range res.Cells {
		val[[2]string{cell.Key[0], cell.Key[1]}] = cell.Count
		peak = math.Max(peak, cell.Count)
	}
	step := math.Max(1, math.Ceil(peak/4))
	peak = step * 4
	x := func(i int) float64 {
		if len(months) < 2 {
			return left
		}
		return left + (c.W-left-right)*float64(i)/float64(len(months)-1)
	}
	y := func(v float64) float64 { return top + plotH - plotH*v/peak }
	for i := 0; i <= 4; i++ {
		c.YTicks = append(c.YTicks, tick{X: y(step * float64(i)), Label: fmt.Sprint(step * float64(i))})
	}
	for i, m := range months {
		if len(months) <= 12 && i%2 == 0 || i%6 == 0 {
			c.XTicks = append(c.XTicks, tick{X: x(i), Label: m})
		}
	}
	c.Rows = make([]trendRow, len(months))
	for i, m := range months {
		c.Rows[i].Month = m
	}
	for si, k := range keys {
		st := trendStyles[si%len(trendStyles)]
		var pts []string
		for i, m := range months {
			v := val[[2]string{m, k}]
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
			c.Rows[i].Values = append(c.Rows[i].Values, strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", v), "0"), "."))
		}
		c.Series = append(c.Series, trendSeries{Name: names(k), Points: strings.Join(pts, " "), Colour: st.colour, Dash: st.dash,
			LegendY: top + 14 + float64(si)*20})
	}
	return c
}

// monthsOf lists the months from one to another ("2022-01"), inclusive.
func monthsOf(from, to string) []string {
	var out []string
	var y, m int
	fmt.Sscanf(from, "%d-%d", &y, &m)
	for i := 0; i < 240; i++ {
		s := fmt.Sprintf("%04d-%02d", y, m)
		if s > to {
			break
		}
		out = append(out, s)
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	return out
}
