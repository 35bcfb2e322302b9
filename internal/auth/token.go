package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// APITokenPrefix marks API tokens so that a leaked one is recognisable in
// logs, pastes and secret scanners, and is not mistaken for a session token.
const APITokenPrefix = "tr_"

// NewToken returns a fresh random session or reset token: 26 characters of
// base32 (A–Z, 2–7) carrying at least 128 bits from crypto/rand. rand.Text is
// chosen over base64url because the text is URL- and cookie-safe, has no
// padding or punctuation to mangle, and reads unambiguously if ever typed.
func NewToken() string { return rand.Text() }

// NewAPIToken returns a fresh API token: APITokenPrefix followed by NewToken.
func NewAPIToken() string { return APITokenPrefix + rand.Text() }

// IsAPIToken reports whether tok carries the API token prefix.
func IsAPIToken(tok string) bool { return strings.HasPrefix(tok, APITokenPrefix) }

// HashToken returns the hex SHA-256 of tok, which is what gets stored, so that
// a database leak does not hand out live sessions. A fast unsalted hash is
// right here, unlike for passwords: tokens carry 128 random bits, so there is
// nothing to brute-force or look up, and lookup by hash must be a plain index.
func HashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// EqualHash compares two token hashes in constant time, so that comparing a
// presented token against a stored one leaks nothing through timing.
func EqualHash(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
