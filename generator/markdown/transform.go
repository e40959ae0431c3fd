package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/policysite/policysite/generator/model"
)

// policyDialect is the extension that makes goldmark's output a policy
// document: heading ids and numbers, safe links, scrollable tables, raw
// HTML escaped or passed through, and the leaf blocks for redlines.
type policyDialect struct{ unsafe bool }

func (d *policyDialect) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// After the table extension's transformer (priority 0).
		util.Prioritized(policyTransformer{}, 1000),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		// Lower runs later and wins: over goldmark's HTML renderer (1000)
		// and the table renderer (500).
		util.Prioritized(newPolicyRenderer(d.unsafe), 100),
	))
}

// headRec is a heading of the document, in order.
type headRec struct {
	node   *ast.Heading
	text   string
	id     string
	number string
}

// blockAux is what building a Block needs beyond the Block itself.
type blockAux struct {
	node ast.Node // the node whose rendered span is the block's HTML
	head int      // index into heads of the section's heading, or -1
}

type linkRec struct {
	node ast.Node
	url  []byte
}

type tableRec struct {
	node *east.Table
	head int // preceding heading, or -1
	n    int // 1-based ordinal among the document's tables
}

// policyTransformer walks the parsed document once, collecting headings,
// blocks and tables (and, as it takes the plain text of each block's inline
// content, the links), then assigns heading ids and numbers, makes
// links safe and wraps tables.
type policyTransformer struct{}

func (policyTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return // the dialect used outside Convert
	}
	// A leaf block takes a line or more, and most are followed by a
	// blank line: a guess at the number of blocks.
	guess := bytes.Count(st.src, []byte("\n"))/2 + 1
	st.blocks = make([]model.Block, 0, guess)
	st.aux = make([]blockAux, 0, guess)
	st.slab = make([]span, 0, guess)
	st.spans = make(map[ast.Node]*span, guess)
	var (
		tables []tableRec
		cur    = -1 // current heading
	)
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindHeading:
			h := n.(*ast.Heading)
			t := st.plain(h)
			st.heads = append(st.heads, headRec{node: h, text: t})
			cur = len(st.heads) - 1
			st.addBlock(model.Block{Kind: model.BlockHeading, Level: h.Level, Text: t}, h, cur)
			return ast.WalkSkipChildren, nil
		case ast.KindParagraph, ast.KindTextBlock:
			switch c := container(n); {
			case c == nil:
				st.addBlock(model.Block{Kind: model.BlockParagraph, Text: st.plain(n)}, n, cur)
			case c.Kind() == ast.KindBlockquote:
				st.addBlock(model.Block{Kind: model.BlockQuote, Text: st.plain(n)}, n, cur)
			}
			// A list item's paragraphs belong to the item's block.
			return ast.WalkSkipChildren, nil
		case ast.KindListItem:
			st.raw = st.raw[:0]
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if isItemText(c) {
					st.raw = append(st.appendPlain(st.raw, c), ' ')
					st.spans[c] = st.newSpan()
				}
			}
			st.text = appendCollapsed(st.text[:0], st.raw)
			st.addBlock(model.Block{Kind: model.BlockListItem, Level: listDepth(n), Number: itemNumber(n), Text: string(st.text)}, n, cur)
		case east.KindTableHeader, east.KindTableRow:
			cells := make([]string, 0, n.ChildCount())
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, st.plain(c))
			}
			st.raw = st.raw[:0]
			for _, c := range cells {
				st.raw = append(append(st.raw, c...), ' ')
			}
			st.text = appendCollapsed(st.text[:0], st.raw)
			st.addBlock(model.Block{Kind: model.BlockTableRow, Text: string(st.text), Cells: cells}, n, cur)
			return ast.WalkSkipChildren, nil
		case east.KindTable:
			tables = append(tables, tableRec{node: n.(*east.Table), head: cur, n: st.opts.at.tables + len(tables) + 1})
		case ast.KindCodeBlock, ast.KindFencedCodeBlock:
			code := linesValue(n.Lines(), st.src)
			code = bytes.TrimSuffix(code, []byte("\n"))
			st.addBlock(model.Block{Kind: model.BlockCode, Text: string(code)}, n, cur)
			return ast.WalkSkipChildren, nil
		case ast.KindThematicBreak:
			st.addBlock(model.Block{Kind: model.BlockRule}, n, cur)
		case ast.KindHTMLBlock:
			hb := n.(*ast.HTMLBlock)
			raw := linesValue(hb.Lines(), st.src)
			if hb.HasClosure() {
				raw = append(raw, hb.ClosureLine.Value(st.src)...)
			}
			st.addBlock(model.Block{Kind: model.BlockHTML, Text: string(appendCollapsed(nil, raw))}, n, cur)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})

	st.assignIDs(pc.IDs())
	if st.opts.Numbering {
		st.number()
	}
	for _, l := range st.pending {
		st.link(l)
	}
	st.tables = len(tables)
	for _, t := range tables {
		label := "Table " + strconv.Itoa(t.n)
		if t.head >= 0 && st.heads[t.head].text != "" {
			label = st.heads[t.head].text + " (table)"
		}
		w := &tableScroll{Label: label}
		w.SetPos(t.node.Pos())
		p := t.node.Parent()
		p.ReplaceChild(p, t.node, w)
		w.AppendChild(w, t.node)
	}
	for i, a := range st.aux {
		if a.head >= 0 {
			st.blocks[i].Section = st.heads[a.head].id
		}
	}
}

