package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func BenchmarkBaseline(b *testing.B) {
	src := []byte(benchDocument(5000))
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		md.Convert(src, &buf)
	}
}
