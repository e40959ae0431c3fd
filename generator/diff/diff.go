package diff

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policysite/policysite/generator/model"
)

// Op is what happened to a block or a run of words.
type Op int

const (
	Equal  Op = iota // the same in both versions
	Insert           // only in the new version
	Delete           // only in the old version
	Modify           // a block in both versions, with words changed
)

func (o Op) String() string {
	switch o {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	case Modify:
		return "modify"
	}
	return "op(?)"
}

// SectionStatus says how a section changed. It is a set of flags: a section
// can be renamed, moved and changed at once. The zero value is Unchanged.
type SectionStatus uint8

const (
	Changed SectionStatus = 1 << iota // a block of its body was inserted, deleted or modified
	Added                             // only in the new version
	Removed                           // only in the old version
	Moved                             // its place among the other sections changed
	Renamed                           // its heading text or id changed

	Unchanged SectionStatus = 0
)

// Has reports whether s includes every flag of f.
func (s SectionStatus) Has(f SectionStatus) bool { return s&f == f }

// String lists the flags, e.g. "renamed, changed", or "unchanged".
func (s SectionStatus) String() string {
	if s == Unchanged {
		return "unchanged"
	}
	var names []string
	for _, f := range statusOrder {
		if s.Has(f.flag) {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, ", ")
}

var statusOrder = []struct {
	flag SectionStatus
	name string
}{
	{Added, "added"},
	{Removed, "removed"},
	{Renamed, "renamed"},
	{Moved, "moved"},
	{Changed, "changed"},
}

// Redline is the comparison of two versions of a document.
type Redline struct {
	// First is set when there was no old version: every section is Added.
	First bool
	// Sections in new-document order; a removed section stands after the
	// section that preceded it in the old document.
	Sections []Section
	// Counts of sections having each flag; a section can count under
	// several (renamed and changed). Unchanged counts sections without any.
	Added, Removed, Changed, Moved, Renamed, Unchanged int
}

// Section is one section of either version: the blocks from one heading to
// the next heading of any level.
type Section struct {
	ID, OldID         string // heading ids in the new and old version; "" for the preamble or where absent
	Title, OldTitle   string // heading text, without number
	Number, OldNumber string // section numbers such as "1.2", when the version numbers them
	Level             int    // heading level (from the new version when there is one); 0 for the preamble
	Status            SectionStatus
	Blocks            []BlockDiff
	Preamble          bool // the text before the first heading
}

// BlockDiff is one block of a section and what happened to it.
type BlockDiff struct {
	Op       Op
	Kind     model.BlockKind
	Old, New *model.Block // nil for an inserted or deleted block respectively
	// Words is the word diff of a modified block's text (not of a table row).
	Words []WordOp
	// Cells is the word diff of a modified table row, cell by cell; a cell
	// present on one side only is all deleted or all inserted.
	Cells [][]WordOp
	// Moved is set on a deleted block that reappears, word for word, as an
	// inserted block of another section, and on that inserted block; Peer is
	// then the index in Redline.Sections of the other section.
	Moved bool
	Peer  int
}

// WordOp is a run of text and what happened to it.
type WordOp struct {
	Op   Op // Equal, Insert or Delete
	Text string
}

// Thresholds of the comparison.
const (
	// RenameSimilarity is the least share of words (Dice coefficient) that a
	// section under a new id must have in common with a vanished section to
	// be taken as that section renamed.
	RenameSimilarity = 0.6
	// ModifySimilarity is the least share of words that a deleted block must
	// have in common with an inserted block of the same kind to be shown as
	// that block modified.
	ModifySimilarity = 0.4
	// moveMinWords is the least number of words a block needs to be
	// recognised as moved between sections: short blocks recur by chance.
	moveMinWords = 4
	// pairWindow bounds how many inserted blocks a deleted block is compared
	// with when looking for its modified version.
	pairWindow = 32
)

// group is one section of one document before alignment.
type group struct {
	id      string
	heading *model.Heading
	body    []*model.Block
	bag     wordBag // lazily computed
}

func (g *group) words() wordBag {
	if g.bag == nil {
		bag := wordBag{}
		for _, b := range g.body {
			bag = bagOf(bag, blockText(b))
		}
		g.bag = bag.sorted()
	}
	return g.bag
}

// groups splits a document into sections: the preamble (only when it has
// blocks), then one per heading in document order. Heading blocks are left
// out of the bodies; a section's heading comes from doc.Headings.
func groups(doc *model.Document) []*group {
	if doc == nil {
		return nil
	}
	var gs []*group
	index := make(map[string]int, len(doc.Headings)+1)
	for b := range doc.AllBlocks() {
		if b.Section == "" && b.Kind != model.BlockHeading {
			gs = append(gs, &group{})
			index[""] = 0
			break
		}
	}
	for i := range doc.Headings {
		h := &doc.Headings[i]
		if _, dup := index[h.ID]; dup {
			continue
		}
		index[h.ID] = len(gs)
		gs = append(gs, &group{id: h.ID, heading: h})
	}
	for b := range doc.AllBlocks() {
		if b.Kind == model.BlockHeading {
			continue
		}
		k, ok := index[b.Section]
		if !ok { // a block under a heading the list lacks
			k = len(gs)
			index[b.Section] = k
			gs = append(gs, &group{id: b.Section})
		}
		gs[k].body = append(gs[k].body, b)
	}
	return gs
}

// Compare computes the redline from old to new. A nil old means new is the
// first version; a nil new is taken as an empty document.
func Compare(old, new *model.Document) *Redline {
	r := &Redline{First: old == nil}
	og, ng := groups(old), groups(new)

	// Align sections by id, then by content.
	oldOf := make([]int, len(ng)) // new index → old index, or -1
	newOf := make([]int, len(og))
	for i := range newOf {
		newOf[i] = -1
	}
	byID := make(map[string]int, len(og))
	for i, g := range og {
		byID[g.id] = i
	}
	for j, g := range ng {
		oldOf[j] = -1
		if i, ok := byID[g.id]; ok {
			oldOf[j], newOf[i] = i, j
		}
	}
	matchRenamed(og, ng, oldOf, newOf)
	moved := movedSections(oldOf)

	// Order: new sections, each followed by the removed old sections that
	// stood after its old counterpart; removed sections before any matched
	// one go first.
	after := make(map[int][]int)
	var lead []int
	anchor := -1
	for i := range og {
		if newOf[i] >= 0 {
			anchor = newOf[i]
			continue
		}
		if anchor < 0 {
			lead = append(lead, i)
		} else {
			after[anchor] = append(after[anchor], i)
		}
	}
	removed := func(i int) {
		g := og[i]
		s := Section{OldID: g.id, Status: Removed}
		s.setOld(g)
		if g.heading != nil {
			s.Level = g.heading.Level
		}
		for _, b := range g.body {
			s.Blocks = append(s.Blocks, BlockDiff{Op: Delete, Kind: b.Kind, Old: b, Peer: -1})
		}
		r.Sections = append(r.Sections, s)
	}
	for _, i := range lead {
		removed(i)
	}
	for j, g := range ng {
		s := Section{ID: g.id, Preamble: g.id == "" && g.heading == nil}
		if g.heading != nil {
			s.Title, s.Number, s.Level = g.heading.Text, g.heading.Number, g.heading.Level
		} else if g.id != "" {
			s.Title = g.id
		}
		if i := oldOf[j]; i >= 0 {
			o := og[i]
			s.OldID = o.id
			s.setOld(o)
			s.Blocks = diffBlocks(o.body, g.body)
			if s.OldID != s.ID || s.OldTitle != s.Title {
				s.Status |= Renamed
			}
			if moved[j] {
				s.Status |= Moved
			}
			for _, b := range s.Blocks {
				if b.Op != Equal {
					s.Status |= Changed
					break
				}
			}
		} else {
			s.Status = Added
			for _, b := range g.body {
				s.Blocks = append(s.Blocks, BlockDiff{Op: Insert, Kind: b.Kind, New: b, Peer: -1})
			}
		}
		r.Sections = append(r.Sections, s)
		for _, i := range after[j] {
			removed(i)
		}
	}
	r.findMovedBlocks()
	for _, s := range r.Sections {
		if s.Status == Unchanged {
			r.Unchanged++
		}
		for _, f := range []struct {
			flag SectionStatus
			n    *int
		}{{Added, &r.Added}, {Removed, &r.Removed}, {Changed, &r.Changed}, {Moved, &r.Moved}, {Renamed, &r.Renamed}} {
			if s.Status.Has(f.flag) {
				*f.n++
			}
		}
	}
	return r
}

func (s *Section) setOld(g *group) {
	if g.heading != nil {
		s.OldTitle, s.OldNumber = g.heading.Text, g.heading.Number
	} else if g.id != "" {
		s.OldTitle = g.id
	}
	s.Preamble = s.Preamble || (g.id == "" && g.heading == nil)
}

// matchRenamed pairs sections left unmatched by id whose bodies share at
// least RenameSimilarity of their words, most similar pairs first.
func matchRenamed(og, ng []*group, oldOf, newOf []int) {
	type pair struct {
		i, j int
		sim  float64
	}
	var pairs []pair
	for i, o := range og {
		if newOf[i] >= 0 || len(o.body) == 0 {
			continue
		}
		for j, n := range ng {
			if oldOf[j] >= 0 || len(n.body) == 0 {
				continue
			}
			// Preambles only ever match by id.
			if (o.id == "") != (n.id == "") {
				continue
			}
			if sim := similarity(o.words(), n.words()); sim >= RenameSimilarity {
				pairs = append(pairs, pair{i, j, sim})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.sim, a.sim) })
	for _, p := range pairs {
		if newOf[p.i] < 0 && oldOf[p.j] < 0 {
			newOf[p.i], oldOf[p.j] = p.j, p.i
		}
	}
}

// movedSections marks the matched new sections that are not part of a
// longest run keeping the old relative order.
func movedSections(oldOf []int) []bool {
	// Longest increasing subsequence of old indices, in O(n log n).
	var tails []int // tails[l] = index j in new order ending a run of length l+1
	prev := make([]int, len(oldOf))
	for j, i := range oldOf {
		prev[j] = -1
		if i < 0 {
			continue
		}
		l, _ := slices.BinarySearchFunc(tails, i, func(t, target int) int { return cmp.Compare(oldOf[t], target) })
		if l > 0 {
			prev[j] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, j)
		} else {
			tails[l] = j
		}
	}
	moved := make([]bool, len(oldOf))
	for j, i := range oldOf {
		moved[j] = i >= 0
	}
	if len(tails) > 0 {
		for j := tails[len(tails)-1]; j >= 0; j = prev[j] {
			moved[j] = false
		}
	}
	return moved
}

