package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// wait bounds every wait for an event or a page: generous, for a loaded
// machine; a passing run takes milliseconds.
const wait = 5 * time.Second

// fakeSite is a tiny generator over a site folder: every content/**/*.md
// file becomes <path>/index.html, themes/style.css becomes a fingerprinted
// stylesheet linked from every page, and a file containing BROKEN is an
// error. It records what each rebuild was told had changed.
type fakeSite struct {
	dir     string
	mu      sync.Mutex
	changes [][]string
}

func (f *fakeSite) rebuild(ctx context.Context, changed []string) (Output, error) {
	f.mu.Lock()
	f.changes = append(f.changes, changed)
	f.mu.Unlock()
	out := Output{}
	link := ""
	if css, err := os.ReadFile(filepath.Join(f.dir, "themes", "style.css")); err == nil {
		sum := sha256.Sum256(css)
		p := fmt.Sprintf("assets/style.%x.css", sum[:4])
		out[p] = css
		link = `<link rel="stylesheet" href="/` + p + `">`
	}
	page := func(body string) []byte {
		return []byte("<!DOCTYPE html><html lang=\"en\"><head><title>t</title>" + link + "</head><body>" + body + "</body></html>")
	}
	out["404.html"] = page("no such page")
	var errs []error
	root := filepath.Join(f.dir, "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // deleted while we walked
			}
			return err
		}
		if d.IsDir() || path.Ext(p) != ".md" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		} else if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if strings.Contains(string(data), "BROKEN") {
			errs = append(errs, fmt.Errorf("content/%s:1:1: the file is broken", rel))
		}
		out[strings.TrimSuffix(rel, ".md")+"/index.html"] = page(string(data))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func (f *fakeSite) allChanges() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.changes)
}

type sseEvent struct{ name, data string }

// stream is a subscription to the server's event stream.
type stream struct {
	events chan sseEvent
}

func subscribe(t *testing.T, ctx context.Context, client *http.Client, base string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"_policysite/events", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	s := &stream{events: make(chan sseEvent, 1000)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
		<-done
	})
	return s
}

// expect waits for the next event called name, skipping others — but an
// unexpected error event fails the test.
func (s *stream) expect(t *testing.T, name string) sseEvent {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("event stream ended waiting for %s", name)
			}
			if ev.name == name {
				return ev
			}
			if ev.name == "error" {
				t.Fatalf("waiting for %s, got error %s", name, ev.data)
			}
		case <-timeout:
			t.Fatalf("no %s event within %v", name, wait)
		}
	}
}

type testClient struct {
	t      *testing.T
	client *http.Client
	base   string
}

