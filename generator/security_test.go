package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// findInline returns the first thing in an HTML page that a strict
// Content-Security-Policy (no 'unsafe-inline') would block, or that
// content must never produce: an inline or foreign script, a style element
// or attribute, an event handler attribute, a javascript: URL, or an
// element smuggled in from content text (img, iframe, object). Markup
// inside attribute values and text is harmless and allowed.
func findInline(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.TextToken:
			if inScript && strings.TrimSpace(string(z.Text())) != "" {
				return "inline script " + string(z.Text())
			}
		case html.EndTagToken:
			inScript = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			switch tag {
			case "style", "iframe", "object", "embed", "img":
				return "<" + tag + "> element"
			}
			src := ""
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				key, val := string(k), strings.ToLower(strings.TrimSpace(string(v)))
				switch {
				case key == "style":
					return "style attribute on <" + tag + ">"
				case strings.HasPrefix(key, "on"):
					return key + " attribute on <" + tag + ">"
				case (key == "href" || key == "src" || key == "action") && strings.HasPrefix(val, "javascript:"):
					return "javascript: URL"
				case key == "src":
					src = val
				}
			}
			if tag == "script" {
				if src == "" || strings.Contains(src, "//") {
					return "script without a same-site src"
				}
				inScript = true
			}
		}
	}
}

func scanInline(t *testing.T, dest string) {
	t.Helper()
	n := 0
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		n++
		data, _ := os.ReadFile(p)
		if m := findInline(data); m != "" {
			rel, _ := filepath.Rel(dest, p)
			t.Errorf("%s: %s", rel, m)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("no HTML files scanned")
	}
}

func TestNoInlineCode(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	scanInline(t, dest)
	headers, err := os.ReadFile(filepath.Join(dest, "_headers"))
	if err != nil || !strings.Contains(string(headers), "Content-Security-Policy: default-src 'none'") || strings.Contains(string(headers), "unsafe-inline") {
		t.Errorf("_headers lacks the strict CSP: %v\n%s", err, headers)
	}
	redirects, err := os.ReadFile(filepath.Join(dest, "_redirects"))
	if err != nil || string(redirects) != "/privacy-policy/ /privacy/ 301\n" {
		t.Errorf("_redirects = %q, %v", redirects, err)
	}
}

// TestHostileTextEscaped puts markup in every field a site author controls
// and requires it to come out as text in HTML, feeds and JSON.
func TestHostileTextEscaped(t *testing.T) {
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	// An e-mail must be an address; these characters may stand in one.
	const evilEmail = `o'neil&co@x.example`
	dir := t.TempDir()
	write := func(name, text string) { writeFile(t, dir, name, text) }
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	write("site.yaml", "title: "+q(evil)+"\nbase_url: https://x.example/\nsubscribe_url: "+q("javascript:alert(3)")+"\nentities:\n  e:\n    name: "+q(evil)+"\n    address: "+q(evil)+"\n    email: "+q(evilEmail)+"\n")
	write("content/privacy/2024-01-01.md", "---\ntitle: "+q(evil)+"\neffective: 2024-01-01\nsummary: "+q(evil)+"\n---\n\n## Scope\n\n{{ entity.name }} says <script>alert(4)</script> [click](javascript:alert(5))\n")
	write("content/privacy/2025-01-01.md", "---\ntitle: "+q(evil)+"\neffective: 2025-01-01\nsummary: "+q(evil)+"\n---\n\n## Scope\n\n{{ entity.name }} now says <b onmouseover=alert(6)>hi</b>\n")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: mustDate("2025-06-01")}); err != nil {
		t.Fatal(err)
	}
	scanInline(t, dest)
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dest, p)
		switch filepath.Ext(p) {
		case ".xml":
			// Feeds: well-formed, and the markup only inside escaped text.
			dec := xml.NewDecoder(strings.NewReader(string(data)))
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s is not well-formed: %v", rel, err)
					break
				}
				if el, ok := tok.(xml.StartElement); ok && (el.Name.Local == "script" || el.Name.Local == "img") {
					t.Errorf("%s has a <%s> element", rel, el.Name.Local)
				}
			}
		case ".json":
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", rel)
			}
		case ".html":
			if strings.Contains(string(data), "alert(5)") {
				t.Errorf("%s kept the javascript: link", rel)
			}
		}
		return nil
	})
}
