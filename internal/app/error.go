package app

import (
	"errors"
	"fmt"
)

// Application error codes. They say what went wrong in domain terms; only the
// transport layers (web, api) map them to HTTP statuses.
const (
	ECONFLICT        = "conflict"
	EINTERNAL        = "internal"
	EINVALID         = "invalid"
	ENOTFOUND        = "not_found"
	EFORBIDDEN       = "forbidden"
	EUNAUTHENTICATED = "unauthenticated"
	ERATELIMIT       = "rate_limited"
	ETOOLARGE        = "too_large"
	EUNAVAILABLE     = "unavailable" // a part this installation lacks, such as Chromium for PDFs
)

// Error is an error a user may see. Message is a readable sentence (Swedish
// first where a user sees it); Field names the input at fault, if any.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID error about one input field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain; EINTERNAL
// for any other non-nil error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic text so that no implementation detail reaches a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Internt fel / Internal error."
}

// ErrorField returns the form field err is about, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
