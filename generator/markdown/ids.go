package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// headingIDs is the per-document parser.IDs: the set of ids in use and,
// per base id, the last suffix handed out. A section rendered apart (see
// sections.go) also has the ids its document took before it.
type headingIDs struct {
	used  map[string]bool
	next  map[string]int
	taken map[string]bool // read only
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs(taken map[string]bool) *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}, taken: taken}
}

func (s *headingIDs) inUse(id string) bool { return s.used[id] || s.taken[id] }

// Generate returns a new unique id for a heading whose plain text is value:
// its slug, or "section" for a text without letters or digits, with "-1",
// "-2", … appended when that id is taken.
func (s *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	if base == "" {
		base = "section"
	}
	if !s.inUse(base) {
		s.used[base] = true
		return []byte(base)
	}
	for i := s.next[base] + 1; ; i++ {
		id := base + "-" + strconv.Itoa(i)
		if !s.inUse(id) {
			s.used[id] = true
			s.next[base] = i
			return []byte(id)
		}
	}
}

// Put reserves an explicit id.
func (s *headingIDs) Put(value []byte) { s.used[string(value)] = true }

// slug lowercases text and joins its words with "-". Letters and digits of
// any script are kept; whitespace, "-" and "_" separate words; every other
// character (punctuation, symbols) is dropped, so "Children's Privacy"
// becomes "childrens-privacy" and "Retention & Deletion" becomes
// "retention-deletion".
func slug(text string) string {
	b := make([]byte, 0, len(text))
	sep := false
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '-' || r == '_' || unicode.IsSpace(r):
			sep = len(b) > 0
			continue
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
			r = unicode.ToLower(r)
		default:
			continue
		}
		if sep {
			b = append(b, '-')
			sep = false
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// validID reports whether an explicit {#id} may be used: not empty, and
// only letters, digits, marks, "-", "_", ":" and ".".
func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		switch {
		case r == '-' || r == '_' || r == ':' || r == '.':
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		default:
			return false
		}
	}
	return true
}
