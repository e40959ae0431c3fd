package publish

import (
	"bytes"
	"errors"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2"
)

// Minifier shrinks files by media type; files of other types pass through,
// and so do the files it was told to leave. It is safe for concurrent use.
type Minifier struct {
	m       *minify.M
	leave   map[string]bool // by base name
	compact bool            // HTML is compacted rather than minified
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".json": "application/json",
	".xml":  "application/xml",
}

// NewMinifier returns the minifier the build uses.
func NewMinifier() *Minifier {
	m := minify.New()
	// Keep document and end tags and attribute quotes: the output then stays
	// easy to read in a browser's source view and valid for every checker.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{KeepWhitespace: false})
	return &Minifier{m: m}
}

// Leave has files with these base names, wherever they are, pass through:
// their writers made them as small as the minifier would. Call it before
// the first Minify.
func (mf *Minifier) Leave(names ...string) {
	if mf.leave == nil {
		mf.leave = map[string]bool{}
	}
	for _, n := range names {
		mf.leave[n] = true
	}
}

// CompactHTML has HTML compacted (see Compact) rather than minified: for
// pages whose tags and attributes are written as the minifier would write
// them, it gives the same at 2.5 times the speed. Call it before the
// first Minify.
func (mf *Minifier) CompactHTML() { mf.compact = true }

// SyntaxError returns where a minifier found its input malformed, and
// what it expected there, when err says so.
func SyntaxError(err error) (line, col int, msg string, ok bool) {
	var perr *parse.Error
	if !errors.As(err, &perr) {
		return 0, 0, "", false
	}
	return perr.Line, perr.Column, perr.Message, true
}

// Minify returns data minified for the media type of name's extension,
// written into buf (reset first). It may write into data, which it lexes
// in place. The result is buf's bytes, or data when the type is not
// minified, so it is valid until buf's next use: a writer that keeps one
// buf per goroutine allocates no output after its first files.
func (mf *Minifier) Minify(buf *bytes.Buffer, name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok || mf.leave[path.Base(name)] {
		return data, nil
	}
	buf.Reset()
	buf.Grow(len(data))
	if mf.compact && mt == "text/html" {
		// Into buf's room, which Grow made as large as data: Compact's
		// output is no larger (unless a doctype shorter than the one it
		// writes makes it grow), so it needs no copy into buf.
		return Compact(buf.AvailableBuffer(), data), nil
	}
	// A bytes.Buffer, unlike a bytes.Reader, lets the minifier lex data in
	// place rather than copy it whole first.
	if err := mf.m.Minify(mt, buf, bytes.NewBuffer(data)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
