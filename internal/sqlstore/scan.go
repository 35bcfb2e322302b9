package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/trygg-se/trygg/internal/app"
)

// dateCol scans a DATE column into an app.Date. PostgreSQL returns a
// time.Time; SQLite may return a time.Time or the text, depending on how
// the value was written, so both are accepted.
type dateCol struct{ d *app.Date }

func (c dateCol) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*c.d = app.NewDate(v.Year(), v.Month(), v.Day())
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("date column: unexpected %T", src)
	}
	return nil
}

func (c dateCol) parse(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	d, err := app.ParseDate(s)
	*c.d = d
	return err
}

// dateArg is the value stored for d: a YYYY-MM-DD string, which both engines
// accept for a DATE column and which sorts as a date in SQLite.
func dateArg(d app.Date) string { return d.String() }

// jsonCol scans a TEXT column holding JSON into v.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	var b []byte
	switch s := src.(type) {
	case string:
		b = []byte(s)
	case []byte:
		b = s
	case nil:
		return nil
	default:
		return fmt.Errorf("json column: unexpected %T", src)
	}
	return json.Unmarshal(b, c.v)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only called with plain slices and structs of strings.
		panic(fmt.Sprintf("sqlstore: encode %T: %v", v, err))
	}
	return string(b)
}
