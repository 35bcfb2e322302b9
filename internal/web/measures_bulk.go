package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer/survey"
)

// bulkColumns is the measures CSV: read-only columns to recognise a row
// by, then the ones an import may change.
var bulkColumns = []string{"id", "title", "type", "district", "status", "status_reason", "progress", "actual_start", "actual_end"}

// exportMeasures writes the tenant's measures for a spreadsheet: CSV at
// atgarder.csv, a workbook at atgarder.xlsx.
func (s *Server) exportMeasures(w http.ResponseWriter, r *http.Request) {
	t := who(r).Tenant
	ms, err := s.svc.Measures.FindMeasures(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	date := func(d *app.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	rows := [][]string{bulkColumns}
	for _, m := range ms {
		rows = append(rows, []string{strconv.FormatInt(m.ID, 10), csvSafe(m.Title), m.Type, m.DistrictKey, m.Status, csvSafe(m.StatusReason),
			strconv.Itoa(m.Progress), date(m.ActualStart), date(m.ActualEnd)})
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="atgarder-`+t.Slug+`.xlsx"`)
		if err := writeXLSX(w, "Åtgärder", rows); err != nil {
			s.log.Error("xlsx", "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="atgarder-`+t.Slug+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := newCSV(w)
	cw.WriteAll(rows)
}

// bulkChange is one changed field of one measure.
type bulkChange struct {
	Line          int
	Measure       string
	Field         string
	Before, After string
}

type bulkPage struct {
	Layout  Layout
	Tenant  *app.Tenant
	Changes []bulkChange
	CSV     string // the upload, carried to the confirm step
	Errors  []string
	Applied bool
}

// importMeasures reads the CSV back: with dry_run it only shows what
// would change; otherwise it applies every change in one transaction, or
// none when any row is wrong.
func (s *Server) importMeasures(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	t := who(r).Tenant
	page := bulkPage{Layout: s.layout(r, lang), Tenant: t}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		s.fail(w, r, app.Errorf(app.EINVALID, "Ogiltig uppladdning / Invalid upload."))
		return
	}
	content := r.FormValue("csv")
	if f, hdr, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		content = string(b)
		// A workbook becomes the same CSV, carried to the confirm step.
		if bytes.HasPrefix(b, []byte("PK")) {
			rows, err := survey.XLSXRows(bytes.NewReader(b), hdr.Filename)
			if err != nil {
				s.renderBulk(w, r, http.StatusBadRequest, bulkPage{Errors: []string{err.Error()}})
				return
			}
			var buf bytes.Buffer
			cw := csv.NewWriter(&buf)
			cw.Comma = ';'
			cw.WriteAll(rows)
			content = buf.String()
		}
	}
	page.CSV = content
	ms, err := s.svc.Measures.FindMeasures(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changed, changes, errs := diffMeasures(content, ms)
	page.Changes, page.Errors = changes, errs
	status := http.StatusOK
	switch {
	case len(errs) > 0:
		status = http.StatusBadRequest
	case r.FormValue("dry_run") == "" && len(changed) > 0:
		if err := s.svc.Measures.UpdateMeasures(r.Context(), t.ID, changed); err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				s.fail(w, r, err)
				return
			}
			page.Errors, status = []string{app.ErrorMessage(err)}, http.StatusBadRequest
		} else {
			page.Applied, page.CSV = true, ""
		}
	}
	s.render(w, r, status, "measures_bulk", lang, page)
}

func (s *Server) renderBulk(w http.ResponseWriter, r *http.Request, status int, page bulkPage) {
	lang := language(w, r)
	page.Layout, page.Tenant = s.layout(r, lang), who(r).Tenant
	s.render(w, r, status, "measures_bulk", lang, page)
}

// diffMeasures reads the CSV against the stored measures and returns the
// measures to update, the changes in words, and every error with its line
// and column.
func diffMeasures(content string, ms []*app.Measure) ([]*app.Measure, []bulkChange, []string) {
	byID := map[int64]*app.Measure{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(content, "\ufeff")))
	rd.Comma = ';'
	if first, _, _ := strings.Cut(content, "\n"); !strings.Contains(first, ";") && strings.Contains(first, ",") {
		rd.Comma = ','
	}
	rd.FieldsPerRecord = -1
	var errs []string
	fail := func(line int, col, format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf("rad %d, kolumn %q: %s / line %d, column %q", line, col, fmt.Sprintf(format, args...), line, col))
		}
	}
	header, err := rd.Read()
	if err != nil {
		return nil, nil, []string{"Filen saknar rubrikrad / The file has no header line."}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	for _, need := range []string{"id", "status", "progress"} {
		if _, ok := col[need]; !ok {
			return nil, nil, []string{fmt.Sprintf("Kolumnen %q saknas / Column %q is missing.", need, need)}
		}
	}
	var out []*app.Measure
	var changes []bulkChange
	seen := map[int64]bool{}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		line, _ := rd.FieldPos(0)
		if err != nil {
			fail(line, "", "%v", err)
			break
		}
		get := func(name string) (string, bool) {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		}
		idText, _ := get("id")
		id, err := strconv.ParseInt(idText, 10, 64)
		old := byID[id]
		if err != nil || old == nil {
			fail(line, "id", "okänd åtgärd %q / unknown measure", idText)
			continue
		}
		if seen[id] {
			fail(line, "id", "åtgärd %d finns två gånger / measure %d appears twice", id, id)
			continue
		}
		seen[id] = true
		m := *old
		before := len(changes)
		note := func(field, before, after string) {
			changes = append(changes, bulkChange{Line: line, Measure: m.Title, Field: field, Before: before, After: after})
		}
		if v, ok := get("status"); ok && v != m.Status {
			note("status", m.Status, v)
			m.Status = v
		}
		if v, ok := get("status_reason"); ok && v != m.StatusReason {
			note("status_reason", m.StatusReason, v)
			m.StatusReason = v
		}
		if v, ok := get("progress"); ok && v != strconv.Itoa(m.Progress) {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), "%"))
			if err != nil {
				fail(line, "progress", "%q är inget heltal / is not a whole number", v)
				continue
			}
			note("progress", strconv.Itoa(m.Progress), strconv.Itoa(n))
			m.Progress = n
		}
		for _, d := range []struct {
			name string
			dst  **app.Date
		}{{"actual_start", &m.ActualStart}, {"actual_end", &m.ActualEnd}} {
			v, ok := get(d.name)
			if !ok {
				continue
			}
			was := ""
			if *d.dst != nil {
				was = (*d.dst).String()
			}
			if v == was {
				continue
			}
			if v == "" {
				*d.dst = nil
			} else {
				t, err := time.Parse(time.DateOnly, v)
				if err != nil {
					fail(line, d.name, "%q är inget datum ÅÅÅÅ-MM-DD / is not a date", v)
					continue
				}
				nd := app.DateOf(t)
				*d.dst = &nd
			}
			note(d.name, was, v)
		}
		if err := m.Validate(); err != nil {
			field := ""
			var ae *app.Error
			if errors.As(err, &ae) {
				field = ae.Field
			}
			fail(line, field, "%s", app.ErrorMessage(err))
			continue
		}
		if len(changes) > before {
			out = append(out, &m)
		}
	}
	return out, changes, errs
}
