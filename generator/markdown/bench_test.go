package markdown

import (
	"bytes"
	"fmt"
	"strconv"
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

// BenchmarkConvert converts a 5,000-word policy: with no section kept, so
// every section is rendered ("cold"); and as the next version of
// one already converted, with one paragraph edited ("next version"), as a
// build converts most versions.
func BenchmarkConvert(b *testing.B) {
	src := benchDocument(5000)
	opts := Options{File: "p.md", Numbering: true, Resolve: testResolve, BySection: true}
	doc, errs := New(Config{}).Convert([]byte(src), opts)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	b.Run("cold", func(b *testing.B) {
		c := New(Config{})
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			c.sections.m = nil
			c.Convert([]byte(src), opts)
		}
		b.ReportMetric(float64(doc.Words), "words")
	})
	b.Run("next version", func(b *testing.B) {
		c := New(Config{})
		c.Convert([]byte(src), opts)
		sections := strings.Count(src, "## Section ")
		b.SetBytes(int64(len(src)))
		i := 0
		for b.Loop() {
			i++
			// A new edit each time, in one section.
			heading := fmt.Sprintf("## Section %d: What We Collect\n\nWe", i%sections+1)
			edited := strings.Replace(src, heading, heading+" "+strconv.Itoa(i), 1)
			if _, errs := c.Convert([]byte(edited), opts); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	})
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
