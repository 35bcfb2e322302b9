package auth

import (
	"container/list"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxKeys caps the keys a Limiter tracks (about 300 bytes each), so an
// attacker rotating IPs or e-mail addresses cannot grow it without bound.
const DefaultMaxKeys = 100_000

// Limiter is a token-bucket rate limiter per key, such as "ip:192.0.2.1" or
// "login:anna@example.se|192.0.2.1". It is safe for concurrent use.
//
// Memory is bounded twice: keys idle for the TTL are forgotten, and when
// MaxKeys are tracked the least recently used key is dropped. Dropping a key
// early resets its bucket, so under a flood of fresh keys a throttled client
// may get a new burst; that is the price of bounded memory, which is why login
// limits should be layered (per IP and per account) rather than relied on alone.
type Limiter struct {
	r     rate.Limit
	burst int
	ttl   time.Duration
	now   func() time.Time

	mu      sync.Mutex
	maxKeys int
	keys    map[string]*list.Element
	lru     list.List // of *bucket, most recently used first
}

type bucket struct {
	key  string
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter returns a Limiter allowing r events per second per key with the
// given burst. Keys idle for ttl are forgotten; ttl is raised to the time a
// drained bucket takes to refill (burst/r), since forgetting a bucket earlier
// would let a client reset its own limit just by pausing. A nil now means
// time.Now; tests inject a fake clock.
func NewLimiter(r rate.Limit, burst int, ttl time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	if r > 0 && r != rate.Inf {
		if full := float64(burst) / float64(r) * float64(time.Second); full > float64(ttl) {
			ttl = time.Duration(math.Min(math.Ceil(full), math.MaxInt64/2))
		}
	}
	return &Limiter{r: r, burst: burst, ttl: ttl, now: now, maxKeys: DefaultMaxKeys, keys: map[string]*list.Element{}}
}

// SetMaxKeys changes the cap on tracked keys (at least 1), dropping the least
// recently used keys if more are tracked.
func (l *Limiter) SetMaxKeys(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.maxKeys = max(n, 1)
	for l.lru.Len() > l.maxKeys {
		l.remove(l.lru.Back())
	}
}

// Allow reports whether an event for key may happen now, and records it if so.
func (l *Limiter) Allow(key string) bool {
	ok, _ := l.Check(key)
	return ok
}

// Check is Allow that also says, when the event is refused, how long until
// one would be allowed: the value for an HTTP Retry-After header. With a rate
// of zero nothing refills, so it returns the TTL, after which an idle key is
// forgotten.
func (l *Limiter) Check(key string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)
	b := l.bucket(key, now)
	if b.lim.AllowN(now, 1) {
		return true, 0
	}
	if l.r <= 0 {
		return false, l.ttl
	}
	// Round up to whole milliseconds, so a client that waits this long is
	// allowed; the small slack absorbs float error in the token count.
	ms := (1 - b.lim.TokensAt(now)) / float64(l.r) * 1000
	return false, time.Duration(math.Ceil(ms-1e-6)) * time.Millisecond
}

// Len returns the number of keys currently tracked.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// bucket returns key's bucket, creating it if needed, and marks it used.
func (l *Limiter) bucket(key string, now time.Time) *bucket {
	if e, ok := l.keys[key]; ok {
		b := e.Value.(*bucket)
		b.seen = now
		l.lru.MoveToFront(e)
		return b
	}
	for l.lru.Len() >= l.maxKeys {
		l.remove(l.lru.Back())
	}
	b := &bucket{key: key, lim: rate.NewLimiter(l.r, l.burst), seen: now}
	l.keys[key] = l.lru.PushFront(b)
	return b
}

// expire forgets keys idle for the TTL. The list is ordered by last use, so
// it stops at the first fresh key and costs O(1) amortised per call.
func (l *Limiter) expire(now time.Time) {
	for e := l.lru.Back(); e != nil && !now.Before(e.Value.(*bucket).seen.Add(l.ttl)); e = l.lru.Back() {
		l.remove(e)
	}
}

func (l *Limiter) remove(e *list.Element) {
	delete(l.keys, e.Value.(*bucket).key)
	l.lru.Remove(e)
}
