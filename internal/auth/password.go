// Package auth holds the pure building blocks of authentication: argon2id
// password hashing, opaque session and API tokens, and a keyed rate limiter.
// It does no I/O; storage and HTTP wiring live elsewhere.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters. They are stored inside each hash,
// so they can be raised later; VerifyPassword then reports needsRehash.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are one of OWASP's argon2id settings of equal strength
// (m=19 MiB, t=2, p=1). The 64 MiB settings cost the same CPU but hold
// 64 MiB per sign-in in flight, which on a small server is most of its
// memory at rest; stored hashes made with other parameters still verify
// and are rehashed at the next sign-in.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Limits on parameters read back from a stored hash. A tampered or corrupt
// row must not make a login allocate gigabytes or spin for minutes.
const (
	maxMemory = 1 << 20 // KiB, i.e. 1 GiB
	maxTime   = 64
	minSalt   = 8
	minKey    = 16
	maxLen    = 1024 // bytes, for salt and key
)

// Password policy bounds. The byte cap keeps hashing cheap and bounds what a
// form can make us hash; 256 bytes leaves room for long passphrases.
const (
	MinPasswordChars = 10
	MaxPasswordBytes = 256
)

// Errors returned by ValidatePassword; the web layer maps them to i18n keys.
var (
	ErrPasswordTooShort = fmt.Errorf("password must be at least %d characters", MinPasswordChars)
	ErrPasswordTooLong  = fmt.Errorf("password must be at most %d bytes", MaxPasswordBytes)
	ErrPasswordEncoding = errors.New("password is not valid UTF-8 text")
)

// ErrMalformedHash is returned by VerifyPassword for a stored hash it cannot parse.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// ValidatePassword checks a new password against the policy: length only, as
// NIST SP 800-63B advises, since composition rules push users to weak patterns.
func ValidatePassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return ErrPasswordEncoding
	case utf8.RuneCountInString(pw) < MinPasswordChars:
		return ErrPasswordTooShort
	case len(pw) > MaxPasswordBytes:
		return ErrPasswordTooLong
	}
	return nil
}

func (p Params) validate() error {
	if p.Time < 1 || p.Time > maxTime || p.Threads < 1 ||
		p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory ||
		p.SaltLen < minSalt || p.SaltLen > maxLen || p.KeyLen < minKey || p.KeyLen > maxLen {
		return fmt.Errorf("auth: invalid argon2id params %+v", p)
	}
	return nil
}

// HashPassword hashes pw with a fresh random salt and returns a PHC string:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash> (unpadded standard base64).
// It does not apply the policy; call ValidatePassword for new passwords.
func HashPassword(pw string, p Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never returns an error since Go 1.24
	return encodeHash(p, salt, argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)), nil
}

func encodeHash(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether pw matches the encoded hash, and whether the
// hash was made with parameters other than current, so that the caller can
// store a fresh HashPassword(pw, current) after a successful login.
// A hash it cannot parse, or with out-of-range parameters, yields ErrMalformedHash.
func VerifyPassword(pw, encoded string, current Params) (ok, needsRehash bool, err error) {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	return true, p != current, nil
}

func decodeHash(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformedHash
	}
	b64 := base64.RawStdEncoding
	_, err1 := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads)
	salt, err2 := b64.DecodeString(parts[4])
	key, err3 := b64.DecodeString(parts[5])
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	// Sscanf and the base64 decoder tolerate signs, spaces, trailing text and
	// line breaks; re-encoding and comparing accepts only the form we write.
	if err1 != nil || err2 != nil || err3 != nil || p.validate() != nil || encodeHash(p, salt, key) != encoded {
		return p, nil, nil, ErrMalformedHash
	}
	return p, salt, key, nil
}
