// Package pdf prints web pages to PDF with a local headless Chromium. It
// has one job — an HTML page's URL in, PDF bytes out — and speaks the
// Chrome DevTools Protocol itself, over a minimal WebSocket client, so it
// needs nothing but the standard library and a Chromium binary.
//
//	path, err := pdf.Find(flagPath, os.Getenv) // --chromium, $CHROMIUM, /usr/bin/chromium, PATH
//	b, err := pdf.Launch(ctx, path)            // headless, a throw-away profile, DevTools on 127.0.0.1
//	defer b.Close()
//	data, err := b.Print(ctx, "http://127.0.0.1:8080/privacy/print/", pdf.Options{Paper: pdf.A4, …})
//
// Chromium ignores CSS Paged Media margin boxes filled with string(), so
// running headers and page numbers come from Options.Header and
// Options.Footer: Chromium's header/footer templates, HTML in which
// elements of class date, title, url, pageNumber and totalPages are
// filled in.
package pdf

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Paper is a sheet size in inches.
type Paper struct {
	Name          string
	Width, Height float64
}

// The paper sizes "policysite pdf --paper" offers.
var (
	A4     = Paper{Name: "A4", Width: 8.27, Height: 11.69}
	Letter = Paper{Name: "Letter", Width: 8.5, Height: 11}
)

// PaperNamed returns the paper called name (A4 or Letter, any case).
func PaperNamed(name string) (Paper, bool) {
	for _, p := range []Paper{A4, Letter} {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Paper{}, false
}

// Options say how to print a page.
type Options struct {
	Paper  Paper   // default A4
	Margin float64 // inches on every side, default 0.75; room for header and footer
	// Header and Footer are Chromium header/footer templates: HTML with
	// inline styles, where elements of class pageNumber, totalPages,
	// title, url and date are filled in. Empty means none.
	Header, Footer string
}

// NotFoundError says that no Chromium was found, where it was looked for
// and how to get one.
type NotFoundError struct{ Tried []string }

func (e *NotFoundError) Error() string {
	return "no Chromium found (looked for " + strings.Join(e.Tried, ", ") + "); " +
		"install one — on Debian or Ubuntu: sudo apt-get install chromium — " +
		"or name one with --chromium PATH or the CHROMIUM environment variable"
}

// candidates are the browsers Find looks for in PATH, in order.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the Chromium to use: explicit when given (a --chromium
// flag), else $CHROMIUM, else /usr/bin/chromium, else the first of
// chromium, chromium-browser and google-chrome in PATH.
func Find(explicit string, getenv func(string) string) (string, error) {
	check := func(p string) (string, error) {
		if strings.ContainsRune(p, os.PathSeparator) {
			st, err := os.Stat(p)
			if err != nil {
				return "", err
			}
			if st.IsDir() || st.Mode()&0o111 == 0 {
				return "", fmt.Errorf("%s is not an executable file", p)
			}
			return p, nil
		}
		return exec.LookPath(p)
	}
	if explicit != "" {
		p, err := check(explicit)
		if err != nil {
			return "", fmt.Errorf("--chromium %s: %w", explicit, err)
		}
		return p, nil
	}
	if env := getenv("CHROMIUM"); env != "" {
		p, err := check(env)
		if err != nil {
			return "", fmt.Errorf("CHROMIUM=%s: %w", env, err)
		}
		return p, nil
	}
	tried := []string{"--chromium", "$CHROMIUM", "/usr/bin/chromium"}
	if p, err := check("/usr/bin/chromium"); err == nil {
		return p, nil
	}
	for _, c := range candidates {
		tried = append(tried, c+" in PATH")
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", &NotFoundError{Tried: tried}
}

// Browser is a running headless Chromium with a DevTools connection.
type Browser struct {
	cmd     *exec.Cmd
	profile string // the throw-away user data folder
	exited  chan struct{}
	ws      *wsConn
	mu      sync.Mutex // one DevTools exchange at a time
	nextID  int
	events  []message // events read while waiting for something else
	stderr  *tail
}

// startTimeout bounds how long Chromium may take to open its DevTools
// port, pageTimeout how long it may take to load and print one page.
const (
	startTimeout = 30 * time.Second
	pageTimeout  = 2 * time.Minute
)

// Launch starts Chromium headless with a fresh profile and connects to
// its DevTools endpoint on 127.0.0.1.
func Launch(ctx context.Context, chromium string) (*Browser, error) {
	profile, err := os.MkdirTemp("", "policysite-chromium-")
	if err != nil {
		return nil, err
	}
	b := &Browser{profile: profile, exited: make(chan struct{}), stderr: &tail{}}
	pr, pw, err := os.Pipe()
	if err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	b.cmd = exec.Command(chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+profile,
		"--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"about:blank")
	b.cmd.Stdout = io.Discard
	b.cmd.Stderr = pw
	ownGroup(b.cmd)
	if err := b.cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("starting %s: %w", chromium, err)
	}
	pw.Close()
	go func() {
		b.cmd.Wait()
		close(b.exited)
	}()

	found := make(chan string, 1)
	go func() {
		defer pr.Close()
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, "DevTools listening on "); ok {
				select {
				case found <- strings.TrimSpace(rest):
				default:
				}
				continue
			}
			b.stderr.add(line)
		}
		// Chromium's child processes may hold the pipe open; reading to
		// the end keeps it from blocking on a full pipe.
	}()

	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	var wsURL string
	select {
	case wsURL = <-found:
	case <-b.exited:
		b.cleanup()
		return nil, fmt.Errorf("%s exited before opening its DevTools port%s", chromium, b.stderr.String())
	case <-timer.C:
		b.kill()
		return nil, fmt.Errorf("%s did not open its DevTools port within %s%s", chromium, startTimeout, b.stderr.String())
	case <-ctx.Done():
		b.kill()
		return nil, ctx.Err()
	}
	addr, err := hostPort(wsURL)
	if err == nil {
		var conn net.Conn
		d := net.Dialer{Timeout: 10 * time.Second}
		if conn, err = d.DialContext(ctx, "tcp", addr); err == nil {
			if b.ws, err = wsDial(conn, wsURL); err != nil {
				conn.Close()
			}
		}
	}
	if err != nil {
		b.kill()
		return nil, fmt.Errorf("connecting to Chromium's DevTools at %s: %w", wsURL, err)
	}
	return b, nil
}

