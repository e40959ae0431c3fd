package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestJoinedDocumentIsItsPiecesInOrder(t *testing.T) {
	piece := func(html string, texts ...string) *Document {
		var blocks []Block
		for _, s := range texts {
			blocks = append(blocks, Block{Kind: BlockParagraph, Text: s, HTML: "<p>" + s + "</p>"})
		}
		return NewDocument(html, blocks)
	}
	a := piece("<p>a</p>\n", "a")
	b := piece(`<h2 id="b">B</h2>`+"\n<p>b1</p>\n<p>b2</p>\n", "b1", "b2")
	c := piece(`<h3 id="c">C</h3>`+"\n<p>c</p>\n", "c")
	// A joined document given as a piece adds its pieces, not itself.
	doc := JoinDocuments([]*Document{a, JoinDocuments([]*Document{b, c})})

	want := a.HTML() + b.HTML() + c.HTML()
	if got := doc.HTML(); got != want {
		t.Errorf("HTML %q, want %q", got, want)
	}
	if doc.HTMLLen() != len(want) {
		t.Errorf("HTMLLen %d, want %d", doc.HTMLLen(), len(want))
	}
	var pieces []string
	for p := range doc.HTMLPieces() {
		pieces = append(pieces, p)
	}
	if !reflect.DeepEqual(pieces, []string{a.HTML(), b.HTML(), c.HTML()}) {
		t.Errorf("pieces %q", pieces)
	}
	var texts []string
	for _, b := range doc.Blocks() {
		texts = append(texts, b.Text)
	}
	if got := strings.Join(texts, " "); got != "a b1 b2 c" {
		t.Errorf("blocks %q, want a b1 b2 c", got)
	}
	// AllBlocks hands out the pieces' own blocks, not copies: the
	// redlines point into documents that share them.
	var got []*Block
	for b := range doc.AllBlocks() {
		got = append(got, b)
	}
	wantBlocks := []*Block{&a.blocks[0], &b.blocks[0], &b.blocks[1], &c.blocks[0]}
	if !reflect.DeepEqual(got, wantBlocks) || got[2] != &b.blocks[1] {
		t.Errorf("AllBlocks gave %v, want the pieces' blocks %v", got, wantBlocks)
	}
	// Stopping early stops: an iterator that called yield again would
	// make the range statement panic.
	n := 0
	for range doc.AllBlocks() {
		n++
		if n == 2 {
			break
		}
	}
	for range doc.HTMLPieces() {
		break
	}
}

func TestDocumentInOnePiece(t *testing.T) {
	blocks := []Block{{Kind: BlockParagraph, Text: "x", HTML: "<p>x</p>"}}
	doc := NewDocument("<p>x</p>\n", blocks)
	if doc.HTML() != "<p>x</p>\n" || doc.HTMLLen() != 9 {
		t.Errorf("HTML %q (%d)", doc.HTML(), doc.HTMLLen())
	}
	if got := doc.Blocks(); &got[0] != &blocks[0] {
		t.Error("Blocks copied the blocks of a document in one piece")
	}
	var empty Document
	if empty.HTML() != "" || len(empty.Blocks()) != 0 {
		t.Error("the zero Document is not empty")
	}
	for range empty.AllBlocks() {
		t.Error("the zero Document has a block")
	}
}

func TestHeadingPieceFindsTheSectionOfAHeading(t *testing.T) {
	intro := NewDocument("<p>Intro.</p>\n", nil)
	scope := NewDocument(`<h2 id="scope">Scope</h2>`+"\n", nil)
	scope.Headings = []Heading{{Level: 2, ID: "scope"}, {Level: 4, ID: "detail"}}
	rights := NewDocument(`<h2 id="rights">Rights</h2>`+"\n", nil)
	rights.Headings = []Heading{{Level: 2, ID: "rights"}}
	doc := JoinDocuments([]*Document{intro, scope, rights})
	for _, tc := range []struct {
		id     string
		piece  *Document
		offset int
	}{
		{"scope", scope, len(intro.html)},
		{"detail", scope, len(intro.html)},
		{"rights", rights, len(intro.html) + len(scope.html)},
	} {
		html, offset, ok := doc.HeadingPiece(tc.id)
		if !ok || html != tc.piece.html || offset != tc.offset {
			t.Errorf("%s: piece %q at %d (%v), want %q at %d", tc.id, html, offset, ok, tc.piece.html, tc.offset)
		}
		if doc.HTML()[offset:offset+len(html)] != html {
			t.Errorf("%s: the piece is not at its offset in the text", tc.id)
		}
	}
	if _, _, ok := doc.HeadingPiece("nowhere"); ok {
		t.Error("a piece for a missing heading")
	}
	if html, offset, ok := scope.HeadingPiece("scope"); !ok || html != scope.html || offset != 0 {
		t.Errorf("a document in one piece: %q at %d (%v)", html, offset, ok)
	}
}
