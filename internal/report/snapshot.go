package report

import (
	"bytes"
	"encoding/json"
	"unicode"
)

// UpgradeJSON returns reports as JSON (one Report, or a map of them by
// language as a follow-up's snapshot holds) under the current field names.
// Follow-ups adopted before the fields had JSON names were frozen with Go's
// names ("FocusAreas", not "focus_areas"); those are rewritten key by key,
// and everything else comes back as it was. Map keys that are data — the
// languages, the commentary's section keys — are lower case already and
// stay as they are.
func UpgradeJSON(raw []byte) ([]byte, error) {
	// Every Report written with Go's names has "Lang"; inside a JSON
	// string the quotes would be escaped, so text cannot look like it.
	if !bytes.Contains(raw, []byte(`"Lang":`)) {
		return raw, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers come back digit for digit
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(snakeKeys(v))
}

func snakeKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[snakeCase(k)] = snakeKeys(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = snakeKeys(x)
		}
		return v
	}
	return v
}

// snakeCase is the JSON name of a Go field name: PeriodFrom → period_from,
// N → n; already lower-case names are unchanged.
func snakeCase(s string) string {
	rs := []rune(s)
	var b []rune
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b = append(b, '_')
			}
			r = unicode.ToLower(r)
		}
		b = append(b, r)
	}
	return string(b)
}
