package auth

import "testing"

// FuzzDecodeHash fuzzes the parser rather than VerifyPassword, so that the
// fuzzer cannot make each run hash with up to 1 GiB of memory.
func FuzzDecodeHash(f *testing.F) {
	f.Add("$argon2id$v=19$m=65536,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U")
	f.Add("$argon2id$v=19$m=1024,t=1,p=1$$")
	f.Add("$argon2id$v=19$m=+1024,t=1,p=1 $c2FsdHNhbHQ=$a2V5")
	f.Fuzz(func(t *testing.T, encoded string) {
		p, salt, key, err := decodeHash(encoded)
		if err != nil {
			return
		}
		if err := p.validate(); err != nil {
			t.Fatalf("decodeHash(%q) accepted %v", encoded, err)
		}
		// Only the canonical form we write is accepted.
		if got := encodeHash(p, salt, key); got != encoded {
			t.Fatalf("decodeHash(%q) round-trips to %q", encoded, got)
		}
	})
}
