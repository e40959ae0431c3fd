package markdown

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/policysite/policysite/generator/model"
)

// plain returns the plain text of n's inline content, whitespace collapsed.
func (st *docState) plain(n ast.Node) string {
	st.raw = st.appendPlain(st.raw[:0], n)
	st.text = appendCollapsed(st.text[:0], st.raw)
	return string(st.text)
}

// appendPlain appends the text a reader sees of n's inline content:
// Markdown syntax removed, escapes and entities resolved, placeholders
// resolved, line breaks as spaces, section numbers left out. On the way it
// notes the links it meets in st.pending; it is called once for each
// block's inline content.
func (st *docState) appendPlain(b []byte, n ast.Node) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(st.src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b = append(b, v...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, c.Value...)
		case *placeholderNode:
			b = append(b, c.Value...)
		case *secNum:
		case *ast.AutoLink:
			u := c.URL(st.src)
			if c.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(u, "mailto:") {
				u = append([]byte("mailto:"), u...)
			}
			st.pending = append(st.pending, linkRec{c, u})
			b = append(b, c.Label(st.src)...)
		case *ast.Link:
			st.pending = append(st.pending, linkRec{c, resolveURL(c.Destination)})
			b = st.appendPlain(b, c)
		case *ast.Image:
			st.pending = append(st.pending, linkRec{c, resolveURL(c.Destination)})
			b = st.appendPlain(b, c)
		case *ast.RawHTML:
			if !st.unsafe { // shown as text
				for i := range c.Segments.Len() {
					b = append(b, segValue(c.Segments.At(i), st.src)...)
				}
			}
		default:
			b = st.appendPlain(b, c)
		}
	}
	return b
}

// appendCollapsed appends s with every run of ASCII whitespace turned into
// one space and leading and trailing whitespace dropped.
func appendCollapsed(b, s []byte) []byte {
	start := len(b)
	for i := 0; i < len(s); {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		if i == j {
			break
		}
		if len(b) > start {
			b = append(b, ' ')
		}
		b = append(b, s[i:j]...)
		i = j
	}
	return b
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// document assembles the result once the page is rendered into out.
func (st *docState) document(out string) *model.Document {
	var headings []model.Heading
	for _, h := range st.heads {
		if h.node.Level >= 2 {
			headings = append(headings, model.Heading{Level: h.node.Level, ID: h.id, Text: h.text, Number: h.number})
		}
	}
	// The blocks' HTML are substrings of the page, without the newline
	// goldmark writes after a block.
	cut := func(from, to int) string {
		if from < 0 || to > len(out) || from > to {
			return ""
		}
		return strings.TrimRight(out[from:to], "\n")
	}
	words := 0
	for i := range st.blocks {
		b := &st.blocks[i]
		n := st.aux[i].node
		sp := st.spans[n]
		switch b.Kind {
		case model.BlockListItem:
			var h strings.Builder
			h.WriteString("<li>")
			sep := ""
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if !isItemText(c) {
					continue
				}
				h.WriteString(sep)
				sep = "\n"
				if psp := st.spans[c]; c.Kind() == ast.KindParagraph {
					h.WriteString(cut(psp.outerStart, psp.outerEnd))
				} else {
					h.WriteString(cut(psp.innerStart, psp.innerEnd))
				}
			}
			h.WriteString("</li>")
			b.HTML = h.String()
		case model.BlockTableRow:
			b.HTML = "<tr>\n" + cut(sp.innerStart, sp.innerEnd) + "\n</tr>"
		case model.BlockQuote:
			b.HTML = "<blockquote>\n" + cut(sp.outerStart, sp.outerEnd) + "\n</blockquote>"
		default:
			b.HTML = cut(sp.outerStart, sp.outerEnd)
		}
		if b.Kind == model.BlockCode {
			words += countWords(b.Text)
		} else if b.Text != "" { // collapsed: one space between words
			words += strings.Count(b.Text, " ") + 1
		}
	}
	blocks := st.blocks
	if cap(blocks)-len(blocks) > len(blocks)/8 {
		blocks = slices.Clone(blocks) // the slice was sized by a guess
	}
	doc := model.NewDocument(out, blocks)
	doc.Headings, doc.Links, doc.Words = headings, st.links, words
	return doc
}

// segValue is text.Segment.Value for a segment that is not addressable.
func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }
