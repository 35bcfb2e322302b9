package survey

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Read reads the respondent file of one wave, all or nothing: either every
// complete response is returned, or an error lists the problems (up to 20),
// each a *Error naming the file, line and column. name is the file's name
// for messages. m may be nil; it overrides the format's conventions (see
// Mapping). Incomplete and rejected responses are left out unchecked and
// counted. The result depends only on the file's content, so reading the
// same file twice gives the same respondents and ids.
func Read(r io.Reader, name string, format Format, q Questionnaire, m *Mapping) (Result, error) {
	if _, err := ParseFormat(string(format)); err != nil {
		return Result{}, err
	}
	if err := q.Validate(); err != nil {
		return Result{}, err
	}
	var mp Mapping
	if m != nil {
		mp = *m
	}
	if err := mp.Validate(q); err != nil {
		return Result{}, err
	}
	loc, err := time.LoadLocation(cmp.Or(mp.TimeZone, DefaultTimeZone))
	if err != nil {
		return Result{}, fmt.Errorf("survey: time zone: %w", err)
	}
	t, err := openTable(r, name, format == FormatXLSX, &mp)
	if err != nil {
		return Result{}, unstop(err)
	}
	header, hline, err := t.next()
	if err != nil {
		return Result{}, unstop(err)
	}
	if format == FormatAuto || format == FormatXLSX {
		format = Detect(header)
	}
	rd := &reader{name: name, t: t, d: dialectOf(format), m: mp, q: q, loc: loc, errs: errorList{file: name}}
	if err := rd.resolve(header, hline); err != nil {
		return Result{}, err
	}
	res := Result{Format: format, SkippedReasons: map[string]int{}, Missing: rd.missing, Ignored: rd.ignored}
	seen := map[string]int{} // id → line
	for !rd.errs.full() {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		var se stopError
		if errors.As(err, &se) {
			rd.errs.add(se.err)
			break
		}
		if err != nil {
			rd.errs.add(err)
			continue
		}
		if reason, skip := rd.skipped(rec); skip {
			res.Skipped++
			res.SkippedReasons[reason]++
			continue
		}
		resp, ok := rd.respondent(rec, line)
		if !ok {
			continue
		}
		if prev, dup := seen[resp.ID]; dup {
			rd.fail(line, rd.id, "duplicate respondent id %q (also on %s %d)", resp.ID, rd.unit(), prev)
			continue
		}
		seen[resp.ID] = line
		res.Respondents = append(res.Respondents, resp)
	}
	if err := rd.errs.err(); err != nil {
		return Result{}, err
	}
	if len(res.Respondents) == 0 {
		return Result{}, &Error{File: name, Err: fmt.Errorf("no complete responses (%d left out: %s)", res.Skipped, reasons(res.SkippedReasons))}
	}
	return res, nil
}

func unstop(err error) error {
	var se stopError
	if errors.As(err, &se) {
		return se.err
	}
	return err
}

func reasons(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

// target is a column read into a question or a background field.
type target struct {
	key    string // question code or field name
	col    int
	scale  *scale              // nil: any value
	labels []map[string]string // Mapping.Labels that apply, most specific first (labelKey → code)
}

type skipCol struct {
	col    int
	values map[string]bool // labelKey
	reason string
}

type reader struct {
	name    string
	t       table
	d       *dialect
	m       Mapping
	q       Questionnaire
	loc     *time.Location
	header  []string // trimmed
	hline   int
	id      int // -1: none
	sub     int
	fields  map[string]*target
	answers []*target
	skips   []skipCol
	missing []string
	ignored []string
	errs    errorList
}

// resolve finds each question's and field's column: first those the
// mapping names (which must exist), then by the format's convention among
// the columns left.
func (rd *reader) resolve(header []string, line int) error {
	rd.hline = line
	rd.header = make([]string, len(header))
	canon := make([]string, len(header))
	keys := make([][]string, len(header)) // nameKey of each name a column answers to; [0] is the whole
	for i, h := range header {
		rd.header[i] = strings.TrimSpace(h)
		canon[i] = rd.d.canon(h)
		for _, n := range rd.d.names(canon[i]) {
			keys[i] = append(keys[i], nameKey(n))
		}
	}
	var errs []error
	fail := func(col int, format string, args ...any) {
		e := &Error{File: rd.name, Line: line, Err: fmt.Errorf(format, args...)}
		if col >= 0 {
			e.Column = rd.header[col]
		}
		rd.t.locate(e, col)
		errs = append(errs, e)
	}
	claimed := map[int]string{} // column → what it is read as
	claim := func(col int, what string) {
		if prev, ok := claimed[col]; ok {
			fail(col, "column used for both %s and %s", prev, what)
		}
		claimed[col] = what
	}
	// named finds a column the mapping names, as written or as the tool
	// means it (a LimeSurvey code without its heading text).
	named := func(name, what string) int {
		found := -1
		for i := range header {
			if strings.EqualFold(rd.header[i], strings.TrimSpace(name)) || strings.EqualFold(canon[i], strings.TrimSpace(name)) {
				if found >= 0 {
					fail(i, "the column for %s appears twice in the header", what)
					return -1
				}
				found = i
			}
		}
		if found < 0 {
			errs = append(errs, rd.located(&Error{File: rd.name, Line: line,
				Err: fmt.Errorf("no column %q (for %s) in the header; columns: %s", name, what, columnList(rd.header))}))
		}
		return found
	}
	// exact finds the first of the format's metadata columns present.
	exact := func(names []string) int {
		for _, n := range names {
			for i := range header {
				if strings.EqualFold(canon[i], n) {
					return i
				}
			}
		}
		return -1
	}
	// conventional finds the one unclaimed column whose name, or a part
	// of it the format allows, is one of names (compared by nameKey).
	conventional := func(names []string, what string) int {
		want := map[string]bool{}
		for _, n := range names {
			want[nameKey(n)] = true
		}
		var all, whole []int
		for i := range header {
			if _, taken := claimed[i]; taken {
				continue
			}
			for j, k := range keys[i] {
				if k != "" && want[k] {
					all = append(all, i)
					if j == 0 {
						whole = append(whole, i)
					}
					break
				}
			}
		}
		switch {
		case len(all) == 1:
			return all[0]
		case len(all) == 0:
			return -1
		case len(whole) == 1:
			return whole[0]
		}
		var cols []string
		for _, i := range all {
			cols = append(cols, strconv.Quote(rd.header[i]))
		}
		errs = append(errs, rd.located(&Error{File: rd.name, Line: line,
			Err: fmt.Errorf("%s matches the columns %s; name one in the mapping", what, strings.Join(cols, " and "))}))
		return -1
	}

	// The mapping first: what it names is taken before any convention.
	rd.id, rd.sub = -1, -1
	if rd.m.ID != "" {
		rd.id = named(rd.m.ID, "the respondent id")
	}
	if rd.m.Submitted != "" {
		rd.sub = named(rd.m.Submitted, "the submission time")
	}
	fieldCol := map[string]string{FieldDistrict: rd.m.District, FieldArea: rd.m.Area, FieldGender: rd.m.Gender,
		FieldAgeGroup: rd.m.AgeGroup, FieldWeight: rd.m.Weight}
	rd.fields = map[string]*target{}
	for _, f := range fieldOrder {
		rd.fields[f] = &target{key: f, col: -1}
		if c := fieldCol[f]; c != "" {
			rd.fields[f].col = named(c, "the "+strings.ReplaceAll(f, "_", " "))
		}
	}
	rd.answers = make([]*target, len(rd.q.Questions))
	for i, qu := range rd.q.Questions {
		rd.answers[i] = &target{key: qu.Code, col: -1}
		if c := rd.m.Questions[qu.Code]; c != "" {
			rd.answers[i].col = named(c, "question "+qu.Code)
		}
	}
	for _, c := range []struct {
		col  int
		what string
	}{{rd.id, "the respondent id"}, {rd.sub, "the submission time"}} {
		if c.col >= 0 {
			claim(c.col, c.what)
		}
	}
	for _, f := range fieldOrder {
		if c := rd.fields[f].col; c >= 0 {
			claim(c, "the "+strings.ReplaceAll(f, "_", " "))
		}
	}
	for _, tg := range rd.answers {
		if tg.col >= 0 {
			claim(tg.col, "question "+tg.key)
		}
	}

	// Then the conventions, among the columns left.
	if rd.id < 0 && rd.m.ID == "" {
		if rd.id = exact(rd.d.id); rd.id >= 0 {
			claim(rd.id, "the respondent id")
		}
	}
	if rd.sub < 0 && rd.m.Submitted == "" {
		if rd.sub = exact(rd.d.submitted); rd.sub >= 0 {
			claim(rd.sub, "the submission time")
		}
	}
	for _, f := range fieldOrder {
		if tg := rd.fields[f]; tg.col < 0 && fieldCol[f] == "" {
			if tg.col = conventional(fieldAliases[f], "the "+strings.ReplaceAll(f, "_", " ")); tg.col >= 0 {
				claim(tg.col, "the "+strings.ReplaceAll(f, "_", " "))
			}
		}
	}
	for i, tg := range rd.answers {
		if _, named := rd.m.Questions[tg.key]; tg.col < 0 && !named {
			if tg.col = conventional([]string{tg.key}, "question "+tg.key); tg.col >= 0 {
				claim(tg.col, "question "+tg.key)
			}
		}
		if tg.col < 0 {
			rd.missing = append(rd.missing, rd.q.Questions[i].Code)
		}
	}

	// Skip rules: the format's, then the mapping's.
	used := map[int]bool{}
	for _, s := range rd.d.skip {
		col := exact(s.columns)
		if rd.m.Submitted != "" && slices.Equal(s.columns, rd.d.submitted) {
			col = rd.sub // the mapping moved LimeSurvey's submitdate
		}
		if col < 0 {
			if s.required != "" {
				errs = append(errs, rd.located(&Error{File: rd.name, Line: line, Err: errors.New(s.required)}))
			}
			continue
		}
		rd.skips = append(rd.skips, skipCol{col: col, values: labelSet(s.values), reason: s.reason})
		used[col] = true
	}
	for _, s := range rd.m.Skip {
		if col := named(s.Column, "a skip rule"); col >= 0 {
			rd.skips = append(rd.skips, skipCol{col: col, values: labelSet(s.Values), reason: cmp.Or(s.Reason, "skipped")})
			used[col] = true
		}
	}

	// Scales and label maps.
	labels := map[string]map[string]string{}
	for _, key := range sortedKeys(rd.m.Labels) {
		lm := map[string]string{}
		for label, code := range rd.m.Labels[key] {
			lm[labelKey(label)] = code
		}
		labels[key] = lm
	}
	byColumn := func(col int) map[string]string {
		for _, key := range sortedKeys(labels) {
			if strings.EqualFold(key, rd.header[col]) || strings.EqualFold(key, canon[col]) {
				return labels[key]
			}
		}
		return nil
	}
	isKey := map[string]bool{"*": true, FieldDistrict: true, FieldArea: true, FieldGender: true, FieldAgeGroup: true}
	for _, qu := range rd.q.Questions {
		isKey[qu.Code] = true
	}
	for _, key := range sortedKeys(labels) {
		if !isKey[key] && !slices.ContainsFunc(rd.header, func(h string) bool { return strings.EqualFold(h, key) }) &&
			!slices.ContainsFunc(canon, func(h string) bool { return strings.EqualFold(h, key) }) {
			errs = append(errs, rd.located(&Error{File: rd.name, Line: line,
				Err: fmt.Errorf("the mapping has labels for %q, which is no question, field or column", key)}))
		}
	}
	withLabels := func(tg *target, keys ...string) {
		if tg.col < 0 {
			return
		}
		if lm := byColumn(tg.col); lm != nil && !isKey[rd.header[tg.col]] {
			tg.labels = append(tg.labels, lm)
		}
		for _, k := range keys {
			if lm := labels[k]; lm != nil {
				tg.labels = append(tg.labels, lm)
			}
		}
	}
	fieldScales := map[string][]Choice{FieldDistrict: rd.q.Districts, FieldGender: rd.q.Genders, FieldAgeGroup: rd.q.AgeGroups}
	for _, f := range fieldOrder {
		tg := rd.fields[f]
		tg.scale, _ = compileScale(fieldScales[f]) // checked by Validate
		withLabels(tg, f)
	}
	for i, tg := range rd.answers {
		tg.scale, _ = compileScale(rd.q.Questions[i].Scale)
		withLabels(tg, tg.key, "*")
	}

	if len(rd.missing) == len(rd.q.Questions) && len(errs) == 0 {
		errs = append(errs, rd.located(&Error{File: rd.name, Line: line, Err: fmt.Errorf(
			"none of the questionnaire's questions is in the file (read as %s; columns: %s); is the format right, or is a mapping needed?",
			rd.d.format, columnList(rd.header))}))
	}
	for i, h := range rd.header {
		if _, ok := claimed[i]; !ok && !used[i] && h != "" && !rd.d.meta(canon[i]) {
			rd.ignored = append(rd.ignored, h)
		}
	}
	return errors.Join(errs...)
}

// located adds the sheet to a header error, for XLSX.
func (rd *reader) located(e *Error) *Error {
	rd.t.locate(e, -1)
	return e
}

func labelSet(values []string) map[string]bool {
	s := map[string]bool{}
	for _, v := range values {
		s[labelKey(v)] = true
	}
	return s
}

// columnList names the header's columns for an error, the first 30.
func columnList(header []string) string {
	var parts []string
	for i, h := range header {
		if i == 30 {
			parts = append(parts, fmt.Sprintf("… (%d in all)", len(header)))
			break
		}
		parts = append(parts, strconv.Quote(h))
	}
	return strings.Join(parts, ", ")
}

// unit is what a file's line numbers count: lines of CSV, rows of a sheet.
func (rd *reader) unit() string {
	if ok, _ := rd.t.serialDates(); ok {
		return "row"
	}
	return "line"
}

// fail records a problem with column col (-1: the row) of the record at line.
func (rd *reader) fail(line, col int, format string, args ...any) {
	e := &Error{File: rd.name, Line: line, Err: fmt.Errorf(format, args...)}
	if col >= 0 {
		e.Column = rd.header[col]
	}
	rd.t.locate(e, col)
	rd.errs.add(e)
}

func (rd *reader) skipped(rec []string) (string, bool) {
	for _, s := range rd.skips {
		if s.values[labelKey(rec[s.col])] {
			return s.reason, true
		}
	}
	return "", false
}

// get returns the trimmed field col, and false if it is not valid text
// (which it reports).
func (rd *reader) get(rec []string, line, col int) (string, bool) {
	s := strings.TrimSpace(rec[col])
	if !rd.t.validUTF8(s) {
		rd.fail(line, col, "not UTF-8 (the file's first 64 KiB were, so it is read as UTF-8)")
		return "", false
	}
	return s, true
}

// respondent reads one complete response; false if it had errors (which
// are reported).
func (rd *reader) respondent(rec []string, line int) (Respondent, bool) {
	r := Respondent{Line: line, ID: "line-" + strconv.Itoa(line), Answers: map[string]string{}}
	ok := true
	if rd.id >= 0 {
		v, valid := rd.get(rec, line, rd.id)
		if rd.d.uuid {
			v = strings.TrimPrefix(v, "uuid:")
		}
		switch {
		case !valid:
			ok = false
		case v == "":
			rd.fail(line, rd.id, "empty respondent id")
			ok = false
		}
		r.ID = v
	}
	if rd.sub >= 0 {
		if v, valid := rd.get(rec, line, rd.sub); !valid {
			ok = false
		} else if v != "" {
			if r.Submitted, valid = rd.time(v); !valid {
				rd.fail(line, rd.sub, "%q is not a date and time (e.g. 2025-03-14 18:22:05)", v)
				ok = false
			}
		}
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{FieldDistrict, &r.District}, {FieldArea, &r.Area}, {FieldGender, &r.Gender}, {FieldAgeGroup, &r.AgeGroup}} {
		tg := rd.fields[f.key]
		if tg.col < 0 {
			continue
		}
		v, valid := rd.get(rec, line, tg.col)
		if valid {
			*f.dst, valid = rd.translate(tg, v, line)
		}
		if valid && f.key == FieldArea && *f.dst != "" {
			*f.dst = strings.ToUpper(*f.dst)
			if msg := areaError(*f.dst); msg != "" {
				rd.fail(line, tg.col, "%q %s", v, msg)
				valid = false
			}
		}
		ok = ok && valid
	}
	if tg := rd.fields[FieldWeight]; tg.col >= 0 {
		v, valid := rd.get(rec, line, tg.col)
		switch w, isNum := parseDecimal(v); {
		case !valid:
		case v == "":
			rd.fail(line, tg.col, "empty weight: with a weight column, every response needs one")
			valid = false
		case !isNum:
			rd.fail(line, tg.col, "weight %q is not a number", v)
			valid = false
		case !(w > 0):
			rd.fail(line, tg.col, "weight %s, want more than 0", v)
			valid = false
		default:
			r.Weight = w
		}
		ok = ok && valid
	}
	for _, tg := range rd.answers {
		if tg.col < 0 {
			continue
		}
		v, valid := rd.get(rec, line, tg.col)
		if valid {
			var code string
			if code, valid = rd.translate(tg, v, line); valid && code != "" {
				r.Answers[tg.key] = code
			}
		}
		ok = ok && valid
	}
	return r, ok
}

func (rd *reader) time(v string) (time.Time, bool) {
	loc := rd.loc
	if rd.d.utc {
		loc = time.UTC
	}
	if t, ok := parseTime(v, loc); ok {
		return t, true
	}
	if serial, date1904 := rd.t.serialDates(); serial {
		return excelTime(v, date1904, loc)
	}
	return time.Time{}, false
}

// translate turns a value into a code: through the mapping's labels, then
// the scale's codes and labels. "" is a non-response.
func (rd *reader) translate(tg *target, v string, line int) (string, bool) {
	if v == "" {
		return "", true
	}
	k := labelKey(v)
	for _, lm := range tg.labels {
		code, ok := lm[k]
		if !ok {
			continue
		}
		if code != "" && tg.scale != nil && !tg.scale.hasCode(code) {
			rd.fail(line, tg.col, "the mapping translates %q to %q, which is not on the scale of %s (%s)",
				v, code, tg.key, tg.scale.describe())
			return "", false
		}
		return code, true
	}
	if tg.scale == nil {
		return v, true
	}
	if code, ok := tg.scale.lookup(v); ok {
		return code, true
	}
	what, whose := "answer", "question "+tg.key
	if _, isField := fieldAliases[tg.key]; isField {
		what, whose = strings.ReplaceAll(tg.key, "_", " "), ""
	}
	hint := ""
	if s, ok := tg.scale.suggest(v); ok {
		hint = fmt.Sprintf("did you mean %q?", s)
	} else {
		hint = "expected " + tg.scale.describe()
	}
	if whose != "" {
		hint = whose + "; " + hint
	}
	rd.fail(line, tg.col, "unknown %s %q (%s)", what, clip(v), hint)
	return "", false
}
