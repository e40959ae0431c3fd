package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Output is a built site: slash paths relative to the output root (such as
// "privacy/index.html") and their bytes, as the build emits them.
type Output map[string][]byte

// Rebuild builds the site and returns its complete output. changed lists
// what changed since the last call, as slash paths relative to the site
// folder (a path may name a folder: then everything under it changed);
// nil means everything. Errors that wrap several errors (Unwrap() []error,
// as errors.Join makes) are shown one per line; any other error is shown
// line by line of its message. The server keeps the returned map: a later
// call must return a new map (it may share unchanged byte slices) and
// never modify one it returned before.
type Rebuild func(ctx context.Context, changed []string) (Output, error)

// Config sets up a Server.
type Config struct {
	SiteDir      string        // the folder Watch is relative to
	Watch        []string      // files and folders to watch, relative to SiteDir, e.g. "site.yaml", "content"
	Bind         string        // address to listen on; default 127.0.0.1
	Port         int           // default 1313 when PortExplicit is false; 0 picks a free port
	PortExplicit bool          // the user chose Port: fail if it is busy instead of trying the next ones
	Rebuild      Rebuild       // required
	Log          io.Writer     // progress and errors; default io.Discard
	Debounce     time.Duration // quiet time that ends a burst of changes; default 5ms
	Headers      [][2]string   // sent with every response; default DefaultHeaders
	// Delta, when set, is asked right after each successful Rebuild which
	// paths it may have changed — written, whatever their bytes — and
	// which it removed, against the output of the successful Rebuild
	// before it. The server then compares only those with what it serves,
	// not every file of a large site. ok false compares everything.
	Delta func() (written, removed []string, ok bool)
}

// DefaultHeaders are the security headers sent when Config.Headers is nil:
// a strict Content-Security-Policy that the injected live-reload script
// and overlay stylesheet satisfy, being external files.
var DefaultHeaders = [][2]string{
	{"Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// DefaultPort is the port tried first when none is given.
const DefaultPort = 1313

// portTries is how many ports after a busy default one are tried.
const portTries = 20

// Server serves a site from memory and rebuilds it when its sources change.
type Server struct {
	cfg       Config
	ln        net.Listener
	url       string
	hub       *hub
	log       *logger
	site      atomic.Pointer[site]
	heartbeat time.Duration
	maxWait   time.Duration // the longest a burst of changes delays a rebuild
	maxHold   time.Duration // the longest changes go unshown while others keep coming
	rebuilds  atomic.Int64  // completed calls of Rebuild, for tests
}

// site is one published state: the last good output and, when the latest
// rebuild failed, its errors.
type site struct {
	files     Output // nil until the first successful build
	build     uint64 // counts successful builds that changed the output
	redirects map[string]string
	errors    []string // non-nil while the latest build failed
}

// New checks cfg and reserves the port: URL is known as soon as New
// returns, so that Rebuild can render links to it. Run serves it.
func New(cfg Config) (*Server, error) {
	if cfg.Rebuild == nil {
		return nil, errors.New("server: no Rebuild function")
	}
	if cfg.Bind == "" {
		cfg.Bind = "127.0.0.1"
	}
	if cfg.Port == 0 && !cfg.PortExplicit {
		cfg.Port = DefaultPort
	}
	if cfg.Port < 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("port %d is out of range (0–65535)", cfg.Port)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Debounce <= 0 {
		// An editor's save is a burst of events microseconds apart: a
		// truncate and a write, or a temporary file renamed over the
		// source. 5 ms of quiet ends one while adding little to the
		// edit-to-reload time, and a save that spans it anyway is caught
		// by holding back results the sources changed under (loop).
		cfg.Debounce = 5 * time.Millisecond
	}
	if cfg.Headers == nil {
		cfg.Headers = DefaultHeaders
	}
	if cfg.SiteDir == "" {
		cfg.SiteDir = "."
	}
	s := &Server{
		cfg:       cfg,
		hub:       newHub(),
		log:       &logger{w: cfg.Log},
		heartbeat: 15 * time.Second,
		maxWait:   10 * cfg.Debounce,
		maxHold:   time.Second,
	}
	s.site.Store(&site{})
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

// listen binds the port, trying the next ones when the default is busy.
func (s *Server) listen() error {
	tries := 1
	if !s.cfg.PortExplicit && s.cfg.Port != 0 {
		tries = portTries + 1
	}
	for i := range tries {
		port := s.cfg.Port + i
		if port > 65535 {
			break
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(s.cfg.Bind, strconv.Itoa(port)))
		if err == nil {
			if i > 0 {
				s.log.printf("port %d is in use; using %d instead", s.cfg.Port, port)
			}
			s.ln = ln
			addr := ln.Addr().(*net.TCPAddr)
			host := s.cfg.Bind
			if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
				host = "localhost"
			}
			if ip := net.ParseIP(s.cfg.Bind); s.cfg.Bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
				s.log.printf("note: listening on %s: other machines can reach this preview", s.cfg.Bind)
			}
			s.url = "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
			return nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s port %d: %w", s.cfg.Bind, port, err)
		}
	}
	if s.cfg.PortExplicit {
		return fmt.Errorf("port %d is in use; choose another with --port", s.cfg.Port)
	}
	return fmt.Errorf("ports %d to %d are in use; choose another with --port", s.cfg.Port, min(s.cfg.Port+portTries, 65535))
}

// URL is the address the server answers at, such as http://127.0.0.1:1313/.
func (s *Server) URL() string { return s.url }

// Run builds the site, serves it and rebuilds it on every change until ctx
// is done; then it stops within a second and returns nil. It returns an
// error only if the server cannot run at all; a broken site is reported
// and waited out, never returned.
func (s *Server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hubDone := make(chan struct{})
	go func() {
		s.hub.run(ctx)
		close(hubDone)
	}()

	w, err := newWatcher(s.cfg.SiteDir, s.cfg.Watch, s.log)
	if err != nil {
		s.ln.Close()
		return err
	}
	defer w.close()

	// Build once before answering, so the first page is the site.
	s.apply(s.build(ctx, nil))

	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10, // a browser's headers are a few KiB
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(s.ln) }()
	s.log.printf("serving %s at %s (press Ctrl+C to stop)", s.cfg.SiteDir, s.url)

	err = s.loop(ctx, w, serveErr)

	cancel() // stops the hub, which ends every event stream
	<-hubDone
	shutdown, stop := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer stop()
	if srv.Shutdown(shutdown) != nil {
		srv.Close()
	}
	return err
}

// result is what one rebuild produced.
type result struct {
	out      Output
	err      error
	changed  []string
	elapsed  time.Duration
	canceled bool
	delta    *delta // from Config.Delta; nil when unknown
}

type delta struct{ written, removed []string }

func (s *Server) build(ctx context.Context, changed []string) result {
	start := time.Now()
	out, err := s.cfg.Rebuild(ctx, changed)
	s.rebuilds.Add(1)
	r := result{out: out, err: err, changed: changed, elapsed: time.Since(start), canceled: ctx.Err() != nil}
	if err == nil && s.cfg.Delta != nil {
		if written, removed, ok := s.cfg.Delta(); ok {
			r.delta = &delta{written, removed}
		}
	}
	return r
}

// loop batches file events and runs one rebuild at a time until ctx is
// done or the HTTP server fails.
func (s *Server) loop(ctx context.Context, w *watcher, serveErr <-chan error) error {
	pending := map[string]bool{}
	all := false          // a batch must rebuild everything (events were lost)
	var first time.Time   // when the oldest pending event arrived
	var unshown time.Time // when the oldest change not yet shown arrived; zero when all are
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	var done chan result // non-nil while a rebuild runs
	ready := false       // the debounce timer fired while a rebuild ran
	var held *result     // a result superseded before it was shown
	unsure := false      // a result held back was not an error: Delta compares against it, not what is served

	start := func() {
		changed := slices.Sorted(maps.Keys(pending))
		if all {
			changed = nil
		}
		clear(pending)
		all, ready = false, false
		done = make(chan result, 1)
		go func(done chan<- result) { done <- s.build(ctx, changed) }(done)
	}
	// noted dates a change that arrived: it may start a batch, and
	// it is unshown until a result is shown.
	noted := func() {
		if len(pending) == 0 && !all {
			first = time.Now()
		}
		if unshown.IsZero() {
			unshown = first
		}
	}
	arm := func() {
		wait := s.cfg.Debounce
		if left := s.maxWait - time.Since(first); left < wait {
			wait = max(left, 0)
		}
		quiet.Reset(wait)
	}

	for {
		select {
		case <-ctx.Done():
			if done != nil {
				select { // let the canceled rebuild finish, briefly
				case <-done:
				case <-time.After(300 * time.Millisecond):
				}
			}
			return nil
		case err := <-serveErr:
			return fmt.Errorf("server stopped: %w", err)
		case ev, ok := <-w.events():
			if !ok {
				return nil
			}
			changed := w.handle(ev)
			if len(changed) == 0 {
				continue
			}
			noted()
			for _, p := range changed {
				pending[p] = true
			}
			ready = false // the burst goes on: wait for it to end
			arm()
		case err, ok := <-w.errors():
			if !ok {
				return nil
			}
			if w.overflow(err) {
				noted()
				all = true
				s.log.printf("watch: %v; rebuilding everything", err)
				arm()
				continue
			}
			s.log.printf("watch: %v", err)
		case <-quiet.C:
			if done != nil {
				ready = true
				continue
			}
			start()
		case r := <-done:
			done = nil
			if r.canceled {
				continue
			}
			if held != nil {
				r = merge(*held, r)
				held = nil
			}
			superseded := len(pending) > 0 || all
			if superseded && time.Since(unshown) < s.maxHold {
				// The sources changed again while this was built: it may
				// show a save half done, such as a truncated file. The
				// next rebuild shows both changes — unless changes keep
				// coming for longer than maxHold.
				held = &r
				unsure = unsure || r.err == nil
			} else {
				if unsure {
					r.delta = nil
					unsure = r.err != nil
				}
				s.apply(r)
				unshown = time.Time{}
				if superseded {
					unshown = first
				}
			}
			if ready && (len(pending) > 0 || all) {
				start()
			}
		}
	}
}

// merge returns the result of a rebuild that followed one not shown, as
// if it were made after the changes of both.
func merge(held, next result) result {
	if held.changed == nil || next.changed == nil {
		next.changed = nil
	} else {
		next.changed = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(held.changed), next.changed...))))
	}
	return next
}

