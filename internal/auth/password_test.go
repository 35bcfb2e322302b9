package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/auth"
)

// fast keeps tests quick; production uses auth.DefaultParams.
var fast = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPassword(t *testing.T) {
	h, err := auth.HashPassword("korrekt häst batteri", fast)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h[:strings.LastIndex(h, "$")-22], "$argon2id$v=19$m=1024,t=1,p=1$"; got != want {
		t.Fatalf("prefix=%q, want %q (hash %q)", got, want, h)
	}
	h2, _ := auth.HashPassword("korrekt häst batteri", fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}

	t.Run("OK", func(t *testing.T) {
		ok, rehash, err := auth.VerifyPassword("korrekt häst batteri", h, fast)
		if err != nil || !ok || rehash {
			t.Fatalf("ok=%v rehash=%v err=%v, want true false nil", ok, rehash, err)
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		ok, rehash, err := auth.VerifyPassword("korrekt häst batteri!", h, fast)
		if err != nil || ok || rehash {
			t.Fatalf("ok=%v rehash=%v err=%v, want false false nil", ok, rehash, err)
		}
	})
	t.Run("NeedsRehash", func(t *testing.T) {
		for _, cur := range []auth.Params{
			{Memory: 2048, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
			{Memory: 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
			{Memory: 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
			{Memory: 1024, Time: 1, Threads: 1, SaltLen: 32, KeyLen: 32},
			{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 64},
		} {
			if ok, rehash, err := auth.VerifyPassword("korrekt häst batteri", h, cur); err != nil || !ok || !rehash {
				t.Errorf("current=%+v: ok=%v rehash=%v err=%v, want true true nil", cur, ok, rehash, err)
			}
		}
	})
	t.Run("BadParams", func(t *testing.T) {
		for _, p := range []auth.Params{
			{}, {Memory: 1024, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
			{Memory: 1024, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
			{Memory: 4, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
			{Memory: 1024, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
			{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 4},
			{Memory: 4 << 20, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		} {
			if _, err := auth.HashPassword("x", p); err == nil {
				t.Errorf("HashPassword(%+v) succeeded, want error", p)
			}
		}
	})
}

func TestDefaultParams(t *testing.T) {
	if testing.Short() {
		t.Skip("full-cost argon2id")
	}
	h, err := auth.HashPassword("korrekt häst batteri", auth.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, rehash, err := auth.VerifyPassword("korrekt häst batteri", h, auth.DefaultParams); !ok || rehash || err != nil {
		t.Fatalf("ok=%v rehash=%v err=%v", ok, rehash, err)
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	const salt, key = "c2FsdHNhbHRzYWx0c2FsdA", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	for _, h := range []string{
		"",
		"plaintext",
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt,
		"$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=1024,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=1x$" + salt + "$" + key,
		"$argon2id$v=19$m=+1024,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=300$" + salt + "$" + key,
		"$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key, // 4 TiB: refused, not allocated
		"$argon2id$v=19$m=1024,t=4294967295,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=1$$" + key,
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$",
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + key + "=",
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + key + "$",
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$!!!",
		"$argon2id$v=19$m=1024,t=1,p=1$c2E$" + key,
		"x$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + key,
	} {
		ok, rehash, err := auth.VerifyPassword("pw", h, fast)
		if !errors.Is(err, auth.ErrMalformedHash) || ok || rehash {
			t.Errorf("VerifyPassword(%q) = %v, %v, %v; want ErrMalformedHash", h, ok, rehash, err)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tt := range []struct {
		pw   string
		want error
	}{
		{"", auth.ErrPasswordTooShort},
		{"123456789", auth.ErrPasswordTooShort},
		{"åäöåäöåäö", auth.ErrPasswordTooShort}, // 9 characters, 18 bytes
		{"1234567890", nil},
		{"åäöåäöåäöå", nil},
		{strings.Repeat("a", 256), nil},
		{strings.Repeat("a", 257), auth.ErrPasswordTooLong},
		{strings.Repeat("ö", 129), auth.ErrPasswordTooLong}, // 258 bytes
		{"abcdefghij\xff", auth.ErrPasswordEncoding},
	} {
		if got := auth.ValidatePassword(tt.pw); got != tt.want {
			t.Errorf("ValidatePassword(%q) = %v, want %v", tt.pw, got, tt.want)
		}
	}
}
