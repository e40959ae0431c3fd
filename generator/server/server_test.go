package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// testSite is a small built site as a renderer would emit it.
var testSite = Output{
	"index.html":                    []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Home</title>\n</head>\n<body><h1>Home</h1></body>\n</html>\n"),
	"privacy/index.html":            []byte("<!DOCTYPE html><html><HEAD><title>Privacy</title></HEAD><body>privacy text</body></html>"),
	"privacy/2024-01-01/index.html": []byte("<!DOCTYPE html><html><head><title>Old</title></head><body>old</body></html>"),
	"404.html":                      []byte("<!DOCTYPE html><html><head><title>Not found</title></head><body>no such page</body></html>"),
	"assets/style.0123abcd.css":     []byte("body{color:#111}"),
	"assets/history.89abcdef.js":    []byte("console.log(1)"),
	"feed.xml":                      []byte("<?xml version=\"1.0\"?><rss></rss>"),
	"atom.xml":                      []byte("<?xml version=\"1.0\"?><feed></feed>"),
	"feed.json":                     []byte(`{"version":"https://jsonfeed.org/version/1.1"}`),
	"versions.json":                 []byte(`[]`),
	"robots.txt":                    []byte("User-agent: *\n"),
	"sitemap.xml":                   []byte("<urlset></urlset>"),
	"_headers":                      []byte("/*\n  X-Frame-Options: DENY\n"),
	"_redirects":                    []byte("/privacy-policy/ /privacy/ 301\n"),
}

// newTestServer returns a server on a free loopback port that has not run.
func newTestServer(t *testing.T, rebuild Rebuild, log io.Writer) *Server {
	t.Helper()
	if rebuild == nil {
		rebuild = func(context.Context, []string) (Output, error) { return testSite, nil }
	}
	s, err := New(Config{SiteDir: t.TempDir(), Port: 0, PortExplicit: true, Rebuild: rebuild, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.ln.Close() })
	return s
}

// published returns a handler serving out as the last good build.
func published(t *testing.T, out Output) http.Handler {
	s := newTestServer(t, nil, nil)
	s.site.Store(&site{files: out, build: 7, redirects: parseRedirects(out["_redirects"])})
	return s.Handler()
}

func do(h http.Handler, method, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

const injected = `<link rel="stylesheet" href="/_policysite/overlay.css"><script src="/_policysite/livereload.js" data-build="7" defer></script>`

func TestHandlerServesOutput(t *testing.T) {
	h := published(t, testSite)
	tests := []struct {
		target   string
		status   int
		ctype    string
		body     string // the body must contain it
		location string
	}{
		{"/", 200, "text/html; charset=utf-8", "<h1>Home</h1>", ""},
		{"/index.html", 200, "text/html; charset=utf-8", "<h1>Home</h1>", ""},
		{"/privacy/", 200, "text/html; charset=utf-8", "privacy text", ""},
		{"/privacy/2024-01-01/", 200, "text/html; charset=utf-8", "old", ""},
		{"/privacy", 301, "", "", "/privacy/"},
		{"/privacy?x=1", 301, "", "", "/privacy/?x=1"},
		{"/privacy-policy/", 301, "", "", "/privacy/"},
		{"/assets/style.0123abcd.css", 200, "text/css; charset=utf-8", "body{color:#111}", ""},
		{"/assets/history.89abcdef.js", 200, "text/javascript; charset=utf-8", "console.log(1)", ""},
		{"/feed.xml", 200, "application/xml; charset=utf-8", "<rss>", ""},
		{"/atom.xml", 200, "application/xml; charset=utf-8", "<feed>", ""},
		{"/feed.json", 200, "application/json", "jsonfeed", ""},
		{"/versions.json", 200, "application/json", "[]", ""},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "User-agent", ""},
		{"/sitemap.xml", 200, "application/xml; charset=utf-8", "<urlset>", ""},
		{"/nope/", 404, "text/html; charset=utf-8", "no such page", ""},
		{"/privacy/nope", 404, "text/html; charset=utf-8", "no such page", ""},
		{"/_headers", 404, "text/html; charset=utf-8", "no such page", ""},
		{"/_redirects", 404, "text/html; charset=utf-8", "no such page", ""},
		{"/_policysite/livereload.js", 200, "text/javascript; charset=utf-8", "EventSource", ""},
		{"/_policysite/overlay.css", 200, "text/css; charset=utf-8", "prefers-color-scheme: dark", ""},
		{"/_policysite/nope", 404, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := do(h, "GET", tt.target)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			if tt.ctype != "" && w.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", w.Header().Get("Content-Type"), tt.ctype)
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body lacks %q:\n%s", tt.body, w.Body)
			}
			if got := w.Header().Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			isHTML := strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") && w.Code != 301
			if got := strings.Count(w.Body.String(), "/_policysite/livereload.js"); isHTML && got != 1 || !isHTML && got != 0 {
				t.Errorf("live-reload script injected %d times into a %s response", got, w.Header().Get("Content-Type"))
			}
			if n, _ := strconv.Atoi(w.Header().Get("Content-Length")); w.Code == 200 && n != w.Body.Len() {
				t.Errorf("Content-Length %d, body %d bytes", n, w.Body.Len())
			}
		})
	}
}