// blockID is what makes two blocks equal: their kind and their text with
// white space collapsed, for a table row its cells' joined by U+001F.
// Most texts are collapsed already, and their ID is made without copying.
type blockID struct {
	kind model.BlockKind
	text string
}

func idOf(b *model.Block) blockID {
	if b.Kind != model.BlockTableRow {
		return blockID{b.Kind, collapse(b.Text)}
	}
	var sb strings.Builder
	for i, c := range b.Cells {
		if i > 0 {
			sb.WriteByte(0x1f)
		}
		sb.WriteString(collapse(c))
	}
	return blockID{b.Kind, sb.String()}
}

// blockText is the text a block is compared by: its text, or for a table
// row its cells joined by " | ".
func blockText(b *model.Block) string {
	if b.Kind == model.BlockTableRow && (len(b.Cells) > 0 || b.Text == "") {
		return strings.Join(b.Cells, " | ")
	}
	return b.Text
}

// collapse trims s and replaces each run of white space by one space. A
// text without such runs, as most are, is returned as it is: the loop
// only looks twice at a space, a control character or a non-ASCII one.
func collapse(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c > ' ' && c < utf8.RuneSelf:
			i++
			continue
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return strings.Join(strings.Fields(s), " ")
			}
			i++
			continue
		case c < utf8.RuneSelf:
			if c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				return strings.Join(strings.Fields(s), " ")
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), " ")
		}
		i += n
	}
	return s
}