// Close shuts Chromium down and removes its profile.
func (b *Browser) Close() error {
	if b.ws != nil {
		b.mu.Lock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = b.callLocked(ctx, "", "Browser.close", nil, nil)
		cancel()
		b.ws.Close()
		b.mu.Unlock()
	}
	select {
	case <-b.exited:
	case <-time.After(5 * time.Second):
	}
	b.kill()
	return nil
}

// kill ends Chromium (and its helper processes) and removes the profile.
func (b *Browser) kill() {
	// Even after Chromium itself has exited, a helper may linger in its
	// process group.
	killGroup(b.cmd)
	select {
	case <-b.exited:
	case <-time.After(5 * time.Second):
	}
	b.cleanup()
}

func (b *Browser) cleanup() {
	// Chromium may still be writing its profile as it exits; try again.
	for range 5 {
		if err := os.RemoveAll(b.profile); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Print loads url in a new tab, waits for its load event and prints it.
func (b *Browser) Print(ctx context.Context, url string, opts Options) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	b.mu.Lock()
	defer b.mu.Unlock()
	if opts.Paper.Width == 0 {
		opts.Paper = A4
	}
	if opts.Margin == 0 {
		opts.Margin = 0.75
	}
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.callLocked(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.callLocked(cctx, "", "Target.closeTarget", map[string]any{"targetId": target.TargetID}, nil)
	}()
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.callLocked(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return nil, err
	}
	s := attached.SessionID
	defer b.dropEvents(s)
	if err := b.callLocked(ctx, s, "Page.enable", nil, nil); err != nil {
		return nil, err
	}
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := b.callLocked(ctx, s, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("loading %s: %s", url, nav.ErrorText)
	}
	if err := b.waitEventLocked(ctx, s, "Page.loadEventFired"); err != nil {
		return nil, fmt.Errorf("loading %s: %w", url, err)
	}
	var printed struct {
		Data string `json:"data"`
	}
	err := b.callLocked(ctx, s, "Page.printToPDF", map[string]any{
		"paperWidth":              opts.Paper.Width,
		"paperHeight":             opts.Paper.Height,
		"marginTop":               opts.Margin,
		"marginBottom":            opts.Margin,
		"marginLeft":              opts.Margin,
		"marginRight":             opts.Margin,
		"displayHeaderFooter":     opts.Header != "" || opts.Footer != "",
		"headerTemplate":          orEmptySpan(opts.Header),
		"footerTemplate":          orEmptySpan(opts.Footer),
		"preferCSSPageSize":       false,
		"printBackground":         true,
		"generateTaggedPDF":       true,
		"generateDocumentOutline": true,
	}, &printed)
	if err != nil {
		return nil, fmt.Errorf("printing %s: %w", url, err)
	}
	data, err := base64.StdEncoding.DecodeString(printed.Data)
	if err != nil {
		return nil, fmt.Errorf("printing %s: decoding the PDF: %w", url, err)
	}
	return data, nil
}

// orEmptySpan keeps Chromium from printing its default header or footer
// (date, title, URL) where the caller wants none.
func orEmptySpan(tmpl string) string {
	if tmpl == "" {
		return "<span></span>"
	}
	return tmpl
}

// message is a DevTools protocol message in either direction.
type message struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    any             `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// watch makes reads and writes on the connection give up when ctx ends.
func (b *Browser) watch(ctx context.Context) (stop func() bool) {
	if dl, ok := ctx.Deadline(); ok {
		b.ws.conn.SetDeadline(dl)
	} else {
		b.ws.conn.SetDeadline(time.Time{})
	}
	return context.AfterFunc(ctx, func() { b.ws.conn.SetDeadline(time.Unix(1, 0)) })
}

func (b *Browser) ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("Chromium did not answer in time: %w", err)
	}
	return err
}

// callLocked sends one command and waits for its answer, keeping the
// events that arrive meanwhile.
func (b *Browser) callLocked(ctx context.Context, session, method string, params, result any) error {
	stop := b.watch(ctx)
	defer stop()
	b.nextID++
	id := b.nextID
	out, err := json.Marshal(message{ID: id, SessionID: session, Method: method, Params: params})
	if err != nil {
		return err
	}
	if err := b.ws.WriteText(out); err != nil {
		return b.ctxErr(ctx, fmt.Errorf("%s: %w", method, err))
	}
	for {
		m, err := b.read()
		if err != nil {
			return b.ctxErr(ctx, fmt.Errorf("%s: %w", method, err))
		}
		if m.ID == 0 {
			b.events = append(b.events, m)
			continue
		}
		if m.ID != id {
			continue // the answer to a command given up on earlier
		}
		if m.Error != nil {
			return fmt.Errorf("%s: %s (DevTools error %d)", method, m.Error.Message, m.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	}
}

// waitEventLocked waits for the event method of session.
func (b *Browser) waitEventLocked(ctx context.Context, session, method string) error {
	for i, e := range b.events {
		if e.SessionID == session && e.Method == method {
			b.events = append(b.events[:i], b.events[i+1:]...)
			return nil
		}
	}
	stop := b.watch(ctx)
	defer stop()
	for {
		m, err := b.read()
		if err != nil {
			return b.ctxErr(ctx, err)
		}
		if m.ID == 0 && m.SessionID == session && m.Method == method {
			return nil
		}
		if m.ID == 0 {
			b.events = append(b.events, m)
		}
	}
}

// dropEvents forgets the events of a closed session.
func (b *Browser) dropEvents(session string) {
	kept := b.events[:0]
	for _, e := range b.events {
		if e.SessionID != session {
			kept = append(kept, e)
		}
	}
	b.events = kept
}

func (b *Browser) read() (message, error) {
	var m message
	data, err := b.ws.ReadMessage()
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("reading a DevTools message: %w", err)
	}
	return m, nil
}

// tail keeps the last lines Chromium wrote to stderr, for error messages.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > 10 {
		t.lines = t.lines[len(t.lines)-10:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.lines) == 0 {
		return ""
	}
	return "; it said:\n\t" + strings.Join(t.lines, "\n\t")
}
