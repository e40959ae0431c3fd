package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/policysite/policysite/generator/diag"
)

// placeholderNode is an inline {{ key }}, already resolved. Its only child
// is a raw ast.String holding the value, so code that collects a node's
// text (an image's alt attribute) sees the value too.
type placeholderNode struct {
	ast.BaseInline
	Key   string
	Value string // the resolved value; the placeholder as written when unknown
}

var kindPlaceholder = ast.NewNodeKind("Placeholder")

func (n *placeholderNode) Kind() ast.NodeKind { return kindPlaceholder }

func (n *placeholderNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Key": n.Key, "Value": n.Value}, nil)
}

// placeholderParser parses {{ key }} where key is one or more lowercase
// identifiers joined by dots. Anything else starting with "{" is left to
// the text.
type placeholderParser struct{}

func (placeholderParser) Trigger() []byte { return []byte{'{'} }

func (placeholderParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	key, n := scanPlaceholder(line)
	if n == 0 {
		return nil
	}
	node := &placeholderNode{Key: key}
	var value string
	var ok bool
	if st := stateOf(pc); st != nil {
		if resolve := st.opts.Resolve; resolve != nil {
			value, ok = resolve(key)
		}
		if !ok {
			st.unknownPlaceholder(seg.Start, key)
		}
	}
	if !ok {
		value = "{{ " + key + " }}"
	}
	node.Value = value
	s := ast.NewString([]byte(value))
	s.SetRaw(true)
	node.AppendChild(node, s)
	node.SetPos(seg.Start)
	block.Advance(n)
	return node
}

// scanPlaceholder matches "{{", optional blanks, a key, optional blanks and
// "}}" at the start of line, returning the key and the length matched, or
// 0 when line does not start with a well-formed placeholder.
func scanPlaceholder(line []byte) (key string, n int) {
	if len(line) < 5 || line[0] != '{' || line[1] != '{' {
		return "", 0
	}
	i := skipBlanks(line, 2)
	start := i
	for {
		// an identifier: [a-z][a-z0-9_]*
		if i >= len(line) || line[i] < 'a' || line[i] > 'z' {
			return "", 0
		}
		for i < len(line) && ('a' <= line[i] && line[i] <= 'z' || '0' <= line[i] && line[i] <= '9' || line[i] == '_') {
			i++
		}
		if i < len(line) && line[i] == '.' {
			i++
			continue
		}
		break
	}
	end := i
	i = skipBlanks(line, i)
	if i+1 >= len(line) || line[i] != '}' || line[i+1] != '}' {
		return "", 0
	}
	return string(line[start:end]), i + 2
}

func skipBlanks(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

func (st *docState) unknownPlaceholder(off int, key string) {
	if len(st.opts.Known) == 0 {
		st.errorf(off, "unknown placeholder %q", "{{ "+key+" }}")
		return
	}
	if near := diag.Closest(key, st.opts.Known); near != "" {
		st.errorf(off, "unknown placeholder %q (did you mean {{ %s }}? expected one of %s)", "{{ "+key+" }}", near, strings.Join(st.opts.Known, ", "))
		return
	}
	st.errorf(off, "unknown placeholder %q (expected one of %s)", "{{ "+key+" }}", strings.Join(st.opts.Known, ", "))
}

// placeholderRenderer writes a placeholder's value as escaped text; the
// value is never parsed as Markdown.
type placeholderRenderer struct{}

func (placeholderRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPlaceholder, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*placeholderNode).Value)))
		}
		return ast.WalkSkipChildren, nil
	})
}

// placeholderExtension adds {{ key }} placeholders to the dialect.
type placeholderExtension struct{}

var placeholders goldmark.Extender = placeholderExtension{}

func (placeholderExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(placeholderParser{}, 500),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(placeholderRenderer{}, 500),
	))
}