// diffBlocks aligns the bodies of two versions of a section.
func diffBlocks(old, new []*model.Block) []BlockDiff {
	// A section both versions share is the same blocks (see
	// model.Document): most sections of a redline, equal without a look.
	if slices.Equal(old, new) {
		return allEqual(old, new)
	}
	keys := make(map[blockID]int32, len(old)+len(new))
	intern := func(bs []*model.Block) []int32 {
		out := make([]int32, len(bs))
		for i, b := range bs {
			k := idOf(b)
			id, ok := keys[k]
			if !ok {
				id = int32(len(keys))
				keys[k] = id
			}
			out[i] = id
		}
		return out
	}
	ka, kb := intern(old), intern(new)
	if slices.Equal(ka, kb) {
		return allEqual(old, new)
	}
	del, ins := myers(ka, kb)
	out := make([]BlockDiff, 0, len(new)+len(old)/8)
	for i, j := 0, 0; i < len(old) || j < len(new); {
		if (i < len(old) && del[i]) || (j < len(new) && ins[j]) {
			i0, j0 := i, j
			for i < len(old) && del[i] {
				i++
			}
			for j < len(new) && ins[j] {
				j++
			}
			out = pairHunk(out, old[i0:i], new[j0:j])
			continue
		}
		out = append(out, BlockDiff{Op: Equal, Kind: new[j].Kind, Old: old[i], New: new[j], Peer: -1})
		i++
		j++
	}
	return out
}

