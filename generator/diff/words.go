package diff

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Words computes the word-level diff from old to new. Concatenating the Text
// of its Equal and Delete ops gives old; concatenating the Text of its Equal
// and Insert ops gives new. Adjacent ops of one kind are merged, a change
// lists its Delete before its Insert, and a short run of spaces or
// punctuation between two changes is folded into them, so that a rewritten
// phrase reads as one deletion and one insertion.
func Words(old, new string) []WordOp {
	if old == new {
		if old == "" {
			return nil
		}
		return []WordOp{{Op: Equal, Text: old}}
	}
	ta, tb := tokenize(old), tokenize(new)
	ids := make(map[string]int32, len(ta)+len(tb))
	intern := func(toks []string) []int32 {
		out := make([]int32, len(toks))
		for i, t := range toks {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	del, ins := myers(intern(ta), intern(tb))

	// Walk the edit script into segments: equal text, or a change made of
	// deleted and inserted text.
	var segs []segment
	add := func(op Op, tok string) {
		if n := len(segs); n > 0 {
			s := &segs[n-1]
			switch {
			case op == Equal && !s.change:
				s.eq = append(s.eq, tok...)
				return
			case op == Delete && s.change:
				s.del = append(s.del, tok...)
				return
			case op == Insert && s.change:
				s.ins = append(s.ins, tok...)
				return
			}
		}
		s := segment{change: op != Equal}
		switch op {
		case Equal:
			s.eq = []byte(tok)
		case Delete:
			s.del = []byte(tok)
		case Insert:
			s.ins = []byte(tok)
		}
		segs = append(segs, s)
	}
	i, j := 0, 0
	for i < len(ta) || j < len(tb) {
		switch {
		case i < len(ta) && del[i]:
			add(Delete, ta[i])
			i++
		case j < len(tb) && ins[j]:
			add(Insert, tb[j])
			j++
		default:
			add(Equal, ta[i])
			i++
			j++
		}
	}

	// Fold filler (spaces, punctuation) between two changes into them.
	out := segs[:0]
	for _, s := range segs {
		if n := len(out); s.change && n >= 2 && !out[n-1].change && out[n-2].change && filler(out[n-1].eq) {
			p, eq := &out[n-2], out[n-1].eq
			if (len(p.del) > 0 || len(s.del) > 0) && (len(p.ins) > 0 || len(s.ins) > 0) {
				p.del = append(append(p.del, eq...), s.del...)
				p.ins = append(append(p.ins, eq...), s.ins...)
				out = out[:n-1]
				continue
			}
		}
		out = append(out, s)
	}

	ops := make([]WordOp, 0, len(out)+len(out)/2)
	for _, s := range out {
		if !s.change {
			ops = append(ops, WordOp{Op: Equal, Text: string(s.eq)})
			continue
		}
		if len(s.del) > 0 {
			ops = append(ops, WordOp{Op: Delete, Text: string(s.del)})
		}
		if len(s.ins) > 0 {
			ops = append(ops, WordOp{Op: Insert, Text: string(s.ins)})
		}
	}
	return ops
}

type segment struct {
	change       bool
	eq, del, ins []byte
}

// filler reports whether s, the equal text between two changes, is short and
// holds no letter or digit.
func filler(s []byte) bool {
	if len(s) > 4 {
		return false
	}
	for _, r := range string(s) {
		if isWordRune(r) {
			return false
		}
	}
	return true
}

// tokenize splits s into tokens that concatenate back to s: words (letters,
// digits and marks, with an apostrophe between letters and a point or comma
// between digits kept inside), runs of white space, and single other runes.
// Ideographic and Thai text, written without spaces, is one token per rune.
func tokenize(s string) []string {
	toks := make([]string, 0, len(s)/3+1)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		case isWordRune(r) && !unspaced(r):
			prev := r
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) && !unspaced(r2) {
					prev = r2
					j += n2
					continue
				}
				// Keep "don't", "children’s", "3.5" and "1,000" whole.
				next, n3 := utf8.DecodeRuneInString(s[j+n2:])
				if n3 > 0 && ((r2 == '\'' || r2 == '’') && unicode.IsLetter(prev) && unicode.IsLetter(next) ||
					(r2 == '.' || r2 == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next)) {
					prev = next
					j += n2 + n3
					continue
				}
				break
			}
		}
		toks = append(toks, s[i:j])
		i = j
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// unspaced reports whether r belongs to a script written without spaces
// between words, where each rune is compared on its own.
func unspaced(r rune) bool {
	return r >= 0x0E00 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar))
}

// wordBag is the multiset of the words of a text, as sorted hashes.
type wordBag []uint64

// bagOf adds the words of s to bag.
func bagOf(bag wordBag, s string) wordBag {
	for _, t := range tokenize(s) {
		r, _ := utf8.DecodeRuneInString(t)
		if !isWordRune(r) {
			continue
		}
		h := uint64(14695981039346656037) // FNV-1a
		for k := 0; k < len(t); k++ {
			h ^= uint64(t[k])
			h *= 1099511628211
		}
		bag = append(bag, h)
	}
	return bag
}

func (b wordBag) sorted() wordBag {
	slices.Sort(b)
	return b
}

// similarity is the Dice coefficient of two sorted word bags: twice the
// number of words they share over the number of words in both. Two empty
// bags are alike.
func similarity(a, b wordBag) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}
