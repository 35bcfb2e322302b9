package survey

import (
	"errors"
	"fmt"
	"strings"
)

// Error is a problem at one place in a file. Read and ReadPublished return
// one *Error per problem (several at once through errors.Join), so a caller
// can point at the file, line and column with errors.As.
type Error struct {
	File   string
	Line   int    // CSV line where the record starts, or XLSX row; 0: the file as a whole
	Column string // the column's header as written; "": the whole row
	Sheet  string // XLSX only: the sheet's name
	Cell   string // XLSX only: the cell, e.g. "C7"
	Err    error
}

// Error formats e as `survey.csv line 7, column "Q3": unknown answer …`,
// or for XLSX `survey.xlsx sheet "Svar" row 7, column "Q3" (cell C7): …`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " sheet %q", e.Sheet)
	}
	if e.Line > 0 {
		unit := "line"
		if e.Sheet != "" {
			unit = "row"
		}
		fmt.Fprintf(&b, " %s %d", unit, e.Line)
	}
	if e.Column != "" {
		if e.Line > 0 || e.Sheet != "" {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " column %q", e.Column)
	}
	if e.Cell != "" {
		fmt.Fprintf(&b, " (cell %s)", e.Cell)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the problem without its place.
func (e *Error) Unwrap() error { return e.Err }

// maxErrors is how many problems one read reports before it gives up: enough
// to fix a file in one go, few enough to read.
const maxErrors = 20

// errorList collects a read's errors.
type errorList struct {
	file string
	errs []error
}

// add records err; it reports false once enough errors are collected.
func (l *errorList) add(err error) bool {
	if len(l.errs) < maxErrors {
		l.errs = append(l.errs, err)
	}
	return len(l.errs) < maxErrors
}

func (l *errorList) full() bool { return len(l.errs) >= maxErrors }

func (l *errorList) err() error {
	switch {
	case len(l.errs) == 0:
		return nil
	case len(l.errs) == 1:
		return l.errs[0]
	case l.full():
		return errors.Join(append(l.errs, fmt.Errorf("%s: stopped after %d errors", l.file, maxErrors))...)
	}
	return errors.Join(l.errs...)
}
