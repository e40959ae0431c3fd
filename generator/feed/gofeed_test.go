package feed

import (
	"bytes"
	"html"
	"slices"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gojson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// TestGofeed reads every format back with gofeed, a parser real feed
// readers use, and checks what a subscriber would see.
func TestGofeed(t *testing.T) {
	f := testFeed()
	for _, ft := range []struct {
		name     string
		write    func(*Feed) ([]byte, error)
		feedType string
		self     string
	}{
		{"rss", RSS, "rss", f.URLs.RSS},
		{"atom", Atom, "atom", f.URLs.Atom},
		{"json", JSON, "json", f.URLs.JSON},
	} {
		t.Run(ft.name, func(t *testing.T) {
			out, err := ft.write(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := gofeed.NewParser().Parse(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if got.FeedType != ft.feedType {
				t.Errorf("FeedType = %q, want %q", got.FeedType, ft.feedType)
			}
			eq(t, "Title", got.Title, f.Title)
			eq(t, "Link", got.Link, f.HomeURL)
			eq(t, "FeedLink", got.FeedLink, ft.self)
			eq(t, "Language", got.Language, f.Language)
			if ft.name != "atom" {
				eq(t, "Description", got.Description, f.Description)
			}
			if ft.name != "json" { // JSON Feed has no feed-level date
				eqTime(t, "Updated", got.UpdatedParsed, f.Updated)
			}
			if ft.name != "rss" {
				if len(got.Authors) != 1 || got.Authors[0].Name != f.Author {
					t.Errorf("Authors = %v, want %q", got.Authors, f.Author)
				}
			}
			if got.Image == nil || got.Image.URL != f.Icon {
				t.Errorf("Image = %+v, want %q", got.Image, f.Icon)
			}
			if len(got.Items) != len(f.Entries) {
				t.Fatalf("%d items, want %d", len(got.Items), len(f.Entries))
			}
			for i, e := range f.Entries {
				it := got.Items[i]
				eq(t, "GUID", it.GUID, e.ID)
				eq(t, "item Title", it.Title, e.Title)
				eq(t, "item Link", it.Link, e.URL)
				eqTime(t, "Published", it.PublishedParsed, e.Published)
				if ft.name != "rss" { // RSS has no updated date of its own
					updated := e.Updated
					if updated.IsZero() {
						updated = e.Published
					}
					eqTime(t, "item Updated", it.UpdatedParsed, updated)
				}
				if !slices.Equal(it.Categories, e.Categories) {
					t.Errorf("item %d Categories = %q, want %q", i, it.Categories, e.Categories)
				}
				eq(t, "Content", it.Content, e.ContentHTML)
				summary := e.Summary
				if ft.name == "rss" {
					summary = html.EscapeString(summary)
				}
				eq(t, "item Description", it.Description, summary)
				author := ""
				if len(it.Authors) > 0 {
					author = it.Authors[0].Name
				}
				eq(t, "item Author", author, e.Author)
			}
		})
	}
}

// TestGofeedDetails checks with gofeed's format parsers what the universal
// one does not show.
func TestGofeedDetails(t *testing.T) {
	f := testFeed()
	t.Run("rss", func(t *testing.T) {
		out, err := RSS(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := (&rss.Parser{}).Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "version", got.Version, "2.0")
		eq(t, "pubDate", got.Items[0].PubDate, "Mon, 15 Apr 2024 00:00:00 +0000")
		eq(t, "lastBuildDate", got.LastBuildDate, "Mon, 15 Apr 2024 00:00:00 +0000")
		for i, it := range got.Items {
			if it.GUID == nil || it.GUID.IsPermalink != "false" || it.GUID.Value != f.Entries[i].ID {
				t.Errorf("item %d guid = %+v, want isPermaLink=false %q", i, it.GUID, f.Entries[i].ID)
			}
		}
	})
	t.Run("atom", func(t *testing.T) {
		out, err := Atom(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := (&atom.Parser{}).Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "id", got.ID, f.ID)
		eq(t, "subtitle", got.Subtitle, f.Description)
		eq(t, "updated", got.Updated, "2024-04-15T00:00:00Z")
		eq(t, "published", got.Entries[1].Published, "2022-04-28T00:00:00Z")
		want := []atom.Link{
			{Rel: "alternate", Type: "text/html", Href: f.HomeURL},
			{Rel: "self", Type: "application/atom+xml", Href: f.URLs.Atom},
			{Rel: "alternate", Type: "application/rss+xml", Href: f.URLs.RSS},
			{Rel: "alternate", Type: "application/feed+json", Href: f.URLs.JSON},
		}
		checkLinks(t, "feed", got.Links, want)
		e := f.Entries[0]
		checkLinks(t, "entry 1", got.Entries[0].Links, []atom.Link{
			{Rel: "alternate", Type: "text/html", Href: e.URL},
			{Rel: "related", Type: "text/html", Href: e.ExternalURL},
		})
		checkLinks(t, "entry 2", got.Entries[1].Links, []atom.Link{
			{Rel: "alternate", Type: "text/html", Href: f.Entries[1].URL},
		})
		if c := got.Entries[0].Content; c == nil || c.Type != "html" || c.Value != e.ContentHTML {
			t.Errorf("content = %+v, want type html %q", c, e.ContentHTML)
		}
	})
	t.Run("json", func(t *testing.T) {
		out, err := JSON(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := (&gojson.Parser{}).Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "version", got.Version, "https://jsonfeed.org/version/1.1")
		eq(t, "external_url", got.Items[0].ExternalURL, f.Entries[0].ExternalURL)
		eq(t, "external_url", got.Items[1].ExternalURL, "")
		eq(t, "date_published", got.Items[0].DatePublished, "2024-04-15T00:00:00Z")
		eq(t, "date_modified", got.Items[1].DateModified, "2022-04-28T00:00:00Z")
	})
}

func checkLinks(t *testing.T, what string, got []*atom.Link, want []atom.Link) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d links, want %d", what, len(got), len(want))
		return
	}
	for i := range want {
		if g := got[i]; g.Rel != want[i].Rel || g.Type != want[i].Type || g.Href != want[i].Href {
			t.Errorf("%s: link %d = %+v, want %+v", what, i, *g, want[i])
		}
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func eqTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil || !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
