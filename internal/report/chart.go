package report

import (
	"fmt"
	"math"
)

// The charts are plain SVG drawn from a few primitives, so that one
// template draws them all and html/template escapes every label. Colours
// are presentation attributes, not style attributes, which the CSP
// (style-src 'self') would block. Each series differs by pattern or shape
// as well as colour, values are written next to the marks, and every
// chart is followed by a table with the same figures.

const (
	colInk    = "#1b1b1b" // text: 16:1 on white
	colAccent = "#0b4f8a" // bars and marks: 8:1 on white, ≥ 3:1 for WCAG 1.4.11
	colMuted  = "#4a4a4a" // the earlier period: 8.9:1
	colGrid   = "#c9d1d9" // decorative grid lines

	chartW     = 720.0
	labelRight = 196.0 // row labels end here
	plotLeft   = 204.0
	plotRight  = 610.0 // value labels go to the right of this
	charW      = 7.0   // rough width of a 13 px character, for the legend
)

type svgChart struct {
	ID          string
	Title, Desc string
	W, H        float64
	Grid        []svgLine // drawn first, under everything
	Lines       []svgLine
	Rects       []svgRect
	Marks       []svgMark
	Texts       []svgText
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Stroke         string
	Width          float64
	Dash           string
}

type svgRect struct {
	X, Y, W, H float64
	Hatch      bool // striped, else solid
	Band       bool // a white band that hides the grid behind a heading
}

type svgMark struct {
	D    string // path
	Open bool   // an open (white) mark with a dark outline
}

type svgText struct {
	X, Y   float64
	Anchor string // start, middle or end
	Bold   bool
	Light  bool // white, on a dark fill
	S      string
}

func r1(v float64) float64 { return math.Round(v*10) / 10 }

// niceScale is the axis end and tick step for values up to max: steps of
// 1, 2 or 5 times a power of ten, four to eight ticks.
func niceScale(max float64, minStep float64) (top, step float64) {
	if !(max > 0) {
		max = 1
	}
	raw := max / 5
	pow := math.Pow10(int(math.Floor(math.Log10(raw))))
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * pow
		if step >= raw {
			break
		}
	}
	step = math.Max(step, minStep)
	return math.Ceil(max/step-1e-9) * step, step
}

// legendItem draws a swatch (a solid or striped box, or a mark) and its
// label; the legend stacks items one per line.
type legendItem struct {
	Hatch bool
	Mark  string // "diamond" or "circle" to draw a mark, else a box
	Label string
}

func (c *svgChart) legend(items []legendItem, y float64) float64 {
	for _, it := range items {
		switch it.Mark {
		case "diamond":
			c.Marks = append(c.Marks, svgMark{D: diamond(plotLeft+7, y+7)})
		case "circle":
			c.Marks = append(c.Marks, svgMark{D: circle(plotLeft+7, y+7), Open: true})
		default:
			c.Rects = append(c.Rects, svgRect{X: plotLeft, Y: y, W: 14, H: 14, Hatch: it.Hatch})
		}
		c.Texts = append(c.Texts, svgText{X: plotLeft + 22, Y: y + 11.5, Anchor: "start", S: it.Label})
		y += 20
	}
	return y
}

// axis draws vertical grid lines with tick labels below, from y0 to y1.
func (c *svgChart) axis(top, step float64, y0, y1 float64, label func(float64) string) {
	for v := 0.0; v <= top+step/2; v += step {
		x := r1(plotLeft + v/top*(plotRight-plotLeft))
		stroke, w := colGrid, 1.0
		if v == 0 {
			stroke, w = colMuted, 1.5
		}
		c.Grid = append(c.Grid, svgLine{X1: x, Y1: y0, X2: x, Y2: y1, Stroke: stroke, Width: w})
		c.Texts = append(c.Texts, svgText{X: x, Y: y1 + 16, Anchor: "middle", S: label(v)})
	}
}

func diamond(x, y float64) string {
	return fmt.Sprintf("M%g %gL%g %gL%g %gL%g %gZ", r1(x), r1(y-6), r1(x+6), r1(y), r1(x), r1(y+6), r1(x-6), r1(y))
}

func circle(x, y float64) string {
	return fmt.Sprintf("M%g %ga5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z", r1(x-5), r1(y))
}

// barRow is one category of a grouped bar chart: one value per series.
type barRow struct {
	Label  string
	Values []Count
}

