package markdown

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/model"
)

// Config is fixed for a whole site.
type Config struct {
	// UnsafeHTML passes raw HTML through to the page. When false, raw HTML
	// is shown escaped, as visible text.
	UnsafeHTML bool
}

// Converter turns Markdown bodies into documents. It is safe for
// concurrent use; build one per load of a site. It keeps the rendering of
// every section it converts for as long as it lives (see sections.go).
type Converter struct {
	md       goldmark.Markdown
	unsafe   bool
	sections sectionMemo
}

// New builds the Markdown dialect once; every Convert reuses it.
func New(cfg Config) *Converter {
	var rendererOpts []renderer.Option
	if cfg.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.Linkify,
			placeholders,
			&policyDialect{unsafe: cfg.UnsafeHTML},
		),
		// Heading ids are assigned by the policy dialect's AST transformer
		// through the per-document parser.IDs (see ids.go), not by
		// parser.WithAutoHeadingID, which slugs the raw line before inline
		// parsing.
		goldmark.WithParserOptions(parser.WithHeadingAttribute()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Converter{md: md, unsafe: cfg.UnsafeHTML}
}

// Options are per document.
type Options struct {
	// File is the slash path used in error positions, e.g.
	// "content/privacy/2024-05-15.md".
	File string
	// LineOffset is the number of file lines before the body (front matter
	// and its fences); it is added to body line numbers in errors and Links.
	LineOffset int
	// Numbering numbers H2 as "1." and H3 as "1.1"; H4 and deeper are not
	// numbered.
	Numbering bool
	// Resolve returns the value of a placeholder key such as
	// "entity.email" and whether the key is known. A nil Resolve knows no
	// keys.
	Resolve func(key string) (value string, ok bool)
	// Known optionally lists the known placeholder keys, in the order
	// they are suggested in the error for an unknown one.
	Known []string
	// BySection renders the body a section at a time and keeps each
	// section for the documents the Converter converts next (see
	// sections.go). It pays when other versions of the same text follow:
	// on a body converted once it costs a quarter more.
	BySection bool

	// A section of a document (see sections.go) is rendered as a
	// document that starts where the section does, after headings that
	// took the ids taken.
	at    position
	taken map[string]bool
}

// Convert parses one policy version's Markdown body. It always returns a
// document, so a caller can go on and report more problems; the list holds
// every error found in the body, sorted by position.
func (c *Converter) Convert(src []byte, opts Options) (doc *model.Document, errs diag.List) {
	if opts.BySection {
		if doc, ok := c.convertBySection(src, opts); ok {
			return doc, nil
		}
	}
	doc, errs, _ = c.convert(src, opts)
	return doc, errs
}

// convert parses and renders src as one document, and counts its tables.
func (c *Converter) convert(src []byte, opts Options) (doc *model.Document, errs diag.List, tables int) {
	st := &docState{src: src, opts: &opts, unsafe: c.unsafe}
	defer func() {
		if r := recover(); r != nil {
			// A bug in the dialect or in goldmark must not take the whole
			// build down; report it against the file instead.
			doc = &model.Document{}
			errs = append(st.errs, &diag.Error{
				Pos: diag.Pos{File: opts.File},
				Msg: fmt.Sprintf("internal error: markdown conversion failed (%v); please report this input", r),
			})
		}
	}()

	pc := parser.NewContext(parser.WithIDs(newHeadingIDs(opts.taken)))
	pc.Set(stateKey, st)
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))

	w := &docWriter{st: st}
	w.Grow(2*len(src) + 512) // HTML is typically 1.2–2 times its Markdown
	if err := c.md.Renderer().Render(w, src, root); err != nil {
		st.errs.Add(diag.Pos{File: opts.File}, "rendering markdown: "+err.Error())
	}
	// Every document of a site stays in memory until the build ends: keep
	// the page at its size rather than the builder's generous capacity.
	out := w.String()
	if w.Cap()-len(out) > len(out)/8 {
		out = strings.Clone(out)
	}
	doc = st.document(out)
	st.errs.Sort()
	return doc, st.errs, st.tables
}

// stateKey keeps the per-document state in the parser.Context.
var stateKey = parser.NewContextKey()

// docState is everything one Convert call knows. It travels through the
// parser in the parser.Context and through the renderer in the docWriter,
// so the shared goldmark.Markdown stays stateless.
type docState struct {
	src        []byte
	opts       *Options
	unsafe     bool
	lineStarts []int // offsets of the body's line starts, built on first use
	errs       diag.List

	heads   []headRec
	tables  int // how many the document has
	blocks  []model.Block
	aux     []blockAux // parallel to blocks
	links   []model.Link
	pending []linkRec          // links met in the walk, made safe after it
	spans   map[ast.Node]*span // rendered byte ranges of the nodes Blocks need
	slab    []span

	raw, text []byte // scratch buffers for plain text
}

func stateOf(pc parser.Context) *docState {
	st, _ := pc.Get(stateKey).(*docState)
	return st
}

// pos turns a byte offset of the body into a file position: lines shifted
// by LineOffset, columns counted in runes from 1. A negative offset gives
// a position naming only the file.
func (st *docState) pos(off int) diag.Pos {
	p := diag.Pos{File: st.opts.File}
	if off < 0 {
		return p
	}
	off = min(off, len(st.src))
	if st.lineStarts == nil {
		st.lineStarts = append(st.lineStarts, 0)
		for i, c := range st.src {
			if c == '\n' {
				st.lineStarts = append(st.lineStarts, i+1)
			}
		}
	}
	i := sort.Search(len(st.lineStarts), func(i int) bool { return st.lineStarts[i] > off }) - 1
	p.Line = i + 1 + st.opts.LineOffset
	p.Col = utf8.RuneCount(st.src[st.lineStarts[i]:off]) + 1
	return p
}

func (st *docState) errorf(off int, format string, args ...any) {
	st.errs.Addf(st.pos(off), format, args...)
}

// span is where a node's HTML landed in the output: outer includes the
// node's own tags, inner only its content.
type span struct {
	outerStart, innerStart, innerEnd, outerEnd int
}

// docWriter is the util.BufWriter the renderer writes to. Being
// per-document, it carries the state the node renderers need.
// Its strings.Builder hands over the page without a copy, and the blocks'
// HTML are substrings of it.
type docWriter struct {
	strings.Builder
	st *docState
}

func (w *docWriter) Available() int { return w.Cap() - w.Len() }
func (w *docWriter) Buffered() int  { return w.Len() }
func (w *docWriter) Flush() error   { return nil }
