package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServerUnderAbuse runs the real server on loopback and sends it what
// a misbehaving client might: traversal attempts, oversized headers and
// 1,000 concurrent requests. It must answer them all correctly, then
// leave no goroutines behind and hold memory bounded.
func TestServerUnderAbuse(t *testing.T) {
	before := runtime.NumGoroutine()
	s := newTestServer(t, nil, io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}}
	waitUp(t, client, s.URL())

	// Traversal, over a raw connection so no client cleans the path.
	for _, target := range []string{"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fsite.yaml", "/privacy/..\\..\\x", "//etc/passwd", "/%00", "/privacy/%2e%2e%2f%2e%2e%2f"} {
		status := rawGet(t, s.URL(), target, "")
		if status != 400 && status != 404 {
			t.Errorf("GET %s: status %d, want 400 or 404", target, status)
		}
	}
	// Oversized headers are refused without harm.
	if status := rawGet(t, s.URL(), "/", strings.Repeat("x", 200<<10)); status != 431 && status != 400 {
		t.Errorf("200 KiB of headers: status %d, want 431", status)
	}

	var mem0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&mem0)
	const n = 1000
	var wg sync.WaitGroup
	errs := make(chan error, n)
	paths := []string{"/", "/privacy/", "/privacy/2024-01-01/", "/assets/style.0123abcd.css", "/feed.xml", "/no/such/page/"}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := paths[i%len(paths)]
			resp, err := client.Get(s.URL() + strings.TrimPrefix(p, "/"))
			if err != nil {
				errs <- err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			want := 200
			if strings.HasPrefix(p, "/no/") {
				want = 404
			}
			if resp.StatusCode != want {
				errs <- fmt.Errorf("GET %s: %d", p, resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if failed++; failed <= 5 {
			t.Error(err)
		}
	}
	var mem1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&mem1)
	if grown := int64(mem1.HeapInuse) - int64(mem0.HeapInuse); grown > 64<<20 {
		t.Errorf("heap grew by %d MiB over %d requests", grown>>20, n)
	}

	client.CloseIdleConnections()
	cancel()
	select {
	case <-ran:
	case <-time.After(2 * time.Second):
		t.Fatal("server did not stop")
	}
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines left, %d before:\n%s", g, before, buf[:runtime.Stack(buf, true)])
	}
}

func waitUp(t *testing.T, client *http.Client, base string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := client.Get(base); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server did not come up")
}

// rawGet sends one request line as written, with an optional huge header,
// and returns the status code.
func rawGet(t *testing.T, base, target, bigHeader string) int {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	req := "GET " + target + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	if bigHeader != "" {
		req += "X-Big: " + bigHeader + "\r\n"
	}
	req += "Connection: close\r\n\r\n"
	go conn.Write([]byte(req))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
