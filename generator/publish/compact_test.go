package publish

import (
	"bytes"
	"strings"
	"testing"
)

func minifyHTML(t testing.TB, page []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	out, err := NewMinifier().Minify(&buf, "index.html", bytes.Clone(page))
	if err != nil {
		t.Fatalf("minify: %v", err)
	}
	return bytes.Clone(out)
}

func TestCompact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"blocks", "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n", "<ul><li>a</li><li>b</li></ul>"},
		{"inline spacing kept", "<p><a href=\"/\">one</a>\n<a href=\"/\">two</a> · <b>x</b></p>", "<p><a href=\"/\">one</a>\n<a href=\"/\">two</a> · <b>x</b></p>"},
		{"runs collapse", "<p>a   b \t c\n\n d</p>", "<p>a b c\nd</p>"},
		{"trim at block edges", "<p>  text  </p>", "<p>text</p>"},
		{"past inline end tags", "<li><a>text </a></li>", "<li><a>text</a></li>"},
		{"before inline start tag", "<p>text <a>x</a></p>", "<p>text <a>x</a></p>"},
		{"comments", "<p>a<!-- internal note -->b</p><!-- x -->", "<p>ab</p>"},
		{"what the lexer takes for comments", "<p>a <!x> b<?y> c </ d></p>", "<p>a b c</p>"},
		{"CDATA and </> are text", "<p>a <![CDATA[x]]> b </> c</p>", "<p>a <![CDATA[x]]> b </> c</p>"},
		{"unterminated comment", "<p>a</p><!-- x", "<p>a</p>"},
		{"pre kept", "<pre><code>a\n  b\n</code></pre>\n<p>x</p>", "<pre><code>a\n  b\n</code></pre><p>x</p>"},
		{"entities", "<p>&quot;we&quot; &#43;1 &amp; &lt;b&gt;</p>", "<p>\"we\" +1 & &lt;b></p>"},
		{"attributes as written", "<a title=\"a > b\"   href='x'>\n y</a>", "<a title=\"a > b\"   href='x'>y</a>"},
		{"html/template's escapes in attributes", "<a href=\"tel:&#43;1\" title=\"it&#39;s\" data-x='&#39;'>x</a>", "<a href=\"tel:+1\" title=\"it's\" data-x='&#39;'>x</a>"},
		{"empty phrasing element keeps the space after it", "<p><i class=\"icon\"></i> text</p>", "<p><i class=\"icon\"></i> text</p>"},
		{"end tag tidied", "<p>x</p  >", "<p>x</p>"},
		{"doctype", "<!DOCTYPE html>\n<html>\n<head>\n<title>  A  title </title>\n</head></html>", "<!doctype html><html><head><title>A title</title></head></html>"},
		{"raw text", "<textarea>\n a  b </textarea> <script>if (a < b) {}</script>", "<textarea>\n a  b </textarea> <script>if (a < b) {}</script>"},
		{"less-than in text", "<p>a < b and 1<2</p>", "<p>a < b and 1<2</p>"},
		{"br", "<p>a<br>\nb</p>", "<p>a<br>b</p>"},
		{"object tag keeps space after", "<p><img src=x> text</p>", "<p><img src=x> text</p>"},
		{"end of input", "<p>x</p>\n", "<p>x</p>"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Compact(nil, []byte(tt.in)))
			if got != tt.want {
				t.Errorf("Compact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			// The property the writer relies on: the minifier makes the
			// same of the compacted page as of the page.
			if m, mc := minifyHTML(t, []byte(tt.in)), minifyHTML(t, []byte(got)); !bytes.Equal(m, mc) {
				t.Errorf("minify(Compact(x)) = %q, minify(x) = %q", mc, m)
			}
		})
	}
}

// TestCompactAppends checks that Compact appends to dst and leaves src.
func TestCompactAppends(t *testing.T) {
	src := []byte("<p> a  b </p>")
	got := Compact([]byte("head:"), src)
	if string(got) != "head:<p>a b</p>" {
		t.Errorf("got %q", got)
	}
	if string(src) != "<p> a  b </p>" {
		t.Errorf("src changed to %q", src)
	}
}

func TestCompactBenchPage(t *testing.T) {
	page := benchPage(1)
	c := Compact(nil, page)
	if m, mc := minifyHTML(t, page), minifyHTML(t, c); !bytes.Equal(m, mc) {
		t.Fatalf("minify(Compact(page)) differs from minify(page)")
	}
	if strings.Count(string(c), "\n") != strings.Count(string(minifyHTML(t, page)), "\n") {
		t.Errorf("Compact left newlines the minifier removes")
	}
}

// FuzzCompact checks Compact against the minifier on HTML made of the
// pieces the built-in themes and the Markdown renderer write.
func FuzzCompact(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"))
	f.Fuzz(func(t *testing.T, choices []byte) {
		var b strings.Builder
		for _, c := range choices {
			b.WriteString(fuzzPieces[int(c)%len(fuzzPieces)])
		}
		in := []byte(b.String())
		m := minifyHTML(t, in)
		if !bytes.Equal(minifyHTML(t, m), m) {
			// The minifier looks at most 100 tokens ahead, so it can make
			// something of its own output: there the property means
			// nothing.
			t.Skip("the minifier is not stable on this input")
		}
		c := Compact(nil, in)
		if mc := minifyHTML(t, c); !bytes.Equal(m, mc) {
			t.Errorf("input %q\ncompact %q\nminify(input)   %q\nminify(compact) %q", in, c, m, mc)
		}
	})
}

var fuzzPieces = []string{
	"<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<a href=\"/x\">", "</a>", "<strong>", "</strong>",
	"<span class=\"n\">", "</span>", "<h2 id=\"s\">", "</h2>", "<br>", "<hr>", "<div>", "</div>",
	"<img src=\"i.png\" alt=\"\">", "<pre>", "</pre>", "<code>", "</code>", "<!-- note -->", "<title>", "</title>",
	"<textarea>", "</textarea>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<del>", "</del>",
	"<ins>", "</ins>", "<details>", "<summary>", "</summary>", "</details>", "<time datetime=\"2024-01-01\">", "</time>",
	"<button>", "</button>", "<a href=\"tel:&#43;1\" title=\"it&#39;s\">", "<i>", "</i>", "<link type=\"application/rss&#43;xml\">",
	" ", "\n", "  ", "\t", "\n  ", "word", "two words", "&quot;", "&#43;", "&amp;", "&lt;", "a < b", ".", "·", "<!x>", "<?y>", "</ z>", "</>", "<svg><b>x</b></svg>",
	"\r\n", "\f", "<br/>", "<P>", "</LI>", "<p class=\"a\" >", "<a title='x > y'>", "<math><mi>x</mi></math>",
}