func (s testClient) get(p string) (int, string) {
	s.t.Helper()
	resp, err := s.client.Get(s.base + p)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// eventually waits until GET p answers status with a body containing want.
func (s testClient) eventually(p string, status int, want string) {
	s.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		code, body := s.get(p)
		if code == status && strings.Contains(body, want) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("GET %s: %d %q, want %d with %q", p, code, body, status, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// liveServer is a server a test runs, with a client of it.
type liveServer struct {
	*Server
	testClient
	ctx  context.Context // ends when the server is stopped
	stop func()          // stops the server and checks that Run returned
}

// running makes a server of cfg and runs it until stop, or until the test
// ends; stop checks that Run returns without error within a second.
func running(t *testing.T, cfg Config) liveServer {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx) }()
	client := &http.Client{Transport: &http.Transport{}}
	stop := sync.OnceFunc(func() {
		cancel()
		select {
		case err := <-ran:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(time.Second):
			t.Error("Run did not return within a second of cancel")
		}
		client.CloseIdleConnections()
	})
	t.Cleanup(stop)
	return liveServer{Server: srv, testClient: testClient{t, client, srv.URL()}, ctx: ctx, stop: stop}
}

// subscribe subscribes to the server's event stream.
func (s liveServer) subscribe() *stream { return subscribe(s.t, s.ctx, s.client, s.base) }

func writeFile(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestServeWatchesAndReloads(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	writeFile(t, dir, "site.yaml", "title: Test\n")
	writeFile(t, dir, "content/a.md", "alpha one")
	fake := &fakeSite{dir: dir}
	log := &syncBuffer{}
	s := running(t, Config{
		SiteDir:      dir,
		Watch:        []string{"site.yaml", "content", "themes"},
		Port:         0,
		PortExplicit: true,
		Rebuild:      fake.rebuild,
		Log:          log,
	})
	s.eventually("a/", 200, "alpha one")
	events := s.subscribe()
	if ev := events.expect(t, "hello"); ev.data != `{"build":1}` {
		t.Errorf("hello %s", ev.data)
	}

	t.Run("edit", func(t *testing.T) {
		writeFile(t, dir, "content/a.md", "alpha two")
		events.expect(t, "reload")
		s.eventually("a/", 200, "alpha two")
	})
	t.Run("create", func(t *testing.T) {
		writeFile(t, dir, "content/b.md", "bravo")
		events.expect(t, "reload")
		s.eventually("b/", 200, "bravo")
	})
	t.Run("new folder", func(t *testing.T) {
		os.Mkdir(filepath.Join(dir, "content", "sub"), 0o755)
		writeFile(t, dir, "content/sub/c.md", "charlie one") // at once: before the watch may be in place
		events.expect(t, "reload")
		s.eventually("sub/c/", 200, "charlie one")
		writeFile(t, dir, "content/sub/c.md", "charlie two") // the new folder is watched
		events.expect(t, "reload")
		s.eventually("sub/c/", 200, "charlie two")
	})
	t.Run("rename", func(t *testing.T) {
		if err := os.Rename(filepath.Join(dir, "content", "b.md"), filepath.Join(dir, "content", "d.md")); err != nil {
			t.Fatal(err)
		}
		events.expect(t, "reload")
		s.eventually("d/", 200, "bravo")
		s.eventually("b/", 404, "no such page")
	})
	t.Run("editor save by rename", func(t *testing.T) {
		// As vim and many editors do: write a temporary file, rename it
		// over the target; also vim's 4913 probe and a backup file.
		writeFile(t, dir, "content/4913", "")
		os.Remove(filepath.Join(dir, "content", "4913"))
		writeFile(t, dir, "content/a.md~", "alpha two")
		writeFile(t, dir, "content/.a.md.swp", "swap")
		writeFile(t, dir, "content/.a.md.tmp", "alpha three")
		if err := os.Rename(filepath.Join(dir, "content", ".a.md.tmp"), filepath.Join(dir, "content", "a.md")); err != nil {
			t.Fatal(err)
		}
		events.expect(t, "reload")
		s.eventually("a/", 200, "alpha three")
	})
	t.Run("delete", func(t *testing.T) {
		os.Remove(filepath.Join(dir, "content", "d.md"))
		events.expect(t, "reload")
		s.eventually("d/", 404, "no such page")
	})
	t.Run("broken then fixed", func(t *testing.T) {
		writeFile(t, dir, "content/a.md", "alpha BROKEN")
		ev := events.expect(t, "error")
		if want := `{"errors":["content/a.md:1:1: the file is broken"]}`; ev.data != want {
			t.Errorf("error event %s, want %s", ev.data, want)
		}
		// Still the last good page.
		if code, body := s.get("a/"); code != 200 || !strings.Contains(body, "alpha three") {
			t.Errorf("broken build: GET a/ = %d %q", code, body)
		}
		// A browser that connects now hears of the errors at once.
		late := s.subscribe()
		late.expect(t, "hello")
		late.expect(t, "error")
		if !strings.Contains(log.String(), "error: content/a.md:1:1: the file is broken") {
			t.Errorf("the terminal did not show the error:\n%s", log)
		}

		writeFile(t, dir, "content/a.md", "alpha four")
		events.expect(t, "ok")
		events.expect(t, "reload")
		late.expect(t, "ok")
		s.eventually("a/", 200, "alpha four")
	})
	t.Run("stylesheet", func(t *testing.T) {
		// themes/ does not exist at start: the folder is picked up when it appears.
		os.Mkdir(filepath.Join(dir, "themes"), 0o755)
		writeFile(t, dir, "themes/style.css", "body{color:red}")
		events.expect(t, "reload") // a new stylesheet: pages must link it
		s.eventually("a/", 200, `<link rel="stylesheet" href="/assets/style.`)
		_, page := s.get("a/")
		old := page[strings.Index(page, "/assets/style."):]
		old = old[:strings.Index(old, `"`)]

		writeFile(t, dir, "themes/style.css", "body{color:blue}")
		ev := events.expect(t, "css")
		if !strings.Contains(ev.data, `"from":"`+old+`"`) || !strings.Contains(ev.data, `"to":"/assets/style.`) {
			t.Errorf("css event %s; old stylesheet %s", ev.data, old)
		}
		s.eventually(strings.TrimPrefix(old, "/"), 404, "")
	})
	t.Run("burst", func(t *testing.T) {
		n := s.rebuilds.Load()
		const writes = 200
		for i := range writes {
			writeFile(t, dir, "content/a.md", fmt.Sprintf("burst %d.", i))
		}
		s.eventually("a/", 200, fmt.Sprintf("burst %d.", writes-1))
		events.expect(t, "reload")
		// Let any last batch finish, then check nothing is left behind.
		time.Sleep(200 * time.Millisecond)
		s.eventually("a/", 200, fmt.Sprintf("burst %d.", writes-1))
		rebuilds := s.rebuilds.Load() - n
		t.Logf("%d writes, %d rebuilds", writes, rebuilds)
		if rebuilds > writes/10 {
			t.Errorf("%d rebuilds for %d writes", rebuilds, writes)
		}
	})

	// Editors' temporary files never reached a rebuild.
	for _, changed := range fake.allChanges() {
		for _, p := range changed {
			if hidden(p) {
				t.Errorf("rebuild told of %s", p)
			}
		}
	}

	// Stops within a second with a browser still connected.
	s.stop()
	settle(t, before)
}

func TestServeStartsBroken(t *testing.T) {
	// A site that does not build at start: the server runs anyway, shows
	// the errors and serves the site once it is fixed.
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	writeFile(t, dir, "content/a.md", "BROKEN")
	fake := &fakeSite{dir: dir}
	s := running(t, Config{SiteDir: dir, Watch: []string{"content"}, Port: 0, PortExplicit: true, Rebuild: fake.rebuild})
	s.eventually("a/", 503, "content/a.md:1:1: the file is broken")
	events := s.subscribe()
	events.expect(t, "error")
	writeFile(t, dir, "content/a.md", "fixed")
	events.expect(t, "ok")
	events.expect(t, "reload")
	s.eventually("a/", 200, "fixed")
}

func TestRebuildsNeverOverlap(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	writeFile(t, dir, "content/a.md", "start")
	fake := &fakeSite{dir: dir}
	var inFlight, most atomic.Int32
	slow := func(ctx context.Context, changed []string) (Output, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(80 * time.Millisecond)
		return fake.rebuild(ctx, changed)
	}
	s := running(t, Config{SiteDir: dir, Watch: []string{"content"}, Port: 0, PortExplicit: true, Rebuild: slow, Debounce: 10 * time.Millisecond})
	s.eventually("a/", 200, "start")
	// Edits keep arriving while rebuilds run.
	for i := range 12 {
		writeFile(t, dir, "content/a.md", fmt.Sprintf("edit %d.", i))
		time.Sleep(25 * time.Millisecond)
	}
	s.eventually("a/", 200, "edit 11.")
	if most.Load() != 1 {
		t.Errorf("%d rebuilds ran at once", most.Load())
	}
}

// TestSaveSpanningARebuildIsShownOnce edits a file again while the
// rebuild after the first edit runs, as a save in two writes can: the
// first rebuild's result is held back, and the browsers reload once, to
// the second edit — never to the state between. The rebuilds report
// their Delta, against the rebuild before, as the real one does: when
// the second write repeats the first, its delta is empty, and the server
// must still see that the page changed from what it serves.
func TestSaveSpanningARebuildIsShownOnce(t *testing.T) {
	for _, tc := range []struct{ name, first, second string }{
		{"truncated then written", "", "saved"},
		{"written twice", "saved", "saved"},
	} {
		t.Run(tc.name, func(t *testing.T) { testSaveSpanningARebuild(t, tc.first, tc.second) })
	}
}

func testSaveSpanningARebuild(t *testing.T, first, second string) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	writeFile(t, dir, "content/a.md", "start")
	fake := &fakeSite{dir: dir}
	building := make(chan struct{}, 1)
	proceed := make(chan struct{})
	var calls atomic.Int32
	var last Output
	var written []string
	rebuild := func(ctx context.Context, changed []string) (Output, error) {
		out, err := fake.rebuild(ctx, changed)
		if err == nil {
			written = nil
			for p, data := range out {
				if old, ok := last[p]; !ok || !bytes.Equal(old, data) {
					written = append(written, p)
				}
			}
			last = out
		}
		if calls.Add(1) == 2 { // the rebuild after the first write
			building <- struct{}{}
			select {
			case <-proceed:
			case <-time.After(wait):
			}
		}
		return out, err
	}
	delta := func() ([]string, []string, bool) { return written, nil, calls.Load() > 1 }
	s := running(t, Config{SiteDir: dir, Watch: []string{"content"}, Port: 0, PortExplicit: true, Rebuild: rebuild, Delta: delta})
	s.eventually("a/", 200, "start")
	events := s.subscribe()
	events.expect(t, "hello")

	writeFile(t, dir, "content/a.md", first)
	select {
	case <-building:
	case <-time.After(wait):
		t.Fatal("no rebuild after the first write")
	}
	writeFile(t, dir, "content/a.md", second)
	time.Sleep(100 * time.Millisecond) // for the watcher to pass the event on
	close(proceed)

	ev := events.expect(t, "reload")
	if code, body := s.get("a/"); code != 200 || !strings.Contains(body, "<body>"+second+"</body>") {
		t.Errorf("after the first reload GET a/ = %d %q, want %q", code, body, second)
	}
	if want := `{"build":2}`; ev.data != want {
		t.Errorf("first reload %s, want %s: one build shown after start", ev.data, want)
	}
	select {
	case ev := <-events.events:
		t.Errorf("another event after the reload: %s %s", ev.name, ev.data)
	case <-time.After(200 * time.Millisecond):
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d rebuilds, want 3: the first build, the one held back and the one shown", n)
	}
}

func TestHeartbeat(t *testing.T) {
	s := newTestServer(t, nil, nil)
	s.heartbeat = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.hub.run(ctx)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	client := ts.Client()
	resp, err := client.Get(ts.URL + "/_policysite/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(wait)
	for {
		select {
		case line := <-lines:
			if line == ": ping" {
				cancel()
				for range lines { // the stream ends when the hub stops
				}
				return
			}
		case <-timeout:
			t.Fatal("no heartbeat")
		}
	}
}
