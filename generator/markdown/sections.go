package markdown

import (
	"bytes"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/policysite/policysite/generator/model"
)

// Versions of a policy differ by a few edits, so most sections of a version
// are, byte for byte, sections of the version before it. Convert, with
// Options.BySection, therefore cuts a body into sections, before each line that starts with "## " or
// "### ", renders each section as a document of its own, and keeps each
// rendering for as long as the Converter lives: a section met again, in the
// next version or in another policy, is not parsed again. On the benchmark
// corpus (10 versions of each policy, 2–5 edits between versions) that
// leaves a quarter of the sections to render.
//
// A section renders alone as it does in its document when nothing in it
// depends on the rest of the document. What does is carried in, put right
// or checked:
//
//   - the headings and the tables before the section number its headings
//     and label its tables: how many level-2 headings, level-3 headings
//     since the last of those, and tables come before it are part of the
//     key a rendering is kept under;
//   - a link's line counts from the document's first line: it is moved
//     down when the sections are joined;
//   - a heading's id must differ from every other heading's in the
//     document: a section is rendered with the ids of the headings
//     before it taken, as in its document, so a repeated heading, such as
//     "### Your choices" under several sections, gets its suffix; the ids
//     taken are part of the key too. An id written out, "{#id}", that
//     clashes with another sends the document to be rendered in one
//     piece, where it is taken first or reported;
//   - a placeholder takes its value from the version: a section is kept in
//     a variant for each set of values its placeholders had, as when the
//     policies of several entities share it;
//   - errors name the file and the line: a section with an error sends
//     its document to be rendered in one piece, which reports them all.
//
// And a body is not cut at all where a section could use what another
// defines, or where a "## " or "### " line could be other than a heading:
// see sectionStarts.

// sectionMemo keeps the renderings of every section converted, by its
// text and what the document before it carries in.
type sectionMemo struct {
	mu sync.Mutex
	m  map[sectionKey]*sectionVariants
}

type sectionKey struct {
	src   string
	at    position
	taken [sha256.Size]byte // of the ids taken before it
}

// position is what the document before a section carries into it.
type position struct {
	h2, h3    int // level-2 headings, level-3 headings since the last of those
	tables    int
	numbering bool
}

// after returns the position after a section at p that has r's headings
// and tables.
func (p position) after(r *renderedSection) position {
	for _, h := range r.doc.Headings {
		switch h.Level {
		case 2:
			p.h2++
			p.h3 = 0
		case 3:
			p.h3++
		}
	}
	p.tables += r.tables
	return p
}

// renderedSection is one section rendered as a document. It is made once;
// the goroutines that want it meanwhile wait for it.
type renderedSection struct {
	once     sync.Once
	doc      *model.Document // links' lines count from the section's first line
	tables   int
	resolved []resolution // the placeholders it has, as they were resolved
	ok       bool         // rendered without an error
}

type resolution struct {
	key, value string
	known      bool
}

// sectionVariants are the renderings of one section, one for each set of
// values its placeholders had.
type sectionVariants struct {
	mu   sync.Mutex
	list []*renderedSection
}

func (m *sectionMemo) get(k sectionKey) *sectionVariants {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[sectionKey]*sectionVariants{}
	}
	vs := m.m[k]
	if vs == nil {
		vs = &sectionVariants{}
		m.m[k] = vs
	}
	return vs
}

// at returns the i-th variant, a new one when there are i.
func (vs *sectionVariants) at(i int) *renderedSection {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if i == len(vs.list) {
		vs.list = append(vs.list, &renderedSection{})
	}
	return vs.list[i]
}

// convertBySection renders src section by section, from the sections kept
// where it can, and reports whether it could: if not, src is to be
// rendered in one piece.
func (c *Converter) convertBySection(src []byte, opts Options) (*model.Document, bool) {
	starts := sectionStarts(src)
	if len(starts) < 2 {
		return nil, false
	}
	parts := make([]*renderedSection, len(starts))
	at := position{numbering: opts.Numbering}
	taken := newTakenIDs()
	for i, start := range starts {
		sec := src[start:sectionEnd(src, starts, i)]
		r := c.section(sectionKey{string(sec), at, taken.sum()}, sec, taken.set, opts)
		// An id taken before can only be one written out.
		if !r.ok || taken.clash(r) {
			return nil, false
		}
		taken.add(r)
		parts[i] = r
		at = at.after(r)
	}
	return join(src, starts, parts, opts.LineOffset), true
}

// takenIDs are the heading ids of the sections so far.
type takenIDs struct {
	set  map[string]bool
	hash hash.Hash // of the ids, in order
}

func newTakenIDs() *takenIDs {
	return &takenIDs{set: map[string]bool{}, hash: sha256.New()}
}

