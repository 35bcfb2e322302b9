package polisen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultURL is the live endpoint. It returns only the 500 newest notices:
// poll regularly and de-duplicate by Notice.ID.
const DefaultURL = "https://polisen.se/api/events"

var (
	// ErrGone means the API answered 404: the resource is gone, retrying will not help.
	ErrGone = errors.New("polisen: not found (404)")
	// ErrRateLimited means the API still answered 429 after one wait, or
	// asked to wait longer than MaxRetryAfter.
	ErrRateLimited = errors.New("polisen: rate limited (429)")
)

const (
	minInterval = 10 * time.Second // the API's rule
	perHour     = 60               // the API's rule
	// MaxRetryAfter is the longest Retry-After that Fetch waits out itself.
	MaxRetryAfter = 5 * time.Minute
	maxBody       = 32 << 20 // a 500-notice window is about 0.2 MB
)

// Client fetches notices within the API's rules: a real User-Agent, at
// least MinInterval between calls and at most 60 calls an hour. Calls on
// one Client are serialised. A zero Client needs only UserAgent.
type Client struct {
	HTTP        *http.Client  // nil: a client with a 30 s timeout
	UserAgent   string        // required, e.g. "trygg/1.0 (+https://trygg.example; it@kommun.se)"
	MinInterval time.Duration // between calls; 0 or less than 10 s means 10 s
	Now         func() time.Time
	Sleep       func(ctx context.Context, d time.Duration) error

	mu        sync.Mutex
	calls     []time.Time // start of the recent calls, oldest first, at most 60
	notBefore time.Time   // from a Retry-After
}

// Fetch GETs url (usually DefaultURL) and parses the notices. It waits as
// long as the rules require before calling. On 429 it waits Retry-After
// (60 s if absent) and retries once; a second 429, or a Retry-After longer
// than MaxRetryAfter, returns ErrRateLimited. 404 returns ErrGone. Notices
// that fail to parse are reported as Parse does, next to the good ones.
func (c *Client) Fetch(ctx context.Context, url string) ([]Notice, error) {
	if strings.TrimSpace(c.UserAgent) == "" {
		return nil, errors.New("polisen: Client.UserAgent is required (the API asks for a real one)")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if err := c.wait(ctx); err != nil {
			return nil, err
		}
		notices, retry, err := c.get(ctx, url)
		if retry <= 0 {
			return notices, err
		}
		if attempt > 0 || retry > MaxRetryAfter {
			return nil, fmt.Errorf("GET %s: %w (Retry-After %v)", url, ErrRateLimited, retry)
		}
		c.notBefore = c.now().Add(retry)
	}
}

// get does one call. retry > 0 asks the caller to wait and call again.
func (c *Client) get(ctx context.Context, url string) (notices []Notice, retry time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("polisen: %w", err)
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("polisen: GET %s: %w", url, err)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		resp.Body.Close()
	}()
	switch resp.StatusCode {
	case http.StatusOK:
		notices, err := Parse(io.LimitReader(resp.Body, maxBody))
		if err != nil {
			err = fmt.Errorf("polisen: GET %s: %w", url, err)
		}
		return notices, 0, err
	case http.StatusNotFound:
		return nil, 0, fmt.Errorf("GET %s: %w", url, ErrGone)
	case http.StatusTooManyRequests:
		return nil, retryAfter(resp.Header.Get("Retry-After"), c.now()), nil
	}
	return nil, 0, fmt.Errorf("polisen: GET %s: unexpected status %s", url, resp.Status)
}

// wait sleeps until a call is allowed and records it.
func (c *Client) wait(ctx context.Context) error {
	now := c.now()
	next := c.notBefore
	if n := len(c.calls); n > 0 {
		interval := max(c.MinInterval, minInterval)
		next = later(next, c.calls[n-1].Add(interval))
		if n >= perHour {
			next = later(next, c.calls[n-perHour].Add(time.Hour))
		}
	}
	if d := next.Sub(now); d > 0 {
		sleep := c.Sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		if err := sleep(ctx, d); err != nil {
			return fmt.Errorf("polisen: waiting %v between calls: %w", d, err)
		}
		now = later(c.now(), next) // an injected Sleep need not move Now
	}
	c.calls = append(c.calls, now)
	if len(c.calls) > perHour {
		c.calls = c.calls[len(c.calls)-perHour:]
	}
	return nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// retryAfter reads seconds or an HTTP date; 60 s when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return max(time.Duration(s)*time.Second, time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), time.Second)
	}
	return time.Minute
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