// barChart draws horizontal grouped bars, the first series solid and the
// second striped. A hidden count gets no bar, only its text ("<5"); a
// lower bound ("≥ 12") gets a bar to the bound and its text.
func barChart(id, title, desc, lang string, series []string, rows []barRow, note string) svgChart {
	c := svgChart{ID: id, Title: title, Desc: desc, W: chartW}
	items := make([]legendItem, len(series))
	for i, s := range series {
		items[i] = legendItem{Hatch: i > 0, Label: s}
	}
	if note != "" {
		c.Texts = append(c.Texts, svgText{X: plotLeft, Y: 8 + 11.5, Anchor: "start", S: note})
	}
	y := 8.0
	if note != "" {
		y += 20
	}
	y = c.legend(items, y) + 8
	max := 0.0
	for _, r := range rows {
		for _, v := range r.Values {
			if p, err := v.parse(); err == nil && (p.kind == countExact || p.kind == countLower) {
				max = math.Max(max, p.v)
			}
		}
	}
	top, step := niceScale(max, 1)
	const barH, gap, groupGap = 14.0, 2.0, 14.0
	y0 := y
	for _, r := range rows {
		groupH := float64(len(series))*(barH+gap) - gap
		c.Texts = append(c.Texts, svgText{X: labelRight, Y: r1(y + groupH/2 + 4.5), Anchor: "end", S: r.Label})
		for i, v := range r.Values {
			p, _ := v.parse()
			w := 0.0
			if p.kind == countExact || p.kind == countLower {
				w = r1(p.v / top * (plotRight - plotLeft))
			}
			if w > 0 {
				c.Rects = append(c.Rects, svgRect{X: plotLeft, Y: r1(y), W: w, H: barH, Hatch: i > 0})
			}
			c.Texts = append(c.Texts, svgText{X: r1(plotLeft + w + 5), Y: r1(y + barH - 3), Anchor: "start", S: v.text()})
			y += barH + gap
		}
		y += groupGap - gap
	}
	c.axis(top, step, y0-4, y, func(v float64) string { return num(lang, v, 0) })
	c.H = r1(y + 26)
	return c
}

// stackRow is one bar of a stacked chart: a solid part and a striped part.
type stackRow struct {
	Label        string
	Solid, Hatch float64
	Text         string
}

func stackChart(id, title, desc, lang string, solid, hatch string, rows []stackRow) svgChart {
	c := svgChart{ID: id, Title: title, Desc: desc, W: chartW}
	y := c.legend([]legendItem{{Label: solid}, {Hatch: true, Label: hatch}}, 8) + 8
	max := 0.0
	for _, r := range rows {
		max = math.Max(max, r.Solid+r.Hatch)
	}
	top, step := niceScale(max, 1)
	const barH, gap = 18.0, 12.0
	y0 := y
	scale := func(v float64) float64 { return r1(v / top * (plotRight - plotLeft)) }
	for _, r := range rows {
		c.Texts = append(c.Texts, svgText{X: labelRight, Y: r1(y + barH/2 + 4.5), Anchor: "end", S: r.Label})
		ws, wh := scale(r.Solid), scale(r.Hatch)
		if ws > 0 {
			c.Rects = append(c.Rects, svgRect{X: plotLeft, Y: r1(y), W: ws, H: barH})
		}
		if wh > 0 {
			c.Rects = append(c.Rects, svgRect{X: r1(plotLeft + ws), Y: r1(y), W: wh, H: barH, Hatch: true})
		}
		c.Texts = append(c.Texts, svgText{X: r1(plotLeft + ws + wh + 5), Y: r1(y + barH - 4), Anchor: "start", S: r.Text})
		y += barH + gap
	}
	c.axis(top, step, y0-4, y-gap+4, func(v float64) string { return num(lang, v, 0) })
	c.H = r1(y - gap + 30)
	return c
}

// dotGroup is one indicator in a dot chart, with a row per area.
type dotGroup struct {
	Label string
	Rows  []dotRow
}

type dotRow struct {
	Label             string
	Current, Previous *Estimate
	Text              string // the current value as written
}

// dotChart draws each estimate as a mark with a line for its interval: the
// current wave as a solid diamond, the previous as an open circle below it
// with a dashed line. top is the axis end (1 for shares, 6 for the index).
func dotChart(id, title, desc string, cur, prev string, groups []dotGroup, top, step float64, tick func(float64) string) svgChart {
	c := svgChart{ID: id, Title: title, Desc: desc, W: chartW}
	y := c.legend([]legendItem{{Mark: "diamond", Label: cur}, {Mark: "circle", Label: prev}}, 8) + 8
	y0 := y
	scale := func(v float64) float64 { return r1(plotLeft + v/top*(plotRight-plotLeft)) }
	for _, g := range groups {
		c.Rects = append(c.Rects, svgRect{X: 0, Y: r1(y + 1), W: chartW, H: 20, Band: true})
		c.Texts = append(c.Texts, svgText{X: 8, Y: r1(y + 15), Anchor: "start", Bold: true, S: g.Label})
		y += 22
		for _, r := range g.Rows {
			mid := y + 14
			c.Texts = append(c.Texts, svgText{X: labelRight, Y: r1(mid + 4.5), Anchor: "end", S: r.Label})
			if e := r.Current; e != nil {
				yy := r1(mid - 5)
				c.Lines = append(c.Lines, svgLine{X1: scale(e.Low), Y1: yy, X2: scale(e.High), Y2: yy, Stroke: colAccent, Width: 2})
				c.Marks = append(c.Marks, svgMark{D: diamond(scale(e.Value), yy)})
			}
			if e := r.Previous; e != nil {
				yy := r1(mid + 6)
				c.Lines = append(c.Lines, svgLine{X1: scale(e.Low), Y1: yy, X2: scale(e.High), Y2: yy, Stroke: colMuted, Width: 1.5, Dash: "4 3"})
				c.Marks = append(c.Marks, svgMark{D: circle(scale(e.Value), yy), Open: true})
			}
			c.Texts = append(c.Texts, svgText{X: plotRight + 12, Y: r1(mid + 4.5), Anchor: "start", S: r.Text})
			y += 28
		}
	}
	c.axis(top, step, y0, y+2, tick)
	c.H = r1(y + 30)
	return c
}
