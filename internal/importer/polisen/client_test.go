package polisen

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a Now/Sleep pair: Sleep records the wait and moves Now.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (f *fakeClock) client(ua string) *Client {
	return &Client{
		UserAgent: ua,
		Now:       func() time.Time { return f.now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			f.sleeps = append(f.sleeps, d)
			f.now = f.now.Add(d)
			return ctx.Err()
		},
	}
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2025, 11, 12, 18, 0, 0, 0, time.UTC)} }

// server answers with the given statuses in turn (200 serves the window).
func server(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	window, err := os.ReadFile("testdata/api_events_window_2025-11-12.json")
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(hits.Add(1)) - 1
		if r.Header.Get("User-Agent") != "trygg-test/1.0 (kontakt@example.se)" {
			t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
		}
		status := statuses[min(i, len(statuses)-1)]
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "30")
		}
		w.WriteHeader(status)
		if status == http.StatusOK {
			_, _ = w.Write(window)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

const ua = "trygg-test/1.0 (kontakt@example.se)"

func TestFetch(t *testing.T) {
	srv, hits := server(t, 200)
	clock := newClock()
	c := clock.client(ua)
	for i := 0; i < 3; i++ {
		ns, err := c.Fetch(context.Background(), srv.URL)
		if err != nil || len(ns) != 500 {
			t.Fatalf("call %d: %d notices, %v", i, len(ns), err)
		}
	}
	if hits.Load() != 3 || len(clock.sleeps) != 2 || clock.sleeps[0] != 10*time.Second || clock.sleeps[1] != 10*time.Second {
		t.Errorf("hits %d, sleeps %v; want 3 calls 10 s apart", hits.Load(), clock.sleeps)
	}
	// a caller that waited long enough on its own is not delayed
	clock.now = clock.now.Add(time.Minute)
	clock.sleeps = nil
	if _, err := c.Fetch(context.Background(), srv.URL); err != nil || len(clock.sleeps) != 0 {
		t.Errorf("after a minute: sleeps %v, %v", clock.sleeps, err)
	}
}

func TestFetchIntervals(t *testing.T) {
	srv, _ := server(t, 200)
	clock := newClock()
	c := clock.client(ua)
	c.MinInterval = time.Second // below the API's rule: raised to 10 s
	for i := 0; i < 2; i++ {
		if _, err := c.Fetch(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if len(clock.sleeps) != 1 || clock.sleeps[0] != 10*time.Second {
		t.Errorf("sleeps %v, want [10s]", clock.sleeps)
	}
	// at most 60 calls an hour: call 61 waits for the first to be an hour old
	clock2 := newClock()
	c2 := clock2.client(ua)
	for i := 0; i < 61; i++ {
		if _, err := c2.Fetch(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	last := clock2.sleeps[len(clock2.sleeps)-1]
	if len(clock2.sleeps) != 60 || last != time.Hour-590*time.Second {
		t.Errorf("%d sleeps, last %v; want 60, %v", len(clock2.sleeps), last, time.Hour-590*time.Second)
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int
		wantErr  error
		wantText string
		hits     int32
		sleeps   []time.Duration
	}{
		{"429 then ok", []int{429, 200}, nil, "", 2, []time.Duration{30 * time.Second}},
		{"429 twice", []int{429, 429}, ErrRateLimited, "Retry-After 30s", 2, []time.Duration{30 * time.Second}},
		{"404", []int{404}, ErrGone, "404", 1, nil},
		{"500", []int{500}, nil, "unexpected status 500", 1, nil},
	}
	for _, tt := range tests {
		srv, hits := server(t, tt.statuses...)
		clock := newClock()
		ns, err := clock.client(ua).Fetch(context.Background(), srv.URL)
		switch {
		case tt.wantText == "" && (err != nil || len(ns) != 500):
			t.Errorf("%s: %d notices, %v", tt.name, len(ns), err)
		case tt.wantText != "" && (err == nil || !strings.Contains(err.Error(), tt.wantText)):
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantText)
		case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
			t.Errorf("%s: err %v is not %v", tt.name, err, tt.wantErr)
		}
		if hits.Load() != tt.hits || len(clock.sleeps) != len(tt.sleeps) || len(tt.sleeps) > 0 && clock.sleeps[0] != tt.sleeps[0] {
			t.Errorf("%s: %d hits, sleeps %v; want %d, %v", tt.name, hits.Load(), clock.sleeps, tt.hits, tt.sleeps)
		}
	}
}

func TestFetchLongRetryAfter(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	clock := newClock()
	_, err := clock.client(ua).Fetch(context.Background(), srv.URL)
	if !errors.Is(err, ErrRateLimited) || hits.Load() != 1 || len(clock.sleeps) != 0 {
		t.Errorf("err %v, %d hits, sleeps %v: want ErrRateLimited at once", err, hits.Load(), clock.sleeps)
	}
}

func TestFetchNeedsUserAgent(t *testing.T) {
	srv, hits := server(t, 200)
	if _, err := newClock().client(" ").Fetch(context.Background(), srv.URL); err == nil || !strings.Contains(err.Error(), "UserAgent") {
		t.Errorf("err %v", err)
	}
	if hits.Load() != 0 {
		t.Error("called the API without a User-Agent")
	}
}

func TestFetchCancelled(t *testing.T) {
	srv, _ := server(t, 200)
	c := newClock().client(ua)
	if _, err := c.Fetch(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Fetch(ctx, srv.URL); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 11, 12, 18, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"30": 30 * time.Second, "0": time.Second, "": time.Minute, "soon": time.Minute,
		"Wed, 12 Nov 2025 18:02:00 GMT": 2 * time.Minute,
	} {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
