package publish

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// benchPage returns a synthetic policy page of about the size and shape
// the default theme writes: an indented document with a header, a table
// of contents, sections of paragraphs, lists and a table, and a footer.
func benchPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Privacy Policy — Acme Cloud Legal Center</title>
    <link rel="stylesheet" href="/assets/style.css">
    <link rel="alternate" type="application/atom+xml" href="/privacy/atom.xml" title="Privacy Policy changes">
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header">
      <nav aria-label="Site">
        <ul>
          <li><a href="/">Policies</a></li>
          <li><a href="/changes/">Changes</a></li>
        </ul>
      </nav>
    </header>
    <main id="main">
      <h1>Privacy Policy</h1>
      <p class="status">In force since <time datetime="2024-05-15">15 May 2024</time>.</p>
`)
	for s := 1; s <= 12; s++ {
		fmt.Fprintf(&b, `      <section aria-labelledby="section-%d">
        <h2 id="section-%d"><span class="number">%d.</span> Section %d about personal data</h2>
`, s, s, s, s)
		for p := 0; p < 3; p++ {
			fmt.Fprintf(&b, `        <p>
          We, Acme Cloud, Inc., process <em>personal data</em> %d.%d only for the purposes described in this policy,
          in accordance with applicable data protection law, and subject to appropriate safeguards. See
          <a href="#section-%d">section %d</a> or <a href="https://example.com/notice/%d">our notice</a>.
        </p>
`, s, p, (s%12)+1, (s%12)+1, s)
		}
		b.WriteString("        <ul>\n")
		for i := 0; i < 5; i++ {
			fmt.Fprintf(&b, "          <li>Identifiers such as your name, email address and account number (%d.%d).</li>\n", s, i)
		}
		b.WriteString("        </ul>\n")
		if s%4 == 0 {
			b.WriteString("        <table>\n          <thead>\n            <tr><th scope=\"col\">Category</th><th scope=\"col\">Retention</th><th scope=\"col\">Purpose</th></tr>\n          </thead>\n          <tbody>\n")
			for i := 0; i < 6; i++ {
				fmt.Fprintf(&b, "            <tr><td>Category %d</td><td>%d months</td><td>Providing the service</td></tr>\n", i, 6*(i+1))
			}
			b.WriteString("          </tbody>\n        </table>\n")
		}
		b.WriteString("      </section>\n")
	}
	fmt.Fprintf(&b, `    </main>
    <footer class="site-footer">
      <p>Acme Cloud, Inc. · page %d · <a href="/privacy/history/">All versions</a></p>
    </footer>
  </body>
</html>
`, n)
	return []byte(b.String())
}

func BenchmarkMinifyHTML(b *testing.B) {
	m := NewMinifier()
	page := benchPage(0)
	var buf bytes.Buffer
	out, err := m.Minify(&buf, "index.html", page)
	if err != nil {
		b.Fatal(err)
	}
	ratio := float64(len(out)) / float64(len(page))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Minify(&buf, "index.html", page); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ratio, "out/in")
}

// BenchmarkCompactHTML is BenchmarkMinifyHTML's page compacted, as the
// writer does with the built-in themes' pages.
func BenchmarkCompactHTML(b *testing.B) {
	page := benchPage(0)
	out := Compact(nil, page)
	ratio := float64(len(out)) / float64(len(page))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		out = Compact(out[:0], page)
	}
	b.ReportMetric(ratio, "out/in")
}

// BenchmarkWrite writes 500 pages into a new destination and swaps it
// into place, replacing the previous build: html minifies each page as
// the build does; raw writes the same bytes as .txt, which passes through
// the minifier untouched, to time the file system alone.
func BenchmarkWrite(b *testing.B) {
	const pages = 500
	data := make([][]byte, pages)
	var size int64
	for i := range data {
		data[i] = benchPage(i)
		size += int64(len(data[i]))
	}
	for _, ext := range []string{"html", "txt"} {
		name := ext
		if ext == "txt" {
			name = "raw"
		}
		b.Run(name, func(b *testing.B) {
			dest := filepath.Join(b.TempDir(), "public")
			m := NewMinifier()
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				w, err := Begin(dest, m)
				if err != nil {
					b.Fatal(err)
				}
				for i, page := range data {
					if err := w.Write(fmt.Sprintf("policy-%d/%d/index.%s", i/10, i%10, ext), page); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Commit(nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
