package linkcheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBroken(t *testing.T) {
	s := New("https://legal.example.com/legal/")
	s.Add("index.html", []byte(`<a href="/legal/privacy/">ok</a><a href="/legal/privacy/#scope">ok</a>
<a href="/legal/terms/">missing page</a><a href="/legal/privacy/#nope">missing id</a>
<a href="#top">own id</a><a href="#gone">own missing</a><a href="/elsewhere/">outside</a>
<a href="https://example.com/x">external</a><a href="https://legal.example.com/legal/privacy/">own absolute</a><a href="mailto:a@b.example">mail</a><p id="top"></p>`))
	s.Add("privacy/index.html", []byte(`<h2 id="scope">Scope</h2><a href="../">up</a><a href="history/">rel missing</a>`))
	var got []string
	for _, b := range s.Broken() {
		got = append(got, b.String())
	}
	want := []string{
		`index.html: broken link #gone (no id "gone" on index.html)`,
		`index.html: broken link /elsewhere/ (outside the site's base path /legal/)`,
		`index.html: broken link /legal/privacy/#nope (no id "nope" on privacy/index.html)`,
		`index.html: broken link /legal/terms/ (no such file terms/index.html)`,
		`privacy/index.html: broken link history/ (no such file privacy/history/index.html)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if ext := s.External(); !slices.Equal(ext, []string{"https://example.com/x"}) {
		t.Errorf("external = %q", ext)
	}
}

func TestCheckExternal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
		case "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/slow":
			time.Sleep(300 * time.Millisecond)
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	urls := []string{srv.URL + "/ok", srv.URL + "/nohead", srv.URL + "/gone", srv.URL + "/slow", srv.URL + "/moved"}
	dead := CheckExternal(context.Background(), urls, ExternalOptions{Timeout: 100 * time.Millisecond})
	var got []string
	for _, d := range dead {
		got = append(got, strings.TrimPrefix(d.URL, srv.URL)+": "+d.Reason)
	}
	want := []string{"/gone: HTTP 404 Not Found", "/slow: no answer within 100ms"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