// apply publishes the result of a rebuild and tells the browsers.
func (s *Server) apply(r result) {
	if r.canceled {
		return
	}
	changed := r.changed
	what := "everything"
	if changed != nil {
		what = summarizePaths(changed)
	}
	old := s.site.Load()
	if r.err != nil {
		errs := errorLines(r.err)
		for _, e := range errs {
			s.log.printf("error: %s", e)
		}
		still := "nothing to serve until it is fixed"
		if old.files != nil {
			still = "still serving the last good build"
		}
		s.log.printf("rebuild of %s failed with %d %s; %s", what, len(errs), plural(len(errs), "error", "errors"), still)
		next := *old
		next.errors = errs
		s.site.Store(&next)
		s.hub.send(errorEvent(errs))
		return
	}
	files := r.out
	if files == nil {
		files = Output{}
	}
	var diff []string
	if r.delta != nil && old.files != nil {
		diff = diffPaths(old.files, files, r.delta)
	} else {
		diff = diffOutputs(old.files, files)
	}
	wasBroken := old.errors != nil
	next := &site{files: files, build: old.build, redirects: old.redirects}
	if old.files == nil || len(diff) > 0 {
		next.build++
		next.redirects = parseRedirects(files["_redirects"])
	}
	s.site.Store(next)
	elapsed := r.elapsed.Round(time.Millisecond)
	switch {
	case old.files != nil && len(diff) == 0:
		s.log.printf("rebuilt %s in %s: no output changed", what, elapsed)
		if wasBroken {
			s.hub.send(okEvent())
		}
	case old.files == nil:
		s.log.printf("built %d files in %s", len(files), elapsed)
		if wasBroken {
			s.hub.send(okEvent())
		}
		s.hub.send(reloadEvent(next.build))
	default:
		s.log.printf("rebuilt %s in %s: %d %s changed", what, elapsed, len(diff), plural(len(diff), "file", "files"))
		if wasBroken {
			s.hub.send(okEvent())
		}
		if swap, ok := cssOnly(changed, diff, old.files, files); ok {
			s.hub.send(cssEvent(next.build, swap))
		} else {
			s.hub.send(reloadEvent(next.build))
		}
	}
}

