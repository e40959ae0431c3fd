package linkcheck

import (
	"slices"
	"testing"
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
