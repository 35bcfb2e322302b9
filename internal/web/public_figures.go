package web

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/api"
	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/disclosure"
	"github.com/trygg-se/trygg/internal/geo"
	"github.com/trygg-se/trygg/internal/situation"
)

// publicCell is one cell of the public base table: accepted incidents in
// one district, year, focus area and darkness class. Every public figure —
// pages, feeds, downloads — is a disclosure.Sum over these cells, so that
// no two published numbers can be subtracted to reveal a hidden one.
//
// The grain is coarse on purpose. With sources and months as well, nearly
// every cell of a kommun of Katrineholm's size held fewer than five
// incidents, and every sum over them became a bound that said nothing.
// Staff see months and sources in the lägesbild.
type publicCell struct {
	District  string           `json:"district"` // key, "" kommun-wide
	Year      string           `json:"year"`     // Swedish time
	FocusArea string           `json:"focus_area"`
	Darkness  string           `json:"darkness"` // dark, twilight, light
	Value     disclosure.Value `json:"value"`
}

var publicDims = []situation.Dimension{situation.ByDistrict, situation.ByYear, situation.ByFocusArea, situation.ByDarkness}

// publicIncidents are the incidents behind public figures: accepted ones
// only. Nothing unreviewed is public (DESIGN.md §6).
func (s *Server) publicIncidents(ctx context.Context, t *app.Tenant, f app.IncidentFilter) ([]*app.Incident, error) {
	f.ReviewState = app.ReviewAccepted
	if f.Limit == 0 {
		f.Limit = 1_000_000
	}
	incs, _, err := s.svc.Incidents.FindIncidents(ctx, t.ID, f)
	return incs, err
}

// publicTable is the tenant's base table.
func (s *Server) publicTable(ctx context.Context, t *app.Tenant) ([]publicCell, error) {
	// Accepted only: nothing unreviewed is public.
	incs, err := s.svc.Incidents.FindIncidentFacts(ctx, t.ID, app.IncidentFilter{ReviewState: app.ReviewAccepted}, false)
	if err != nil {
		return nil, err
	}
	res, err := situation.Aggregate(api.SituationFacts(incs), situation.Query{GroupBy: publicDims, Loc: stockholm})
	if err != nil {
		return nil, err
	}
	cells := make([]publicCell, len(res.Cells))
	for i, c := range res.Cells {
		cells[i] = publicCell{District: c.Key[0], Year: c.Key[1], FocusArea: c.Key[2], Darkness: c.Key[3],
			Value: disclosure.Cell(c.Count, c.N, disclosure.DefaultThreshold)}
	}
	return cells, nil
}

// figure is a derived public figure with its label.
type figure struct {
	Key   string
	Value disclosure.Value
}

// sumBy adds the cells that keep passes, grouped by key, sorted by key.
func sumBy(cells []publicCell, keep func(publicCell) bool, key func(publicCell) string) []figure {
	groups := map[string][]disclosure.Value{}
	for _, c := range cells {
		if keep(c) {
			k := key(c)
			groups[k] = append(groups[k], c.Value)
		}
	}
	out := make([]figure, 0, len(groups))
	for k, vs := range groups {
		out = append(out, figure{Key: k, Value: disclosure.Sum(vs...)})
	}
	slices.SortFunc(out, func(a, b figure) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// period is the years public figures cover: those of the tenant's latest
// promise, which is what citizens were promised for; a tenant without one
// gets its newest year with data.
type period struct {
	From, To string // "2022", "2023"
}

func (p period) Has(c publicCell) bool { return p.From <= c.Year && c.Year <= p.To }

func (s *Server) publicPeriod(ctx context.Context, t *app.Tenant, cells []publicCell) (period, error) {
	ps, err := s.svc.Promises.FindPromises(ctx, t.ID)
	if err != nil {
		return period{}, err
	}
	var latest *app.Promise
	for _, p := range ps {
		if latest == nil || latest.ValidFrom.Before(p.ValidFrom) {
			latest = p
		}
	}
	if latest != nil {
		return period{From: latest.ValidFrom.Format("2006"), To: latest.ValidTo.Format("2006")}, nil
	}
	last := ""
	for _, c := range cells {
		last = max(last, c.Year)
	}
	return period{From: last, To: last}, nil
}

// publicReport is a reviewed citizen report as the public sees it: a day,
// not a time, and the centre of its 100 m square, not its pin. Its words
// stay inside: masking catches identity numbers, phones and addresses, but
// not "the man on the third floor", and places, not persons, are public.
type publicReport struct {
	ID        int64
	Day       string
	Category  string
	District  string
	Text      string
	Lat, Lon  *float64
	AfterDark bool
}

// gridSize is the public resolution of citizen reports' places, metres.
const gridSize = 100

func coarsen(i *app.Incident) publicReport {
	p := publicReport{ID: i.ID, Day: i.OccurredFrom.In(stockholm).Format(time.DateOnly), Category: i.Category,
		District: i.DistrictKey, AfterDark: i.Darkness == "dark" || i.DarkFraction >= 0.5}
	if i.Lat != nil && i.Lon != nil {
		lat, lon := geo.Snap(*i.Lat, *i.Lon, gridSize)
		lat, lon = round5(lat), round5(lon)
		p.Lat, p.Lon = &lat, &lon
	}
	return p
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }
