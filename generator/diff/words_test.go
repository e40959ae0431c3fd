package diff

import (
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           string // ops in the [-…-][+…+] notation
	}{
		{"empty", "", "", ""},
		{"equal", "Same text.", "Same text.", "Same text."},
		{"insert all", "", "New text.", "[+New text.+]"},
		{"delete all", "Old text.", "", "[-Old text.-]"},
		{"insert word", "We keep data.", "We keep personal data.", "We keep [+personal +]data."},
		{"delete word", "We keep personal data.", "We keep data.", "We keep [-personal -]data."},
		{"replace number", "for 36 months", "for 24 months", "for [-36-][+24+] months"},
		{"whole words", "the cat sat", "the cap sat", "the [-cat-][+cap+] sat"},
		{"phrase folds spaces", "after your last login.", "after you close your account.", "after [-your last login-][+you close your account+]."},
		{"punctuation", "name, email", "name; email", "name[-,-][+;+] email"},
		{"apostrophe word", "children's data", "childrens data", "[-children's-][+childrens+] data"},
		{"decimal", "3.5 GB", "3.6 GB", "[-3.5-][+3.6+] GB"},
		{"han per rune", "我们收集数据", "我们保存数据", "我们[-收集-][+保存+]数据"},
		{"whitespace kept", "a  b", "a b", "a[-  -][+ +]b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ops := Words(tc.old, tc.new)
			tw := textWriter{}
			if got := tw.words(ops); got != tc.want {
				t.Errorf("Words(%q, %q) = %s, want %s", tc.old, tc.new, got, tc.want)
			}
			checkWordOps(t, tc.old, tc.new, ops)
		})
	}
}

// checkWordOps checks the invariants of Words: the ops rebuild both texts,
// no op is empty, and no two neighbours could be merged.
func checkWordOps(t *testing.T, old, new string, ops []WordOp) {
	t.Helper()
	o, n := apply(ops)
	if o != old || n != new {
		t.Fatalf("ops %q rebuild %q → %q, want %q → %q", ops, o, n, old, new)
	}
	for i, w := range ops {
		if w.Text == "" {
			t.Fatalf("op %d of %q is empty", i, ops)
		}
		if w.Op != Equal && w.Op != Insert && w.Op != Delete {
			t.Fatalf("op %d of %q is %v", i, ops, w.Op)
		}
		if i > 0 && ops[i-1].Op == w.Op {
			t.Fatalf("ops %d and %d of %q are both %v", i-1, i, ops, w.Op)
		}
		if i > 0 && ops[i-1].Op == Insert && w.Op == Delete {
			t.Fatalf("op %d of %q: an insertion before a deletion", i, ops)
		}
	}
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"We  don't sell.", []string{"We", "  ", "don't", " ", "sell", "."}},
		{"1,000 users; 3.5%", []string{"1,000", " ", "users", ";", " ", "3.5", "%"}},
		{"e-mail", []string{"e", "-", "mail"}},
		{"it's' 'tis", []string{"it's", "'", " ", "'", "tis"}},
		{"数据 data", []string{"数", "据", " ", "data"}},
	} {
		if got := tokenize(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMyersShortest checks on random sequences that the edit script is
// valid and as short as the one a textbook LCS table gives.
func TestMyersShortest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := randSeq(rng, rng.IntN(14))
		b := randSeq(rng, rng.IntN(14))
		del, ins := myers(a, b)
		edits := 0
		var ka, kb []int
		for i, d := range del {
			if d {
				edits++
			} else {
				ka = append(ka, a[i])
			}
		}
		for j, d := range ins {
			if d {
				edits++
			} else {
				kb = append(kb, b[j])
			}
		}
		if !slices.Equal(ka, kb) {
			t.Fatalf("myers(%v, %v): kept %v and %v differ", a, b, ka, kb)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("myers(%v, %v): %d edits, want %d", a, b, edits, want)
		}
	}
}

// TestMyersLong checks that the script stays valid past maxCost.
func TestMyersLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{maxCost, 3 * maxCost, 10 * maxCost} {
		a, b := randSeq(rng, n), randSeq(rng, n+n/3)
		del, ins := myers(a, b)
		var ka, kb []int
		for i, d := range del {
			if !d {
				ka = append(ka, a[i])
			}
		}
		for j, d := range ins {
			if !d {
				kb = append(kb, b[j])
			}
		}
		if !slices.Equal(ka, kb) {
			t.Fatalf("n=%d: kept elements differ", n)
		}
		if len(ka) < n/2 {
			t.Errorf("n=%d: kept only %d of %d elements of 4 symbols", n, len(ka), n)
		}
	}
}

func randSeq(rng *rand.Rand, n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = rng.IntN(4)
	}
	return s
}

func lcs(a, b []int) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func TestSimilarity(t *testing.T) {
	bag := func(s string) wordBag { return bagOf(wordBag{}, s).sorted() }
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"a b c d", "a b c d", 1},
		{"a b c d", "e f g h", 0},
		{"a b c d", "a b x y", 0.5},
		{"a a b", "a b b", 2 * 2.0 / 6},
	} {
		if got := similarity(bag(tc.a), bag(tc.b)); got != tc.want {
			t.Errorf("similarity(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzWords checks that the word diff of any two texts rebuilds both.
func FuzzWords(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		old, _ := fileOf(ar, "old")
		new, _ := fileOf(ar, "new")
		f.Add(old, new) // whole documents in the line format
		ol, nl := strings.Split(old, "\n"), strings.Split(new, "\n")
		for i := range min(len(ol), len(nl)) {
			if ol[i] != nl[i] {
				f.Add(ol[i], nl[i])
			}
		}
	}
	f.Add("a  b", "a b")
	f.Add("我们收集数据", "我们保存数据")
	f.Fuzz(func(t *testing.T, old, new string) {
		checkWordOps(t, old, new, Words(old, new))
	})
}
