package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// clientFrom is an HTTP client whose connections come from a loopback
// address of its own, so that per-address rate limits see many citizens.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}}
}

// TestCitizenReportsSurviveSIGKILL files citizen reports against a real
// `trygg serve` process, kills it with SIGKILL right after the last
// answer, and checks that every acknowledged report is in the database.
func TestCitizenReportsSurviveSIGKILL(t *testing.T) {
	if dsn := os.Getenv("TRYGG_KILL_SERVE_DB"); dsn != "" {
		// The child: serve until killed.
		os.Exit(run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn}, func(string) string { return "" },
			strings.NewReader(""), os.Stdout, io.Discard))
	}
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "trygg.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCitizenReportsSurviveSIGKILL$")
	cmd.Env = append(os.Environ(), "TRYGG_KILL_SERVE_DB="+dsn)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "listening on "); ok {
			base = strings.TrimSuffix(after, "/")
			break
		}
	}
	if base == "" {
		t.Fatal("the server did not start")
	}
	go io.Copy(io.Discard, out)

	// 4 addresses × 15 reports: within the per-address burst.
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := map[string]bool{}
	for a := range 4 {
		c := clientFrom(fmt.Sprintf("127.0.0.%d", a+2))
		wg.Go(func() {
			for i := range 15 {
				text := fmt.Sprintf("Rapport %d-%d om mörk gångväg", a, i)
				resp, err := c.PostForm(base+"/katrineholm/rapportera", url.Values{"category": {"poor_lighting"}, "district": {"navertorp"},
					"place": {"gångvägen"}, "date": {"2023-01-12"}, "period": {"night"}, "text": {text}})
				if err != nil {
					t.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 && strings.Contains(string(body), "rapportstatus?t=") {
					mu.Lock()
					acked[text] = true
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	cmd.Process.Kill() // SIGKILL, right after the last answer
	cmd.Wait()
	if len(acked) != 60 {
		t.Fatalf("%d of 60 reports acknowledged", len(acked))
	}

	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kat, err := sqlstore.NewTenantService(db).FindTenantBySlug(ctx, "katrineholm")
	if err != nil {
		t.Fatal(err)
	}
	stored, _, err := sqlstore.NewIncidentService(db).FindIncidents(ctx, kat.ID, app.IncidentFilter{Source: app.SourceCitizen, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range stored {
		delete(acked, i.Text)
	}
	if len(acked) != 0 {
		t.Errorf("%d acknowledged reports lost after SIGKILL: %v", len(acked), acked)
	}
}

// BenchmarkCitizenPOST files citizen reports against `trygg serve` on a
// SQLite file from 16 clients, each report committed before its answer;
// run with -benchtime 3000x (the addresses' rate-limit bursts allow about
// 5,000).
func BenchmarkCitizenPOST(b *testing.B) {
	s := startServe(b, "--db", "sqlite:"+filepath.Join(b.TempDir(), "trygg.db"))
	clients := make([]*http.Client, 250)
	for i := range clients {
		clients[i] = clientFrom(fmt.Sprintf("127.0.%d.%d", 1+i/250, 2+i%250))
	}
	form := url.Values{"category": {"poor_lighting"}, "district": {"navertorp"}, "place": {"gångvägen"}, "date": {"2023-01-12"},
		"period": {"night"}, "text": {"Mörk gångväg"}}.Encode()
	var next, failed int64
	var mu sync.Mutex
	b.ResetTimer()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				mu.Lock()
				n := next
				next++
				mu.Unlock()
				if n >= int64(b.N) {
					return
				}
				resp, err := clients[n%int64(len(clients))].Post(s.url+"/katrineholm/rapportera", "application/x-www-form-urlencoded", strings.NewReader(form))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 200 {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	if failed > 0 {
		b.Fatalf("%d of %d posts failed", failed, b.N)
	}
}
