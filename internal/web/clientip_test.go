package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, c := range []struct {
		name, remote, xff string
		trusted           bool
		want              string
	}{
		{"no proxies configured: the header is ignored", "203.0.113.9:4000", "198.51.100.1", false, "203.0.113.9"},
		{"an untrusted peer cannot choose its address", "203.0.113.9:4000", "198.51.100.1", true, "203.0.113.9"},
		{"through a trusted proxy", "10.0.0.5:4000", "198.51.100.1", true, "198.51.100.1"},
		{"a client's forged left part is skipped", "10.0.0.5:4000", "1.2.3.4, 198.51.100.1", true, "198.51.100.1"},
		{"two trusted proxies in a row", "10.0.0.5:4000", "198.51.100.1, 10.0.0.7", true, "198.51.100.1"},
		{"garbage stops the walk at the last good hop", "10.0.0.5:4000", "198.51.100.1, nonsense", true, "10.0.0.5"},
		{"a trusted proxy without the header", "10.0.0.5:4000", "", true, "10.0.0.5"},
		{"IPv6 proxy, IPv4-mapped client", "[::1]:4000", "::ffff:198.51.100.1", true, "198.51.100.1"},
		{"only trusted hops: the farthest", "10.0.0.5:4000", "10.0.0.9", true, "10.0.0.9"},
	} {
		s := &Server{}
		if c.trusted {
			s.proxies = proxies
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientIP(r); got != c.want {
			t.Errorf("%s: clientIP = %s, want %s", c.name, got, c.want)
		}
	}
}
