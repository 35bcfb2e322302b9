package auth_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/auth"
	"golang.org/x/time/rate"
)

// clock is a fake time source safe for concurrent use.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 6, 7, 18, 50, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func TestLimiter(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(rate.Every(time.Minute), 3, time.Hour, c.Now) // 3 at once, then 1 a minute

	for i := range 3 {
		if !l.Allow("login:anna@example.se") {
			t.Fatalf("attempt %d refused within burst", i+1)
		}
	}
	ok, retry := l.Check("login:anna@example.se")
	if got, want := ok, false; got != want {
		t.Fatalf("4th attempt ok=%v, want %v", got, want)
	} else if got, want := retry, time.Minute; got != want {
		t.Fatalf("retryAfter=%v, want %v", got, want)
	}
	if !l.Allow("login:bertil@example.se") {
		t.Fatal("other key refused: keys must be independent")
	}

	c.Advance(40 * time.Second)
	if ok, retry := l.Check("login:anna@example.se"); ok || retry != 20*time.Second {
		t.Fatalf("after 40s: ok=%v retry=%v, want false 20s", ok, retry)
	}
	c.Advance(20 * time.Second)
	if !l.Allow("login:anna@example.se") {
		t.Fatal("refused after a token refilled")
	}
	if l.Allow("login:anna@example.se") {
		t.Fatal("allowed twice on one refilled token")
	}
}

func TestLimiterTTL(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(rate.Every(time.Second), 2, time.Minute, c.Now)
	l.Allow("ip:192.0.2.1")
	c.Advance(30 * time.Second)
	l.Allow("ip:192.0.2.2")
	if got, want := l.Len(), 2; got != want {
		t.Fatalf("Len=%d, want %d", got, want)
	}
	c.Advance(30 * time.Second) // .1 idle 60s, .2 idle 30s
	l.Allow("ip:192.0.2.3")
	if got, want := l.Len(), 2; got != want {
		t.Fatalf("after TTL Len=%d, want %d", got, want)
	}
	c.Advance(time.Hour)
	l.Allow("ip:192.0.2.4")
	if got, want := l.Len(), 1; got != want {
		t.Fatalf("after an hour Len=%d, want %d", got, want)
	}
}

// A TTL shorter than the refill time would let a throttled client reset its
// limit by pausing, so NewLimiter lengthens it.
func TestLimiterTTLAtLeastRefill(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(rate.Every(time.Minute), 5, time.Second, c.Now)
	for range 5 {
		l.Allow("k")
	}
	c.Advance(2 * time.Minute) // past the requested TTL, not past burst/r = 5 min
	for i := range 2 {
		if !l.Allow("k") {
			t.Fatalf("refill %d refused", i)
		}
	}
	if l.Allow("k") {
		t.Fatal("bucket was forgotten and reset before it refilled")
	}
}

func TestLimiterMaxKeys(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(rate.Every(time.Minute), 1, time.Hour, c.Now)
	l.SetMaxKeys(3)
	for _, k := range []string{"a", "b", "c"} {
		l.Allow(k)
		c.Advance(time.Second)
	}
	l.Allow("a") // a is now the most recently used; b the least
	l.Allow("d") // evicts b
	if got, want := l.Len(), 3; got != want {
		t.Fatalf("Len=%d, want %d", got, want)
	}
	if l.Allow("a") || l.Allow("c") || l.Allow("d") {
		t.Fatal("a tracked key lost its state")
	}
	if !l.Allow("b") {
		t.Fatal("b was not the key evicted")
	}
	for i := range 10_000 { // an attacker rotating keys
		l.Allow(fmt.Sprint("ip:", i))
	}
	if got, want := l.Len(), 3; got != want {
		t.Fatalf("Len=%d after rotation, want %d", got, want)
	}
	l.SetMaxKeys(1)
	if got, want := l.Len(), 1; got != want {
		t.Fatalf("Len=%d after SetMaxKeys(1), want %d", got, want)
	}
}

func TestLimiterZeroRate(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(0, 1, time.Hour, c.Now)
	if !l.Allow("k") {
		t.Fatal("burst refused")
	}
	if ok, retry := l.Check("k"); ok || retry != time.Hour {
		t.Fatalf("ok=%v retry=%v, want false 1h", ok, retry)
	}
}

func TestLimiterConcurrent(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(rate.Every(time.Hour), 10, time.Hour, c.Now)
	l.SetMaxKeys(50)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				if l.Allow("shared") {
					allowed.Add(1)
				}
				l.Allow(fmt.Sprintf("k%d-%d", g, i%100))
				if i%100 == 0 {
					c.Advance(time.Millisecond)
					_ = l.Len()
				}
			}
		})
	}
	wg.Wait()
	if got, want := allowed.Load(), int64(10); got != want {
		t.Fatalf("shared key allowed %d times, want %d", got, want)
	}
	if got := l.Len(); got > 50 {
		t.Fatalf("Len=%d, over the cap of 50", got)
	}
}
