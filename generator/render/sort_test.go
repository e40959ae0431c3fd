package render

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortedStable: the same order as a stable sort, ties included.
func TestSortedStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		vs := make([]*Version, n)
		for i := range vs {
			vs[i] = &Version{StatusName: string(rune('a' + rng.IntN(5)))} // many ties
		}
		cmp := func(a, b *Version) int { return int(a.StatusName[0]) - int(b.StatusName[0]) }
		want := slices.Clone(vs)
		slices.SortStableFunc(want, cmp)
		got := sortedStable(vs, cmp)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("n=%d: element %d differs from the stable sort's", n, i)
			}
		}
	}
}
