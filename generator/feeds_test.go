package generator

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// feedPaths lists every feed document of a built site.
func feedPaths(t *testing.T, dest string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && slices.Contains([]string{"feed.xml", "atom.xml", "feed.json"}, d.Name()) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// parseFeeds reads every feed of a build with gofeed, a real feed client,
// and checks that every link in it resolves to a file of the build.
func parseFeeds(t *testing.T, dest, baseURL string) map[string]*gofeed.Feed {
	t.Helper()
	feeds := map[string]*gofeed.Feed{}
	paths := feedPaths(t, dest)
	if len(paths) == 0 {
		t.Fatal("no feeds")
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := gofeed.NewParser().Parse(f)
		f.Close()
		rel, _ := filepath.Rel(dest, p)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		feeds[filepath.ToSlash(rel)] = parsed
		resolve := func(what, link string) {
			if !strings.HasPrefix(link, baseURL) {
				t.Errorf("%s: %s %q is not under %s", rel, what, link, baseURL)
				return
			}
			u, _ := url.Parse(link)
			local := strings.TrimPrefix(u.Path, "/")
			if local == "" || strings.HasSuffix(local, "/") {
				local += "index.html"
			}
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(local))); err != nil {
				t.Errorf("%s: %s %s resolves to no file", rel, what, link)
			}
		}
		resolve("home link", parsed.Link)
		if parsed.FeedLink != "" {
			resolve("self link", parsed.FeedLink)
		}
		ids := map[string]bool{}
		for _, item := range parsed.Items {
			if item.GUID == "" || ids[item.GUID] {
				t.Errorf("%s: entry %q has an empty or repeated id %q", rel, item.Title, item.GUID)
			}
			ids[item.GUID] = true
			resolve("entry link", item.Link)
			for _, l := range item.Links {
				resolve("entry link", l)
			}
			if item.PublishedParsed == nil {
				t.Errorf("%s: entry %q has no date", rel, item.Title)
			}
			if item.Content == "" && item.Description == "" {
				t.Errorf("%s: entry %q has no content", rel, item.Title)
			}
		}
	}
	return feeds
}

func TestExampleFeeds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	feeds := parseFeeds(t, dest, "https://legal.tern.example/")

	// The privacy feed: three versions, the upcoming one announced, newest first.
	for _, name := range []string{"privacy/feed.xml", "privacy/atom.xml", "privacy/feed.json"} {
		f := feeds[name]
		if f == nil {
			t.Fatalf("no %s", name)
		}
		var titles, dates []string
		for _, it := range f.Items {
			titles = append(titles, it.Title)
			dates = append(dates, it.PublishedParsed.Format("2006-01-02"))
		}
		wantTitles := []string{
			"Privacy Policy — changes effective 15 January 2027",
			"Privacy Policy — changes effective 1 June 2025",
			"Privacy Policy — published, effective 1 March 2024",
		}
		if !slices.Equal(titles, wantTitles) {
			t.Errorf("%s titles = %q, want %q", name, titles, wantTitles)
		}
		if want := []string{"2026-11-15", "2025-05-01", "2024-03-01"}; !slices.Equal(dates, want) {
			t.Errorf("%s dates = %v, want the announcement dates %v", name, dates, want)
		}
		if ids := f.Items[0].GUID; ids != "tag:legal.tern.example,2027-01-15:privacy/2027-01-15" {
			t.Errorf("%s first id = %q", name, ids)
		}
		// The entry carries the summary, the material flag and the redline.
		content := f.Items[1].Content
		if content == "" {
			content = f.Items[1].Description
		}
		for _, want := range []string{"This is a material change.", "encrypted at rest", "<ins>", "https://legal.tern.example/privacy/2025-06-01/changes/"} {
			if !strings.Contains(content, want) {
				t.Errorf("%s entry content lacks %q", name, want)
			}
		}
	}
	if n := len(feeds["feed.xml"].Items); n != 5 {
		t.Errorf("site feed has %d entries, want 5 (every published version)", n)
	}
	if n := len(feeds["jurisdictions/us-ca/atom.xml"].Items); n != 2 {
		t.Errorf("California feed has %d entries, want the 2 versions with a California section", n)
	}
}

// TestFeedIDsStable builds at two dates and requires every entry that
// both builds publish to keep its id, title, date and content.
func TestFeedIDsStable(t *testing.T) {
	early, late := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: early, Now: mustDate("2025-06-15")}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: late, Now: mustDate("2027-06-01")}); err != nil {
		t.Fatal(err)
	}
	a := parseFeeds(t, early, "https://legal.tern.example/")
	b := parseFeeds(t, late, "https://legal.tern.example/")
	compared := 0
	for name, fa := range a {
		fb := b[name]
		if fb == nil {
			t.Errorf("%s missing from the later build", name)
			continue
		}
		byID := map[string]*gofeed.Item{}
		for _, it := range fb.Items {
			byID[it.GUID] = it
		}
		for _, it := range fa.Items {
			other := byID[it.GUID]
			if other == nil {
				t.Errorf("%s: entry %s vanished in the later build", name, it.GUID)
				continue
			}
			if other.Title != it.Title || other.Content != it.Content || !other.PublishedParsed.Equal(*it.PublishedParsed) {
				t.Errorf("%s: entry %s changed between builds", name, it.GUID)
			}
			compared++
		}
	}
	if compared < 10 {
		t.Errorf("only %d entries compared", compared)
	}
}

// validateAtom runs jing with the RFC 4287 RELAX NG schema over every
// Atom feed of a build, when both are available.
func validateAtom(t *testing.T, dest string) {
	t.Helper()
	schema := filepath.Join("..", "..", "shared", "schemas", "atom-rfc4287.rnc")
	if _, err := os.Stat(schema); err != nil {
		t.Skip("no Atom schema beside the repository")
	}
	jing, err := exec.LookPath("jing")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("jing is not installed (make deps installs it)")
		}
		t.Skip("jing is not installed")
	}
	var atoms []string
	for _, p := range feedPaths(t, dest) {
		if filepath.Base(p) == "atom.xml" {
			atoms = append(atoms, p)
		}
	}
	out, err := exec.Command(jing, append([]string{"-c", schema}, atoms...)...).CombinedOutput()
	if err != nil {
		t.Errorf("Atom feeds do not validate against RFC 4287:\n%s", out)
	}
}

func TestExampleAtomValidates(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	validateAtom(t, dest)
}