func (st *docState) addBlock(b model.Block, n ast.Node, head int) {
	st.spans[n] = st.newSpan()
	st.blocks = append(st.blocks, b)
	st.aux = append(st.aux, blockAux{n, head})
}

// isItemText reports whether n, a child of a list item, is part of the
// item's own text.
func isItemText(n ast.Node) bool {
	k := n.Kind()
	return k == ast.KindParagraph || k == ast.KindTextBlock
}

// newSpan hands out spans from a slab sized for the document.
func (st *docState) newSpan() *span {
	if len(st.slab) == cap(st.slab) {
		st.slab = make([]span, 0, 64)
	}
	st.slab = st.slab[:len(st.slab)+1]
	return &st.slab[len(st.slab)-1]
}

// container returns the nearest list item or blockquote around n, or nil.
func container(n ast.Node) ast.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if k := p.Kind(); k == ast.KindListItem || k == ast.KindBlockquote {
			return p
		}
	}
	return nil
}

// listDepth is the number of lists around a list item: 1 for a top-level
// item.
// itemNumber is the number of list item n in a numbered list, or 0 in a
// bulleted one.
func itemNumber(n ast.Node) int {
	l, ok := n.Parent().(*ast.List)
	if !ok || !l.IsOrdered() {
		return 0
	}
	number := l.Start
	for c := l.FirstChild(); c != nil && c != n; c = c.NextSibling() {
		number++
	}
	return number
}

func listDepth(n ast.Node) int {
	d := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindList {
			d++
		}
	}
	return d
}

func linesValue(lines *text.Segments, src []byte) []byte {
	var b []byte
	for i := range lines.Len() {
		b = append(b, segValue(lines.At(i), src)...)
	}
	return b
}

// assignIDs gives every heading its id. Explicit {#id}s are checked and
// reserved first, so an automatic id never takes an id written out further
// down; then the other headings get ids from their plain text in order.
func (st *docState) assignIDs(ids parser.IDs) {
	firstLine := map[string]int{}
	explicit := make([]bool, len(st.heads))
	for i := range st.heads {
		h := &st.heads[i]
		pos := h.node.Pos()
		if h.node.Level == 1 {
			st.errorf(pos, "level-1 heading is reserved for the policy title (use ## for sections)")
		}
		id, ok := st.headingAttributes(h.node)
		if !ok {
			continue
		}
		if line, dup := firstLine[id]; dup {
			st.errorf(pos, "duplicate heading id %q (first used at line %d)", id, line)
			continue
		}
		firstLine[id] = st.pos(pos).Line
		ids.Put([]byte(id))
		h.id = id
		explicit[i] = true
	}
	for i := range st.heads {
		h := &st.heads[i]
		if !explicit[i] {
			h.id = string(ids.Generate([]byte(h.text), ast.KindHeading))
		}
		h.node.SetAttributeString("id", []byte(h.id))
	}
}

