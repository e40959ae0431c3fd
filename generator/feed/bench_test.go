package feed

import (
	"fmt"
	"strings"
	"testing"
)

// benchFeed is a policy's feed as the M corpus has them: ten versions,
// the first carrying the whole text (some 20 kB of HTML) and the others
// their changed sections (some 3 kB each).
func benchFeed() *Feed {
	f := testFeed()
	para := `<p>We keep your account information for as long as your account is open, and delete it within <del><span class="visually-hidden">Deleted: </span>60</del><ins><span class="visually-hidden">Inserted: </span>30</ins> days &amp; notify you.</p>` + "\n"
	entry := f.Entries[0]
	f.Entries = nil
	for i := range 10 {
		e := entry
		e.ID = fmt.Sprintf("%s-%d", entry.ID, i)
		n := 15
		if i == 9 {
			n = 100
		}
		e.ContentHTML = strings.Repeat(para, n)
		f.Entries = append(f.Entries, e)
	}
	return f
}

// BenchmarkFeeds writes one policy's feed in each format.
func BenchmarkFeeds(b *testing.B) {
	f := benchFeed()
	for _, format := range []struct {
		name  string
		write func(*Feed) ([]byte, error)
	}{{"RSS", RSS}, {"Atom", Atom}, {"JSON", JSON}} {
		b.Run(format.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				out, err := format.write(f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.SetBytes(int64(n))
		})
	}
}