// allEqual pairs blocks of the same ids, one for one.
func allEqual(old, new []*model.Block) []BlockDiff {
	out := make([]BlockDiff, len(new))
	for i := range new {
		out[i] = BlockDiff{Op: Equal, Kind: new[i].Kind, Old: old[i], New: new[i], Peer: -1}
	}
	return out
}

// pairHunk turns a run of deleted and inserted blocks into diffs, pairing in
// order each deleted block with the most similar inserted block of the same
// kind that follows the last pair, when they are similar enough.
func pairHunk(out []BlockDiff, dels, inss []*model.Block) []BlockDiff {
	bags := make([]wordBag, len(inss))
	bag := func(j int) wordBag {
		if bags[j] == nil {
			bags[j] = bagOf(wordBag{}, blockText(inss[j])).sorted()
		}
		return bags[j]
	}
	next := 0    // first inserted block not yet emitted
	pending := 0 // first deleted block not yet emitted
	for d, db := range dels {
		if next == len(inss) {
			break
		}
		var dbag wordBag
		best, bestSim := -1, 0.0
		for j := next; j < len(inss) && j < next+pairWindow; j++ {
			if inss[j].Kind != db.Kind {
				continue
			}
			if dbag == nil {
				dbag = bagOf(wordBag{}, blockText(db)).sorted()
			}
			if sim := similarity(dbag, bag(j)); sim >= ModifySimilarity && sim > bestSim {
				best, bestSim = j, sim
			}
		}
		if best < 0 {
			continue
		}
		for _, b := range dels[pending:d] {
			out = append(out, BlockDiff{Op: Delete, Kind: b.Kind, Old: b, Peer: -1})
		}
		for _, b := range inss[next:best] {
			out = append(out, BlockDiff{Op: Insert, Kind: b.Kind, New: b, Peer: -1})
		}
		out = append(out, modify(db, inss[best]))
		pending, next = d+1, best+1
	}
	for _, b := range dels[pending:] {
		out = append(out, BlockDiff{Op: Delete, Kind: b.Kind, Old: b, Peer: -1})
	}
	for _, b := range inss[next:] {
		out = append(out, BlockDiff{Op: Insert, Kind: b.Kind, New: b, Peer: -1})
	}
	return out
}

// modify diffs two versions of one block word by word, or cell by cell for
// a table row.
func modify(old, new *model.Block) BlockDiff {
	bd := BlockDiff{Op: Modify, Kind: new.Kind, Old: old, New: new, Peer: -1}
	switch new.Kind {
	case model.BlockCode: // keep the lines of code as written
		bd.Words = Words(old.Text, new.Text)
		return bd
	case model.BlockTableRow:
	default:
		bd.Words = Words(collapse(old.Text), collapse(new.Text))
		return bd
	}
	n := max(len(old.Cells), len(new.Cells))
	bd.Cells = make([][]WordOp, n)
	for i := range n {
		var a, b string
		if i < len(old.Cells) {
			a = collapse(old.Cells[i])
		}
		if i < len(new.Cells) {
			b = collapse(new.Cells[i])
		}
		bd.Cells[i] = Words(a, b)
	}
	return bd
}

// findMovedBlocks marks deleted blocks that reappear unchanged as inserted
// blocks of another section. Only blocks whose key occurs once among the
// deletions and once among the insertions are paired.
func (r *Redline) findMovedBlocks() {
	type ref struct{ s, b, n int }
	dels := map[blockID]*ref{}
	inss := map[blockID]*ref{}
	note := func(m map[blockID]*ref, k blockID, s, b int) {
		if p, ok := m[k]; ok {
			p.n++
			return
		}
		m[k] = &ref{s, b, 1}
	}
	for si := range r.Sections {
		for bi, bd := range r.Sections[si].Blocks {
			switch bd.Op {
			case Delete:
				note(dels, idOf(bd.Old), si, bi)
			case Insert:
				note(inss, idOf(bd.New), si, bi)
			}
		}
	}
	if len(dels) == 0 || len(inss) == 0 {
		return
	}
	for k, d := range dels {
		in, ok := inss[k]
		if !ok || d.n != 1 || in.n != 1 || d.s == in.s {
			continue
		}
		db := &r.Sections[d.s].Blocks[d.b]
		if len(bagOf(nil, blockText(db.Old))) < moveMinWords {
			continue
		}
		ib := &r.Sections[in.s].Blocks[in.b]
		db.Moved, db.Peer = true, in.s
		ib.Moved, ib.Peer = true, d.s
	}
}