// clash reports whether a heading of r has an id taken before it.
func (t *takenIDs) clash(r *renderedSection) bool {
	for _, h := range r.doc.Headings {
		if t.set[h.ID] {
			return true
		}
	}
	return false
}

func (t *takenIDs) add(r *renderedSection) {
	for _, h := range r.doc.Headings {
		t.set[h.ID] = true
		t.hash.Write([]byte(h.ID))
		t.hash.Write([]byte{0})
	}
}

func (t *takenIDs) sum() (s [sha256.Size]byte) {
	t.hash.Sum(s[:0])
	return s
}

func sectionEnd(src []byte, starts []int, i int) int {
	if i+1 < len(starts) {
		return starts[i+1]
	}
	return len(src)
}

// section returns the rendering of section src at key.at, with the ids
// taken (those key.taken sums) and the placeholder values of opts, made
// now or kept.
func (c *Converter) section(key sectionKey, src []byte, taken map[string]bool, opts Options) *renderedSection {
	vs := c.sections.get(key)
	for i := 0; ; i++ {
		// A variant made here is made with opts.Resolve, and so is the one.
		if r := vs.at(i); c.render(r, src, key.at, taken, opts) {
			return r
		}
	}
}

// render makes r, unless it has been made, and reports whether its
// placeholders have the values opts.Resolve gives them.
func (c *Converter) render(r *renderedSection, src []byte, at position, taken map[string]bool, opts Options) bool {
	r.once.Do(func() {
		o := Options{File: opts.File, Numbering: opts.Numbering, Known: opts.Known, at: at, taken: taken}
		if resolve := opts.Resolve; resolve != nil {
			o.Resolve = func(key string) (string, bool) {
				value, known := resolve(key)
				r.resolved = append(r.resolved, resolution{key, value, known})
				return value, known
			}
		}
		doc, errs, tables := c.convert(src, o)
		r.doc, r.tables, r.ok = doc, tables, len(errs) == 0
	})
	return r.resolvesAs(opts.Resolve)
}

// resolvesAs reports whether resolve gives every placeholder of the
// section the value it was rendered with.
func (r *renderedSection) resolvesAs(resolve func(string) (string, bool)) bool {
	for _, p := range r.resolved {
		var value string
		var known bool
		if resolve != nil {
			value, known = resolve(p.key)
		}
		if value != p.value || known != p.known {
			return false
		}
	}
	return true
}

// join makes one document of the sections of src.
func join(src []byte, starts []int, parts []*renderedSection, lineOffset int) *model.Document {
	var heads, links int
	pieces := make([]*model.Document, len(parts))
	for i, p := range parts {
		heads += len(p.doc.Headings)
		links += len(p.doc.Links)
		pieces[i] = p.doc
	}
	// The rendering stays the sections': the version holds them, as do the
	// versions before and after it that have them too.
	doc := model.JoinDocuments(pieces)
	if heads > 0 {
		doc.Headings = make([]model.Heading, 0, heads)
	}
	if links > 0 {
		doc.Links = make([]model.Link, 0, links)
	}
	line := lineOffset
	for i, p := range parts {
		doc.Headings = append(doc.Headings, p.doc.Headings...)
		for _, l := range p.doc.Links {
			l.Line += line
			doc.Links = append(doc.Links, l)
		}
		doc.Words += p.doc.Words
		line += bytes.Count(src[starts[i]:sectionEnd(src, starts, i)], []byte("\n"))
	}
	return doc
}

// sectionStarts returns where the sections of src start: at 0 and at each
// line that starts with "## " or "### " (or is "##" or "###"), a level-2 or
// level-3 heading. It returns nil, for src to be rendered in one piece,
// when a section could depend on another or such a line could be other
// than a heading:
//
//   - a line that starts, after blanks, with a code fence ("```", "~~~")
//     or with "<" (raw HTML): either may run on over a "## " line;
//   - a line with "]:" in it, which may be a link reference definition,
//     and any section may link to it;
//   - a carriage return, which also ends lines.
func sectionStarts(src []byte) []int {
	if bytes.IndexByte(src, '\r') >= 0 {
		return nil
	}
	starts := []int{0}
	for off := 0; off < len(src); {
		next := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		line := src[off:next]
		if off > 0 && isSectionLine(line) {
			starts = append(starts, off)
		}
		t := bytes.TrimLeft(line, " \t")
		if bytes.HasPrefix(t, []byte("<")) || bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) ||
			bytes.Contains(line, []byte("]:")) {
			return nil
		}
		off = next
	}
	return starts
}

// isSectionLine reports whether line opens a level-2 or level-3 ATX
// heading at its first column.
func isSectionLine(line []byte) bool {
	n := 0
	for n < len(line) && n < 4 && line[n] == '#' {
		n++
	}
	if n != 2 && n != 3 {
		return false
	}
	return len(line) == n || line[n] == ' ' || line[n] == '\t' || line[n] == '\n'
}
