package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// benchDocument generates a policy of about the given number of words,
// with headings, lists, a table, links and placeholders.
func benchDocument(words int) string {
	var b strings.Builder
	n := 0
	for s := 1; n < words; s++ {
		fmt.Fprintf(&b, "## Section %d: What We Collect\n\n", s)
		fmt.Fprintf(&b, "We, {{ entity.name }}, collect *personal data* when you use our services, as described in [our notice](https://example.com/notice/%d). "+
			"Contact {{ entity.email }} with questions about this section and your rights under applicable law.\n\n", s)
		b.WriteString("### Categories\n\n")
		b.WriteString("- Identifiers such as your name, e-mail address and account number.\n")
		b.WriteString("- Usage data, including pages visited and the time spent on them.\n")
		b.WriteString("  - Device information such as browser type and operating system.\n\n")
		b.WriteString("| Category | Retention | Purpose |\n|---|---|---|\n")
		b.WriteString("| Identifiers | 24 months | Providing the service |\n| Usage data | 12 months | Improving the service |\n\n")
		b.WriteString("> We never sell your personal data to third parties for money.\n\n")
		n += 93 // words per section, as Convert counts them
	}
	return b.String()
}

func BenchmarkConvert(b *testing.B) {
	src := []byte(benchDocument(5000))
	opts := Options{File: "p.md", Numbering: true, Resolve: testResolve}
	doc, errs := safe.Convert(src, opts)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		safe.Convert(src, opts)
	}
	b.ReportMetric(float64(doc.Words), "words")
}

// BenchmarkGoldmark converts the same document with goldmark alone and the
// same GFM extensions, as a yardstick for what the dialect adds.
func BenchmarkGoldmark(b *testing.B) {
	src := []byte(benchDocument(5000))
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	var buf bytes.Buffer
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		buf.Reset()
		if err := md.Convert(src, &buf); err != nil {
			b.Fatal(err)
		}
	}
}
