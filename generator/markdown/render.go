package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// secNum is a heading's section number, its first child when the version
// numbers its sections.
type secNum struct {
	ast.BaseInline
	Number string
}

var kindSecNum = ast.NewNodeKind("SectionNumber")

func (n *secNum) Kind() ast.NodeKind { return kindSecNum }

func (n *secNum) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Number": n.Number}, nil)
}

// tableScroll wraps a table in a focusable region that scrolls on its own.
type tableScroll struct {
	ast.BaseBlock
	Label string
}

var kindTableScroll = ast.NewNodeKind("TableScroll")

func (n *tableScroll) Kind() ast.NodeKind { return kindTableScroll }

func (n *tableScroll) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Label": n.Label}, nil)
}

// funcTable captures the functions a goldmark NodeRenderer registers, so
// ours can wrap them.
type funcTable map[ast.NodeKind]renderer.NodeRendererFunc

func (t funcTable) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { t[k] = f }

// policyRenderer renders the dialect's own nodes and raw HTML, and wraps
// goldmark's renderers of leaf blocks to note where each block's HTML
// lands in the page, so Blocks are cut from the one rendering.
type policyRenderer struct {
	unsafe bool
	base   funcTable
}

func newPolicyRenderer(unsafe bool) *policyRenderer {
	base := funcTable{}
	html.NewRenderer().RegisterFuncs(base)
	extension.NewTableHTMLRenderer().RegisterFuncs(base)
	return &policyRenderer{unsafe: unsafe, base: base}
}

func (r *policyRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	for _, k := range []ast.NodeKind{
		ast.KindHeading, ast.KindParagraph, ast.KindTextBlock, ast.KindCodeBlock,
		ast.KindFencedCodeBlock, ast.KindThematicBreak, east.KindTableHeader, east.KindTableRow,
	} {
		reg.Register(k, spanned(r.base[k]))
	}
	reg.Register(ast.KindHTMLBlock, spanned(r.renderHTMLBlock))
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(kindSecNum, renderSecNum)
	reg.Register(kindTableScroll, renderTableScroll)
}

// spanned records, for the nodes the document's Blocks need, the output
// offsets around and inside what f writes.
func spanned(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		dw, ok := w.(*docWriter)
		if !ok {
			return f(w, src, n, entering)
		}
		sp := dw.st.spans[n]
		if sp == nil {
			return f(w, src, n, entering)
		}
		if entering {
			sp.outerStart = dw.Len()
			s, err := f(w, src, n, entering)
			sp.innerStart = dw.Len()
			return s, err
		}
		sp.innerEnd = dw.Len()
		s, err := f(w, src, n, entering)
		sp.outerEnd = dw.Len()
		return s, err
	}
}

// renderHTMLBlock passes an HTML block through when raw HTML is allowed and
// otherwise shows its source as preformatted text.
func (r *policyRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	write := html.DefaultWriter.RawWrite // escapes
	if r.unsafe {
		write = html.DefaultWriter.SecureWrite
	}
	if entering {
		if !r.unsafe {
			_, _ = w.WriteString(`<pre class="raw-html"><code>`)
		}
		for i := range n.Lines().Len() {
			write(w, segValue(n.Lines().At(i), src))
		}
		return ast.WalkContinue, nil
	}
	if n.HasClosure() {
		write(w, n.ClosureLine.Value(src))
	}
	if !r.unsafe {
		_, _ = w.WriteString("</code></pre>\n")
	}
	return ast.WalkContinue, nil
}

// renderRawHTML passes inline HTML through when allowed and otherwise
// writes it escaped, as visible text.
func (r *policyRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		v := segValue(n.Segments.At(i), src)
		if r.unsafe {
			html.DefaultWriter.SecureWrite(w, v)
		} else {
			html.DefaultWriter.RawWrite(w, v)
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderSecNum(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span class="secnum">`)
		_, _ = w.WriteString(node.(*secNum).Number)
		_, _ = w.WriteString(`</span>`)
		if node.NextSibling() != nil {
			_ = w.WriteByte(' ')
		}
	}
	return ast.WalkContinue, nil
}

func renderTableScroll(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="table-scroll" role="region" tabindex="0" aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(node.(*tableScroll).Label)))
		_, _ = w.WriteString("\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