// errorLines splits err into one message per error.
func errorLines(err error) []string {
	var lines []string
	var walk func(error)
	walk = func(err error) {
		if m, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range m.Unwrap() {
				if e != nil {
					walk(e)
				}
			}
			return
		}
		for line := range strings.SplitSeq(err.Error(), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				lines = append(lines, line)
			}
		}
	}
	walk(err)
	if len(lines) == 0 {
		lines = []string{"the build failed without a message"}
	}
	return lines
}

// diffOutputs lists the paths added, removed or changed from a to b.
func diffOutputs(a, b Output) []string {
	var diff []string
	for p, data := range b {
		if old, ok := a[p]; !ok || !bytes.Equal(old, data) {
			diff = append(diff, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			diff = append(diff, p)
		}
	}
	slices.Sort(diff)
	return diff
}

// diffPaths is diffOutputs for outputs that differ at most at the paths d
// names.
func diffPaths(a, b Output, d *delta) []string {
	var diff []string
	for _, p := range d.written {
		if old, ok := a[p]; !ok || !bytes.Equal(old, b[p]) {
			diff = append(diff, p)
		}
	}
	for _, p := range d.removed {
		if _, ok := b[p]; !ok {
			if _, was := a[p]; was {
				diff = append(diff, p)
			}
		}
	}
	slices.Sort(diff)
	return slices.Compact(diff)
}

// fingerprint matches an asset name with a content hash: style.1a2b3c4d.css.
var fingerprint = regexp.MustCompile(`^(.*)\.[0-9a-f]{6,64}(\.css)$`)

// cssOnly reports whether a rebuild changed only stylesheets, and which
// stylesheet URLs the pages should swap: the sources that changed are all
// .css files, and the output changed only in .css files and in HTML pages
// (which link the new fingerprinted names).
func cssOnly(changed, diff []string, old, cur Output) ([]cssSwap, bool) {
	if len(changed) == 0 {
		return nil, false
	}
	for _, p := range changed {
		if path.Ext(p) != ".css" {
			return nil, false
		}
	}
	removed := map[string]string{} // unfingerprinted name → old path
	var added []string
	for _, p := range diff {
		switch path.Ext(p) {
		case ".html":
			continue
		case ".css":
		default:
			return nil, false
		}
		_, inOld := old[p]
		_, inNew := cur[p]
		switch {
		case inOld && inNew: // same name, new bytes: reload it under a new query
			added = append(added, p)
			removed[p] = p
		case inOld:
			removed[stem(p)] = p
		default:
			added = append(added, p)
		}
	}
	var swap []cssSwap
	for _, p := range added {
		from, ok := removed[p]
		if !ok {
			from, ok = removed[stem(p)]
		}
		if !ok {
			return nil, false // a new stylesheet: the pages must load it
		}
		to := "/" + p
		if from == p {
			to += "?" + strconv.FormatInt(time.Now().UnixNano(), 36)
		}
		swap = append(swap, cssSwap{From: "/" + from, To: to})
	}
	if len(swap) == 0 {
		return nil, false
	}
	return swap, true
}

func stem(p string) string {
	if m := fingerprint.FindStringSubmatch(p); m != nil {
		return m[1] + m[2]
	}
	return p
}

// parseRedirects reads a Netlify-style _redirects file: "from to [status]".
func parseRedirects(data []byte) map[string]string {
	if len(data) == 0 {
		return nil
	}
	m := map[string]string{}
	for line := range strings.SplitSeq(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") || !strings.HasPrefix(f[0], "/") {
			continue
		}
		m[f[0]] = f[1]
	}
	return m
}

func summarizePaths(paths []string) string {
	switch len(paths) {
	case 0:
		return "nothing"
	case 1:
		return paths[0]
	case 2:
		return paths[0] + " and " + paths[1]
	}
	return fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// logger serializes lines written from several goroutines.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *logger) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", args...)
}