// headingAttributes checks the {…} attributes of a heading, keeping only
// a class, and returns its valid explicit id if it has one. It also
// reports a trailing "{#…}" goldmark could not take as attributes, such as
// an id with a space.
func (st *docState) headingAttributes(h *ast.Heading) (id string, ok bool) {
	pos := h.Pos()
	attrs := h.Attributes()
	if attrs == nil {
		if n := h.Lines().Len(); n > 0 {
			last := bytes.TrimRight(segValue(h.Lines().At(n-1), st.src), " \t")
			if i := bytes.LastIndex(last, []byte("{#")); i >= 0 && bytes.HasSuffix(last, []byte("}")) {
				st.errorf(pos, "invalid heading id %q (expected {#id} with letters, digits, \"-\", \"_\", \":\" or \".\" and no spaces)",
					last[i+2:len(last)-1])
			}
		}
		return "", false
	}
	h.RemoveAttributes()
	for _, a := range attrs {
		switch string(a.Name) {
		case "id":
			v, isBytes := a.Value.([]byte)
			switch {
			case !isBytes:
				st.errorf(pos, "invalid heading id (expected {#id} with letters, digits, \"-\", \"_\", \":\" or \".\")")
			case len(v) == 0:
				st.errorf(pos, "empty heading id (expected {#id} with letters, digits, \"-\", \"_\", \":\" or \".\")")
			case !validID(string(v)):
				st.errorf(pos, "invalid heading id %q (expected {#id} with letters, digits, \"-\", \"_\", \":\" or \".\" and no spaces)", v)
			default:
				id, ok = string(v), true
			}
		case "class":
			h.SetAttribute(a.Name, a.Value)
		default:
			st.errorf(pos, "unsupported heading attribute %q (expected {#id} or {.class})", a.Name)
		}
	}
	return id, ok
}

// number numbers H2 "1.", "2.", … and H3 "1.1", "1.2", … within their H2;
// an H3 before the first H2 is "0.1". The number is a child node of the
// heading, so ids, which were made from the text, never depend on it.
func (st *docState) number() {
	h2, h3 := st.opts.at.h2, st.opts.at.h3
	for i := range st.heads {
		h := &st.heads[i]
		switch h.node.Level {
		case 2:
			h2++
			h3 = 0
			h.number = strconv.Itoa(h2) + "."
		case 3:
			h3++
			h.number = strconv.Itoa(h2) + "." + strconv.Itoa(h3)
		default:
			continue
		}
		n := &secNum{Number: h.number}
		if fc := h.node.FirstChild(); fc != nil {
			h.node.InsertBefore(h.node, fc, n)
		} else {
			h.node.AppendChild(h.node, n)
		}
	}
}

// link records a link destination, drops links to script-bearing URLs
// (keeping their text) and marks external links noopener noreferrer.
func (st *docState) link(l linkRec) {
	off := -1
	for p := l.node; p != nil; p = p.Parent() {
		if off = p.Pos(); off >= 0 {
			break
		}
	}
	if _, ok := l.node.(*ast.AutoLink); ok && off >= 0 {
		// A GFM autolink's position is that of the character that
		// triggered it, the one before the URL.
		for off < len(st.src) && bytes.IndexByte([]byte(" \t*_~("), st.src[off]) >= 0 {
			off++
		}
	}
	p := st.pos(off)
	st.links = append(st.links, model.Link{Line: p.Line, Col: p.Col, URL: string(l.url)})

	n := l.node
	switch {
	case dangerousURL(l.url):
		parent := n.Parent()
		if al, ok := n.(*ast.AutoLink); ok {
			s := ast.NewString(al.Label(st.src))
			s.SetRaw(true)
			parent.ReplaceChild(parent, n, s)
			return
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	case n.Kind() != ast.KindImage && externalURL(l.url):
		n.SetAttributeString("rel", []byte("noopener noreferrer"))
	}
}

// resolveURL resolves the backslash escapes and character references of a
// link destination as written, as goldmark does when it renders the href.
func resolveURL(dest []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
}

// dangerousURL reports whether u has a javascript:, vbscript: or data:
// scheme, ignoring case, leading blanks and control characters, and the
// tabs and newlines browsers strip from URLs.
func dangerousURL(u []byte) bool {
	var scheme [len("javascript")]byte
	n := 0
	for _, c := range u {
		switch {
		case c <= ' ' && n == 0, c == '\t', c == '\n', c == '\r':
			continue
		case c == ':':
			s := string(scheme[:n])
			return s == "javascript" || s == "vbscript" || s == "data"
		case n == len(scheme):
			return false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		scheme[n] = c
		n++
	}
	return false
}

// externalURL reports whether u leaves the site: http:, https: or
// protocol-relative.
func externalURL(u []byte) bool {
	u = bytes.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if len(u) >= 2 && (u[0] == '/' || u[0] == '\\') && (u[1] == '/' || u[1] == '\\') {
		return true
	}
	return hasPrefixFold(u, "http:") || hasPrefixFold(u, "https:")
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
