package sqlstore

import (
	"strconv"
	"strings"
)

// rebind rewrites ? placeholders as $1, $2, … for PostgreSQL. A ? inside a
// quoted string or identifier is left alone.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	return rebindDollar(q)
}

func rebindDollar(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte // the open quote character, or 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
