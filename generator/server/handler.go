package server

import (
	"bytes"
	"embed"
	"html"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// client holds the files the server adds to every page.
//
//go:embed client/livereload.js client/overlay.css
var clientFiles embed.FS

// prefix is where the server's own files live.
const prefix = "/_policysite/"

// Handler answers requests from the last good output, plus the live-reload
// script, overlay stylesheet and event stream under /_policysite/.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range s.cfg.Headers {
		h.Set(kv[0], kv[1])
	}
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !safePath(r) {
		http.Error(w, "bad request path", http.StatusBadRequest)
		return
	}
	p := r.URL.Path
	if strings.HasPrefix(p, prefix) {
		s.serveOwn(w, r, strings.TrimPrefix(p, prefix))
		return
	}
	st := s.site.Load()
	if st.files == nil {
		s.serveBroken(w, r, st)
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if data, ok := st.files[name]; ok && !private(name) {
		s.serveFile(w, r, st, name, data, http.StatusOK)
		return
	}
	if to, ok := st.redirects[p]; ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	if _, ok := st.files[name+"/index.html"]; ok && !strings.HasSuffix(p, "/") {
		to := r.URL.EscapedPath() + "/"
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	if data, ok := st.files["404.html"]; ok {
		s.serveFile(w, r, st, "404.html", data, http.StatusNotFound)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// safePath refuses request paths that try to leave the output or that no
// generated file can have: "..", backslashes, NUL and other control
// characters, encoded dots, slashes and backslashes, and doubled slashes
// (which would make an absolute path).
func safePath(r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
		return false
	}
	for _, c := range []byte(p) {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	raw := strings.ToLower(r.URL.EscapedPath() + "?" + r.URL.RawQuery)
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00"} {
		if strings.Contains(raw, bad) {
			return false
		}
	}
	return true
}

// private reports whether an output file is deployment metadata that a
// host reads but never serves.
func private(name string) bool { return name == "_headers" || name == "_redirects" }

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *site, name string, data []byte, status int) {
	ctype := contentType(name)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		head, tail := splitHead(data)
		tag := s.tags(st.build)
		write(w, r, status, head, tag, tail)
		return
	}
	write(w, r, status, data)
}

// write sends the parts as one body, or only the headers for HEAD.
func write(w http.ResponseWriter, r *http.Request, status int, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}

// tags are what every HTML page gets before </head>.
func (s *Server) tags(build uint64) []byte {
	return []byte(`<link rel="stylesheet" href="` + prefix + `overlay.css">` +
		`<script src="` + prefix + `livereload.js" data-build="` + strconv.FormatUint(build, 10) + `" defer></script>`)
}

// splitHead splits an HTML page where the live-reload tags go: before
// </head>, else before </body>, else at the end.
func splitHead(data []byte) (head, tail []byte) {
	for _, end := range []string{"</head", "</body"} {
		if i := indexFold(data, end); i >= 0 {
			return data[:i], data[i:]
		}
	}
	return data, nil
}

// indexFold is bytes.Index ignoring ASCII case.
func indexFold(data []byte, sep string) int {
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '<')
		if i < 0 {
			return -1
		}
		i += off
		if i+len(sep) <= len(data) && strings.EqualFold(string(data[i:i+len(sep)]), sep) {
			return i
		}
		off = i + 1
	}
}

// contentTypes are fixed here rather than read from the system's MIME
// tables, so that every machine serves the same types.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".pdf":         "application/pdf",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveOwn serves the server's files under /_policysite/.
func (s *Server) serveOwn(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "events":
		s.serveEvents(w, r)
		return
	case "livereload.js", "overlay.css":
		data, err := clientFiles.ReadFile("client/" + name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType(name))
		write(w, r, http.StatusOK, data)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// serveBroken answers every page request while the site has never built:
// a plain page listing the errors, which reloads once the site builds.
func (s *Server) serveBroken(w http.ResponseWriter, r *http.Request, st *site) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>The site does not build · policysite</title>
</head>
<body class="policysite-broken">
<main>
<h1>The site does not build yet</h1>
`)
	if len(st.errors) == 0 {
		b.WriteString("<p>Building…</p>\n")
	} else {
		b.WriteString("<p>Fix these errors; this page reloads by itself once the site builds.</p>\n<ul>\n")
		for _, e := range st.errors {
			b.WriteString("<li><code>" + html.EscapeString(e) + "</code></li>\n")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	w.Header().Set("Content-Type", contentTypes[".html"])
	w.Header().Set("Retry-After", "1")
	head, tail := splitHead([]byte(b.String()))
	write(w, r, http.StatusServiceUnavailable, head, s.tags(st.build), tail)
}

// serveEvents streams live-reload events until the client leaves or the
// server stops.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	c := s.hub.subscribe()
	if c == nil {
		http.Error(w, "server stopping", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(c)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := w.Write([]byte("retry: 1000\n\n")); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(s.heartbeat)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case m, ok := <-c.send:
			if !ok {
				return
			}
			msg = m
		case <-tick.C:
			msg = []byte(": ping\n\n")
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}
