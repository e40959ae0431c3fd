package model

import (
	"iter"
	"strings"
)

// Document is a version's Markdown body after parsing.
//
// Its rendering (HTML and leaf blocks) is either one piece or the pieces of
// the sections it was rendered from (see package markdown). Successive
// versions of a policy share most of their sections, so a site's versions
// hold their sections' pieces rather than a copy each: on the benchmark
// corpus that is half of what a build keeps in memory, and what the garbage
// collector has to go over at every cycle. HTML joins the pieces when asked.
type Document struct {
	Headings []Heading // in document order
	Links    []Link    // every link destination, for link checking
	Words    int

	html   string
	blocks []Block
	pieces []*Document // when set, html and blocks are the pieces', one after another
}

// NewDocument returns a document rendered in one piece: html is the body
// and blocks its leaf blocks, in document order.
func NewDocument(html string, blocks []Block) *Document {
	return &Document{html: html, blocks: blocks}
}

// JoinDocuments returns a document whose rendering is that of pieces, one
// after another, without copying it. Its headings, links and word count
// are left for the caller to fill. The pieces must not change afterwards.
func JoinDocuments(pieces []*Document) *Document {
	d := &Document{pieces: make([]*Document, 0, len(pieces))}
	for _, p := range pieces {
		if p.pieces != nil {
			d.pieces = append(d.pieces, p.pieces...)
		} else {
			d.pieces = append(d.pieces, p)
		}
	}
	return d
}

// HTML is the rendered body. For a document of several pieces it is made
// at each call.
func (d *Document) HTML() string {
	if d.pieces == nil {
		return d.html
	}
	var b strings.Builder
	b.Grow(d.HTMLLen())
	for _, p := range d.pieces {
		b.WriteString(p.html)
	}
	return b.String()
}

// HTMLLen is len(d.HTML()).
func (d *Document) HTMLLen() int {
	if d.pieces == nil {
		return len(d.html)
	}
	n := 0
	for _, p := range d.pieces {
		n += len(p.html)
	}
	return n
}

// HTMLPieces yields the rendered body in pieces that, one after another,
// make HTML. No heading is cut between two pieces.
func (d *Document) HTMLPieces() iter.Seq[string] {
	return func(yield func(string) bool) {
		if d.pieces == nil {
			yield(d.html)
			return
		}
		for _, p := range d.pieces {
			if !yield(p.html) {
				return
			}
		}
	}
}

// HeadingPiece returns the piece of the rendered body that holds the
// heading with the id, and where that piece starts in HTML; ok is false
// when the document has no such heading.
func (d *Document) HeadingPiece(id string) (html string, offset int, ok bool) {
	if d.pieces == nil {
		return d.html, 0, d.HeadingByID(id) != nil
	}
	for _, p := range d.pieces {
		if p.HeadingByID(id) != nil {
			return p.html, offset, true
		}
		offset += len(p.html)
	}
	return "", 0, false
}

// AllBlocks yields the leaf blocks, in document order, for redlines. The
// blocks may be shared with other documents: they must not be changed.
func (d *Document) AllBlocks() iter.Seq[*Block] {
	return func(yield func(*Block) bool) {
		if d.pieces == nil {
			yieldBlocks(d.blocks, yield)
			return
		}
		for _, p := range d.pieces {
			if !yieldBlocks(p.blocks, yield) {
				return
			}
		}
	}
}

func yieldBlocks(blocks []Block, yield func(*Block) bool) bool {
	for i := range blocks {
		if !yield(&blocks[i]) {
			return false
		}
	}
	return true
}

// Blocks returns the leaf blocks, in document order; for a document of
// several pieces, in a slice made at each call.
func (d *Document) Blocks() []Block {
	if d.pieces == nil {
		return d.blocks
	}
	var blocks []Block
	for b := range d.AllBlocks() {
		blocks = append(blocks, *b)
	}
	return blocks
}

// HeadingByID returns the heading with the given id, or nil.
func (d *Document) HeadingByID(id string) *Heading {
	for i := range d.Headings {
		if d.Headings[i].ID == id {
			return &d.Headings[i]
		}
	}
	return nil
}
