package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/websocket"
)

// event is one message from a server's live-reload channel, stamped when
// it was read.
type event struct {
	name string // policysite: the SSE event name; Hugo: the LiveReload command
	data string
	at   time.Time
}

// stream is a live-reload subscription. events is closed when the
// connection ends.
type stream struct {
	events <-chan event
	close  func()
}

// subscribeSSE opens policysite's event stream and waits for its hello.
func subscribeSSE(ctx context.Context, url string) (*stream, error) {
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		cancel()
		return nil, err
	}
	req.Header.Set("Accept", "text/event-stream")
	// No client timeout: the stream stays open; cancel ends it. Connecting
	// and the response headers are bounded below.
	tr := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		ResponseHeaderTimeout: 5 * time.Second,
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	ch := make(chan event, 256)
	done := make(chan struct{})
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if name != "" || data != "" {
					if name == "" {
						name = "message"
					}
					select {
					case ch <- event{name: name, data: data, at: time.Now()}:
					case <-done:
						return
					}
				}
				name, data = "", ""
			case strings.HasPrefix(line, ":"): // comment, keep-alive
			case strings.HasPrefix(line, "event:"):
				name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				if data != "" {
					data += "\n"
				}
				data += strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")
			}
		}
	}()
	s := &stream{events: ch, close: sync.OnceFunc(func() { close(done); cancel(); tr.CloseIdleConnections() })}
	if err := expect(ch, "hello", 5*time.Second); err != nil {
		s.close()
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	return s, nil
}

// subscribeLiveReload connects to Hugo's LiveReload WebSocket, says hello
// and waits for Hugo's.
func subscribeLiveReload(port int) (*stream, error) {
	origin := fmt.Sprintf("http://127.0.0.1:%d/", port)
	cfg, err := websocket.NewConfig(fmt.Sprintf("ws://127.0.0.1:%d/livereload", port), origin)
	if err != nil {
		return nil, err
	}
	cfg.Dialer = &net.Dialer{Timeout: 5 * time.Second}
	ws, err := websocket.DialConfig(cfg)
	if err != nil {
		return nil, err
	}
	hello := `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`
	_ = ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if err := websocket.Message.Send(ws, hello); err != nil {
		ws.Close()
		return nil, err
	}
	ch := make(chan event, 256)
	done := make(chan struct{})
	go func() {
		defer close(ch)
		for {
			var msg string
			if err := websocket.Message.Receive(ws, &msg); err != nil {
				return
			}
			at := time.Now()
			var m struct {
				Command string `json:"command"`
			}
			_ = json.Unmarshal([]byte(msg), &m)
			select {
			case ch <- event{name: m.Command, data: msg, at: at}:
			case <-done:
				return
			}
		}
	}()
	s := &stream{events: ch, close: sync.OnceFunc(func() { close(done); ws.Close() })}
	if err := expect(ch, "hello", 5*time.Second); err != nil {
		s.close()
		return nil, fmt.Errorf("livereload: %w", err)
	}
	return s, nil
}

// expect waits for an event called name, skipping others.
func expect(ch <-chan event, name string, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return fmt.Errorf("connection closed before %q", name)
			}
			if e.name == name {
				return nil
			}
		case <-deadline:
			return fmt.Errorf("no %q within %s", name, timeout)
		}
	}
}

// settle waits until the stream has been quiet for quiet, at most max; it
// reports whether it got there.
func settle(ch <-chan event, quiet, max time.Duration) bool {
	deadline := time.After(max)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return false
			}
		case <-time.After(quiet):
			return true
		case <-deadline:
			return false
		}
	}
}

// drain discards the events already received; false if the stream ended.
func drain(ch <-chan event) bool {
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return false
			}
		default:
			return true
		}
	}
}