func TestHandlerInjectsBeforeHead(t *testing.T) {
	h := published(t, testSite)
	if got := do(h, "GET", "/").Body.String(); !strings.Contains(got, "<title>Home</title>\n"+injected+"</head>") {
		t.Errorf("tags not right before </head>:\n%s", got)
	}
	if got := do(h, "GET", "/privacy/").Body.String(); !strings.Contains(got, injected+"</HEAD>") {
		t.Errorf("tags not before an upper-case </HEAD>:\n%s", got)
	}
	// Non-HTML bytes go out exactly as built.
	if got := do(h, "GET", "/assets/style.0123abcd.css").Body.Bytes(); !bytes.Equal(got, testSite["assets/style.0123abcd.css"]) {
		t.Errorf("stylesheet changed in transit: %q", got)
	}
	// The output itself is never modified.
	if bytes.Contains(testSite["index.html"], []byte("_policysite")) {
		t.Error("injection wrote into the output")
	}
	for _, tt := range []struct{ in, want string }{
		{"<p>no head</p></body>", "<p>no head</p>" + injected + "</body>"},
		{"<p>nothing</p>", "<p>nothing</p>" + injected},
	} {
		h := published(t, Output{"index.html": []byte(tt.in)})
		if got := do(h, "GET", "/").Body.String(); got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHandlerMethods(t *testing.T) {
	h := published(t, testSite)
	get := do(h, "GET", "/privacy/")
	head := do(h, "HEAD", "/privacy/")
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", head.Code, head.Body.Len())
	}
	if head.Header().Get("Content-Length") != strconv.Itoa(get.Body.Len()) {
		t.Errorf("HEAD Content-Length %s, GET body %d bytes", head.Header().Get("Content-Length"), get.Body.Len())
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
		w := do(h, m, "/privacy/")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

func TestHandlerRefusesTraversal(t *testing.T) {
	// A file beside the site that no request may ever reach.
	s := newTestServer(t, nil, nil)
	secret := "top secret " + strconv.Itoa(os.Getpid())
	os.WriteFile(filepath.Join(s.cfg.SiteDir, "secret.txt"), []byte(secret), 0o644)
	os.WriteFile(filepath.Join(s.cfg.SiteDir, "site.yaml"), []byte(secret), 0o644)
	s.site.Store(&site{files: testSite, build: 7})
	h := s.Handler()
	for _, target := range []string{
		"/../secret.txt",
		"/privacy/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/privacy/%2e%2e/%2e%2e/secret.txt",
		"/.%2e/secret.txt",
		"/..%2fsecret.txt",
		"/..%2Fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/privacy\\..\\..\\secret.txt",
		"//etc/passwd",
		"//secret.txt",
		"/%2fetc/passwd",
		"/index.html%00.txt",
		"/privacy/%00",
		"/./secret.txt",
		"/secret.txt",
		"/site.yaml",
		"/../site.yaml",
		"/C:/Windows/win.ini",
		"/etc/passwd",
		"/%252e%252e/secret.txt",
	} {
		for _, m := range []string{"GET", "HEAD"} {
			req := &http.Request{Method: m, URL: mustParse(t, target), Header: http.Header{}, Host: "127.0.0.1"}
			req = req.WithContext(context.Background())
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusBadRequest && w.Code != http.StatusNotFound {
				t.Errorf("%s %s: status %d, want 400 or 404", m, target, w.Code)
			}
			if strings.Contains(w.Body.String(), secret) || strings.Contains(w.Body.String(), "root:") {
				t.Errorf("%s %s: leaked a file", m, target)
			}
		}
	}
}

// mustParse builds a request URL from a raw request-target, as the HTTP
// server does, without cleaning it.
func mustParse(t *testing.T, target string) *url.URL {
	t.Helper()
	u, err := url.ParseRequestURI(target)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	return u
}

func TestHandlerRawConnection(t *testing.T) {
	// Through a real connection, so that nothing between the wire and the
	// handler cleans the path first.
	s := newTestServer(t, nil, nil)
	os.WriteFile(filepath.Join(s.cfg.SiteDir, "secret.txt"), []byte("top secret"), 0o644)
	s.site.Store(&site{files: testSite, build: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, target := range []string{"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/..\\secret.txt", "//secret.txt"} {
		conn, err := net.DialTimeout("tcp", srv.Listener.Addr().String(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		resp, _ := io.ReadAll(conn)
		conn.Close()
		status := strings.SplitN(string(resp), "\r\n", 2)[0]
		if !strings.Contains(status, " 400 ") && !strings.Contains(status, " 404 ") {
			t.Errorf("GET %s: %s", target, status)
		}
		if strings.Contains(string(resp), "top secret") {
			t.Errorf("GET %s leaked a file", target)
		}
	}
}

func TestHandlerBeforeFirstGoodBuild(t *testing.T) {
	s := newTestServer(t, nil, nil)
	s.site.Store(&site{errors: []string{`content/a.md:3:1: unknown key "<script>"`}})
	w := do(s.Handler(), "GET", "/privacy/")
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{"content/a.md:3:1: unknown key &#34;&lt;script&gt;&#34;", "/_policysite/livereload.js", `<html lang="en">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>\"") || strings.Contains(body, "style=") || strings.Contains(body, "<style") {
		t.Errorf("unescaped or inline content:\n%s", body)
	}
}

func TestIgnored(t *testing.T) {
	for _, name := range []string{".a.md.swp", ".a.md.swx", "a.md~", ".#a.md", "#a.md#", "4913", ".DS_Store", ".git", "a.md.swp", "a.md___jb_tmp___"} {
		if !ignored(name) {
			t.Errorf("%q not ignored", name)
		}
	}
	for _, name := range []string{"a.md", "2024-01-01.md", "style.css", "site.yaml", "content", "a#b.md", "4914"} {
		if ignored(name) {
			t.Errorf("%q ignored", name)
		}
	}
}

func TestWatcherHandle(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content", "privacy"), 0o755)
	os.MkdirAll(filepath.Join(dir, "public"), 0o755)
	w, err := newWatcher(dir, []string{"site.yaml", "content", "themes"}, &logger{w: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	at := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	tests := []struct {
		name string
		op   fsnotify.Op
		want []string
	}{
		{"content/privacy/a.md", fsnotify.Write, []string{"content/privacy/a.md"}},
		{"content/privacy/a.md", fsnotify.Create, []string{"content/privacy/a.md"}},
		{"content/privacy/a.md", fsnotify.Remove, []string{"content/privacy/a.md"}},
		{"content/privacy/a.md", fsnotify.Rename, []string{"content/privacy/a.md"}},
		{"content/privacy/a.md", fsnotify.Chmod, nil},
		{"content/privacy/.a.md.swp", fsnotify.Write, nil},
		{"content/privacy/a.md~", fsnotify.Create, nil},
		{"content/privacy/4913", fsnotify.Create, nil},
		{"content/.git/index", fsnotify.Write, nil},
		{"site.yaml", fsnotify.Create, []string{"site.yaml"}},
		{"site.yaml.tmp", fsnotify.Create, nil},
		{".site.yaml.swp", fsnotify.Create, nil},
		{"public/index.html", fsnotify.Write, nil},
		{"public", fsnotify.Create, nil},
		{"themes", fsnotify.Remove, []string{"themes"}},
	}
	for _, tt := range tests {
		got := w.handle(fsnotify.Event{Name: at(tt.name), Op: tt.op})
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %s → %q, want %q", tt.op, tt.name, got, tt.want)
		}
	}
	// A folder that appears is watched, and the files already in it count.
	os.MkdirAll(filepath.Join(dir, "themes", "mine", "assets"), 0o755)
	os.WriteFile(filepath.Join(dir, "themes", "mine", "assets", "style.css"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "themes", "mine", ".hidden"), nil, 0o644)
	got := w.handle(fsnotify.Event{Name: at("themes"), Op: fsnotify.Create})
	if want := []string{"themes", "themes/mine/assets/style.css"}; !slices.Equal(got, want) {
		t.Errorf("new folder → %q, want %q", got, want)
	}
	if !slices.Contains(w.fsw.WatchList(), filepath.Join(dir, "themes", "mine", "assets")) {
		t.Errorf("new folder not watched: %q", w.fsw.WatchList())
	}
	if _, err := newWatcher(dir, []string{"../elsewhere"}, &logger{w: io.Discard}); err == nil {
		t.Error("a watch path outside the site was accepted")
	}
}

func TestCSSOnly(t *testing.T) {
	old := Output{"index.html": []byte(`<link href="/assets/style.0123abcd.css">`), "assets/style.0123abcd.css": []byte("a"), "assets/print.00000000.css": []byte("p")}
	cur := Output{"index.html": []byte(`<link href="/assets/style.4567cdef.css">`), "assets/style.4567cdef.css": []byte("b"), "assets/print.00000000.css": []byte("p")}
	swap, ok := cssOnly([]string{"themes/x/assets/style.css"}, diffOutputs(old, cur), old, cur)
	if want := []cssSwap{{"/assets/style.0123abcd.css", "/assets/style.4567cdef.css"}}; !ok || !slices.Equal(swap, want) {
		t.Errorf("swap %v %v, want %v", swap, ok, want)
	}
	// A content change, or a non-CSS output change, needs a reload.
	if _, ok := cssOnly([]string{"content/a.md"}, diffOutputs(old, cur), old, cur); ok {
		t.Error("content change taken for a CSS-only change")
	}
	cur2 := with(cur, "feed.xml", "x")
	if _, ok := cssOnly([]string{"themes/x/assets/style.css"}, diffOutputs(old, cur2), old, cur2); ok {
		t.Error("a feed change taken for a CSS-only change")
	}
	// A new stylesheet must be linked by the pages: reload.
	cur3 := with(cur, "assets/extra.11112222.css", "e")
	if _, ok := cssOnly([]string{"themes/x/assets/extra.css"}, diffOutputs(old, cur3), old, cur3); ok {
		t.Error("a new stylesheet taken for a swap")
	}
	// An unfingerprinted stylesheet is reloaded under a new query.
	a, b := Output{"s.css": []byte("a")}, Output{"s.css": []byte("b")}
	swap, ok = cssOnly([]string{"s.css"}, diffOutputs(a, b), a, b)
	if !ok || len(swap) != 1 || swap[0].From != "/s.css" || !strings.HasPrefix(swap[0].To, "/s.css?") {
		t.Errorf("in-place swap %v %v", swap, ok)
	}
}

func with(o Output, k, v string) Output {
	m := Output{}
	for p, d := range o {
		m[p] = d
	}
	m[k] = []byte(v)
	return m
}

func TestErrorLines(t *testing.T) {
	err := errors.Join(errors.New("content/a.md:1:1: one"), errors.Join(errors.New("content/b.md:2:3: two")))
	if got := errorLines(err); !slices.Equal(got, []string{"content/a.md:1:1: one", "content/b.md:2:3: two"}) {
		t.Errorf("joined: %q", got)
	}
	if got := errorLines(errors.New("a:1: x\nb:2: y\n")); !slices.Equal(got, []string{"a:1: x", "b:2: y"}) {
		t.Errorf("lines: %q", got)
	}
}

func TestPortBusy(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	rebuild := func(context.Context, []string) (Output, error) { return nil, nil }
	_, err = New(Config{Port: port, PortExplicit: true, Rebuild: rebuild})
	if want := fmt.Sprintf("port %d is in use; choose another with --port", port); err == nil || err.Error() != want {
		t.Errorf("explicit busy port: %v, want %q", err, want)
	}
	var log bytes.Buffer
	s, err := New(Config{Port: port, Rebuild: rebuild, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.ln.Close()
	if strings.Contains(s.URL(), ":"+strconv.Itoa(port)+"/") || !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %s", s.URL())
	}
	if !strings.Contains(log.String(), fmt.Sprintf("port %d is in use; using", port)) {
		t.Errorf("log %q", log.String())
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// settle waits for the number of goroutines to fall back to at most n.
func settle(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, want at most %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func recv(t *testing.T, c *client) string {
	t.Helper()
	select {
	case msg, ok := <-c.send:
		if !ok {
			t.Fatal("client closed")
		}
		return string(msg)
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return ""
}

func quiet(t *testing.T, c *client) {
	t.Helper()
	select {
	case msg := <-c.send:
		t.Fatalf("unexpected event %q", msg)
	case <-time.After(20 * time.Millisecond):
	}
}

func TestHub(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	h := newHub()
	go h.run(ctx)

	a, b := h.subscribe(), h.subscribe()
	for _, c := range []*client{a, b} {
		if got := recv(t, c); got != "event: hello\ndata: {\"build\":0}\n\n" {
			t.Errorf("hello = %q", got)
		}
	}
	h.send(reloadEvent(1))
	for _, c := range []*client{a, b} {
		if got := recv(t, c); got != "event: reload\ndata: {\"build\":1}\n\n" {
			t.Errorf("reload = %q", got)
		}
	}
	h.unsubscribe(b)
	if _, ok := <-b.send; ok {
		t.Error("unsubscribed client still open")
	}
	h.send(errorEvent([]string{"content/a.md:1:1: bad"}))
	if got := recv(t, a); got != "event: error\ndata: {\"errors\":[\"content/a.md:1:1: bad\"]}\n\n" {
		t.Errorf("error = %q", got)
	}
	// A client arriving while the site is broken hears it at once.
	c := h.subscribe()
	if got := recv(t, c); !strings.Contains(got, `"build":1`) {
		t.Errorf("hello = %q", got)
	}
	if got := recv(t, c); !strings.HasPrefix(got, "event: error\n") {
		t.Errorf("late client got %q, want the error", got)
	}
	h.send(okEvent())
	recv(t, a)
	recv(t, c)
	d := h.subscribe()
	recv(t, d) // hello
	quiet(t, d)

	// A client that never reads is dropped instead of blocking the others.
	slow := h.subscribe()
	for i := range clientBuffer + 2 {
		h.send(reloadEvent(uint64(2 + i)))
		recv(t, a)
	}
	n := 0
	for range slow.send {
		n++
	}
	if n > clientBuffer {
		t.Errorf("slow client got %d events", n)
	}

	cancel()
	<-h.done
	for _, c := range []*client{a, c, d} {
		for range c.send { // drains, then sees it closed
		}
	}
	if h.subscribe() != nil {
		t.Error("subscribed to a stopped hub")
	}
	h.send(okEvent()) // must not block
	h.unsubscribe(a)  // must not block
	settle(t, before)
}

// TestDiffPathsAgreesWithDiffOutputs: told which paths a rebuild wrote and
// removed, the server finds the same changes as by comparing every file.
func TestDiffPathsAgreesWithDiffOutputs(t *testing.T) {
	same := []byte("same")
	old := Output{"a.html": same, "b.html": []byte("old"), "gone.html": []byte("x"), "back.html": []byte("y"), "kept.html": []byte("z")}
	cur := Output{"a.html": same, "b.html": []byte("new"), "back.html": []byte("y"), "kept.html": old["kept.html"], "added.html": []byte("n")}
	d := &delta{
		written: []string{"a.html", "b.html", "back.html", "added.html"},
		removed: []string{"gone.html", "back.html"},
	}
	got, want := diffPaths(old, cur, d), diffOutputs(old, cur)
	if !slices.Equal(got, want) {
		t.Errorf("diffPaths = %q, diffOutputs = %q", got, want)
	}
}
