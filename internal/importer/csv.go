package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer/csvin"
)

// CSVIncidents turns the rows of a mapped incident CSV into enriched
// incidents, one at a time: the file is never held in memory. file names
// the source in errors and in each incident's SourceRef. A row without an
// id column gets one from its content, so that re-importing the same rows
// (from this file or a copy) adds nothing.
func CSVIncidents(file string, rd *csvin.Reader, en *Enricher) iter.Seq2[*app.Incident, error] {
	return func(yield func(*app.Incident, error) bool) {
		for {
			row, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, fmt.Errorf("import %s %w", file, err))
				return
			}
			inc := &app.Incident{
				Source: app.SourceCSV, ExternalID: row.ID, Category: row.Category, Place: row.Place, Text: row.Text,
				OccurredFrom: row.From, OccurredTo: row.To, SourceRef: file + ":" + strconv.Itoa(row.Line),
				ReviewState: app.ReviewAccepted,
			}
			if c, ok := app.ReportCategory(row.Category); ok {
				inc.FocusArea = c.FocusArea
			}
			if row.HasPoint {
				lat, lon := row.Lat, row.Lon
				inc.Lat, inc.Lon = &lat, &lon
			}
			if row.District != "" {
				key, ok := en.DistrictKey(row.District)
				if !ok {
					yield(nil, fmt.Errorf("import %s line %d: unknown district %q", file, row.Line, row.District))
					return
				}
				inc.DistrictKey = key
			}
			if inc.ExternalID == "" {
				inc.ExternalID = rowID(row)
			}
			en.Enrich(inc)
			if !yield(inc, nil) {
				return
			}
		}
	}
}

// rowID identifies a row by what it says, not where it stands.
func rowID(r csvin.Row) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%v|%v|%v|%s|%s|%s|%s", r.From.Format(time.RFC3339), r.To.Format(time.RFC3339), r.HasPoint, r.Lat, r.Lon,
		r.District, r.Place, r.Category, r.Text)
	return "row-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// DistrictKey returns the key of the tenant's district called name (its
// key or its name, case-insensitive).
func (e *Enricher) DistrictKey(name string) (string, bool) {
	k, ok := e.names[strings.ToLower(strings.TrimSpace(name))]
	return k, ok
}
