package diff

// myers computes a shortest edit script between a and b with the linear-space
// variant of Myers' O(ND) algorithm (divide and conquer on the middle snake).
// It reports which elements of a are deleted and which elements of b are
// inserted; the remaining elements pair up, in order, as equal.
func myers[T comparable](a, b []T) (del, ins []bool) {
	m := myersState[T]{del: make([]bool, len(a)), ins: make([]bool, len(b))}
	m.diff(a, b, 0, 0)
	return m.del, m.ins
}

type myersState[T comparable] struct {
	del, ins []bool
	v1, v2   []int // scratch for bisect, reused across calls
}

func (m *myersState[T]) diff(a, b []T, ao, bo int) {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
		ao++
		bo++
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 || len(b) == 0 {
		m.replace(len(a), len(b), ao, bo)
		return
	}
	x, y, ok := m.bisect(a, b)
	if !ok || (x == 0 && y == 0) || (x == len(a) && y == len(b)) {
		m.replace(len(a), len(b), ao, bo)
		return
	}
	m.diff(a[:x], b[:y], ao, bo)
	m.diff(a[x:], b[y:], ao+x, bo+y)
}

// replace marks n elements of a from ao deleted and k elements of b from bo
// inserted.
func (m *myersState[T]) replace(n, k, ao, bo int) {
	for i := range n {
		m.del[ao+i] = true
	}
	for i := range k {
		m.ins[bo+i] = true
	}
}

// bisect finds the middle snake of a shortest edit script and returns the
// point (x, y) where it splits the problem in two. Both a and b are non-empty.
func (m *myersState[T]) bisect(a, b []T) (int, int, bool) {
	n, k := len(a), len(b)
	maxD := (n + k + 1) / 2
	off := maxD
	size := 2*maxD + 2 // diagonals -maxD-1 … maxD+1
	if cap(m.v1) < size {
		m.v1 = make([]int, size)
		m.v2 = make([]int, size)
	}
	v1, v2 := m.v1[:size], m.v2[:size]
	for i := range v1 {
		v1[i] = -1
		v2[i] = -1
	}
	v1[off+1] = 0
	v2[off+1] = 0
	delta := n - k
	front := delta%2 != 0 // the forward path checks for overlap when delta is odd
	var k1start, k1end, k2start, k2end int
	for d := range maxD {
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -d || (k1 != d && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < k && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > k:
				k1start += 2
			case front:
				if j := off + delta - k1; j >= 0 && j < size && v2[j] != -1 {
					if x1 >= n-v2[j] {
						return x1, y1, true
					}
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -d || (k2 != d && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < k && a[n-x2-1] == b[k-y2-1] {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > k:
				k2start += 2
			case !front:
				if j := off + delta - k2; j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := off + x1 - j
					if x1 >= n-x2 {
						return x1, y1, true
					}
				}
			}
		}
		if d+1 == maxCost {
			// Too expensive: split at the furthest point the forward
			// search reached. The script stays valid, if not minimal.
			bx, by := 0, 0
			for k1 := -d; k1 <= d; k1 += 2 {
				x1 := v1[off+k1]
				if y1 := x1 - k1; x1 >= 0 && x1 <= n && y1 >= 0 && y1 <= k && x1+y1 > bx+by {
					bx, by = x1, y1
				}
			}
			return bx, by, true
		}
	}
	return 0, 0, false
}

// maxCost bounds the edit distance bisect searches for. Past it, a diff of
// two long and very different texts (thousands of words apart) is split
// heuristically, so that its cost stays about linear in their length.
const maxCost = 512
