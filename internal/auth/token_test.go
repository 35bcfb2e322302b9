package auth_test

import (
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/auth"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := auth.NewToken()
		if got, want := len(tok), 26; got != want {
			t.Fatalf("len(%q)=%d, want %d", tok, got, want)
		}
		if strings.Trim(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("token %q is not base32", tok)
		}
		if seen[tok] {
			t.Fatalf("duplicate token %q", tok)
		}
		seen[tok] = true
	}
	api := auth.NewAPIToken()
	if !auth.IsAPIToken(api) || len(api) != 29 || auth.IsAPIToken(auth.NewToken()) {
		t.Fatalf("API token %q", api)
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256("abc") from FIPS 180-2.
	if got, want := auth.HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Fatalf("HashToken=%q, want %q", got, want)
	}
	a, b := auth.HashToken("A"), auth.HashToken("B")
	if !auth.EqualHash(a, auth.HashToken("A")) || auth.EqualHash(a, b) || auth.EqualHash(a, a[:10]) || auth.EqualHash("", a) {
		t.Fatal("EqualHash")
	}
}
