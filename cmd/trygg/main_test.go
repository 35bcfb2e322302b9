package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/sqlstore/sqltest"
)

// runCmd runs the binary's run function with args and returns its exit
// code, stdout and stderr.
func runCmd(t *testing.T, envs map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return envs[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// server is a running `trygg serve`.
type server struct {
	url    string
	banner string // what serve printed before it listened
	stop   context.CancelFunc
	done   chan int
	stdout *bufio.Scanner
}

// startServe runs `trygg serve` with args on a free port and waits until it
// listens.
func startServe(t testing.TB, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &server{stop: cancel, done: make(chan int, 1), stdout: bufio.NewScanner(pr)}
	var stderr bytes.Buffer
	go func() {
		code := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, strings.NewReader(""), pw, &stderr)
		pw.Close()
		s.done <- code
	}()
	for s.stdout.Scan() {
		line := s.stdout.Text()
		s.banner += line + "\n"
		if _, after, ok := strings.Cut(line, "listening on "); ok {
			s.url = strings.TrimSuffix(after, "/")
			go func() { // keep draining so the server never blocks on stdout
				for s.stdout.Scan() {
				}
			}()
			break
		}
	}
	if s.url == "" {
		t.Fatalf("serve did not start; stderr: %s", stderr.String())
	}
	t.Cleanup(func() { s.shutdown(t) })
	return s
}

func (s *server) shutdown(t testing.TB) int {
	t.Helper()
	s.stop()
	select {
	case code, ok := <-s.done:
		if ok {
			close(s.done)
		}
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
		return -1
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeDemoOnBothEngines(t *testing.T) {
	var answers []string
	for _, e := range sqltest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.DSN(t)
			s := startServe(t, "--db", dsn)
			for _, want := range []string{"admin@katrineholm.example", "superadmin@trygg.example", "council"} {
				if !strings.Contains(s.banner, want) {
					t.Errorf("first start did not print the demo sign-in %q:\n%s", want, s.banner)
				}
			}
			if code, body := get(t, s.url+"/healthz"); code != 200 {
				t.Fatalf("healthz = %d %s", code, body)
			}
			code, page := get(t, s.url+"/katrineholm/")
			if code != 200 || !strings.Contains(page, "Medborgarlöfte för Katrineholms kommun 2022–2023") ||
				!strings.Contains(page, "Nävertorp") || !strings.Contains(page, "2023-12-31") {
				t.Fatalf("tenant page = %d\n%s", code, page)
			}
			_, promises := get(t, s.url+"/api/v1/tenants/katrineholm/promises")
			_, districts := get(t, s.url+"/api/v1/tenants/katrineholm/districts")
			answers = append(answers, promises+districts)
			if got := s.shutdown(t); got != 0 {
				t.Fatalf("serve exit code = %d", got)
			}

			// A restart on the same database keeps the data and loads
			// no second demo.
			s = startServe(t, "--db", dsn)
			if strings.Contains(s.banner, "@") {
				t.Errorf("restart printed sign-in details again:\n%s", s.banner)
			}
			_, tenants := get(t, s.url+"/api/v1/tenants")
			var body struct{ Tenants []struct{ Slug string } }
			if err := json.Unmarshal([]byte(tenants), &body); err != nil || len(body.Tenants) != 1 {
				t.Fatalf("tenants after restart = %s (%v)", tenants, err)
			}
		})
	}
	// SQLite and PostgreSQL give the same API answers.
	for i := 1; i < len(answers); i++ {
		if answers[i] != answers[0] {
			t.Errorf("engine %d answered differently from sqlite:\n%s\n---\n%s", i, answers[i], answers[0])
		}
	}
}

func TestServeNoDemo(t *testing.T) {
	s := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "x.db"), "--no-demo")
	if _, body := get(t, s.url+"/api/v1/tenants"); !strings.Contains(body, `"tenants": []`) {
		t.Fatalf("tenants = %s, want none", body)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string // in stderr
	}{
		{"unknown command", []string{"fly"}, nil, 2, "unknown command"},
		{"bad flag", []string{"migrate", "--nope"}, nil, 2, "flag provided but not defined"},
		{"stray argument", []string{"migrate", "extra"}, nil, 2, "unexpected argument"},
		{"bad dsn", []string{"migrate", "--db", "mysql://x"}, nil, 1, "unknown kind"},
		{"bad dsn from env", []string{"migrate"}, map[string]string{"TRYGG_DB": "oracle:x"}, 1, "unknown kind"},
		{"missing folder", []string{"migrate", "--db", "sqlite:" + filepath.Join(dir, "no", "x.db")}, nil, 1, "no such file"},
		{"unreachable server", []string{"migrate", "--db", "postgres://u:pw@127.0.0.1:1/x?connect_timeout=2"}, nil, 1, "127.0.0.1:1"},
		{"bad trusted proxy", []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "p.db"), "--trusted-proxy", "10.0.0.5,proxy.local"}, nil, 1, "proxy.local"},
		{"bad fact cache", []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "p.db"), "--fact-cache", "-1"}, nil, 1, "--fact-cache"},
		{"bad fact cache from env", []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "p.db")}, map[string]string{"TRYGG_FACT_CACHE": "much"}, 1, "much"},
		{"bad trusted proxy from env", []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "p.db")}, map[string]string{"TRYGG_TRUSTED_PROXIES": "10.0.0.0/33"}, 1, "10.0.0.0/33"},
		{"port in use or bad address", []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--addr", "256.0.0.1:1"}, nil, 1, "256.0.0.1"},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, tt.env, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d stderr %q; want exit %d mentioning %q", tt.name, code, stderr, tt.code, tt.want)
		}
		if tt.code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: stderr has more than one line: %q", tt.name, stderr)
		}
	}
}

func TestMigrateAndVersion(t *testing.T) {
	code, out, stderr := runCmd(t, nil, "migrate", "--db", "sqlite:"+filepath.Join(t.TempDir(), "m.db"))
	if code != 0 || !strings.Contains(out, "version") {
		t.Fatalf("migrate = %d %q %q", code, out, stderr)
	}
	if code, out, _ := runCmd(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "trygg ") {
		t.Fatalf("version = %d %q", code, out)
	}
}
