package feed

import (
	"bytes"
	"encoding/json"
	"html"
	"testing"
)

// wholeDocuments writes f the plain way, every entry inside the one
// document encoding/xml or encoding/json marshals: what the writers,
// which put the entries' fragments into a document written without them,
// must give byte for byte.
func wholeDocuments(t *testing.T, f *Feed) map[string][]byte {
	t.Helper()
	f, err := prepare(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}

	author := f.Author
	if author == "" {
		author = f.Title
	}
	atom := atomFeed{
		Lang: f.Language, ID: f.ID, Title: textOf("", f.Title), Updated: rfc3339(f.Updated),
		Author: &atomPerson{Name: author}, Icon: f.Icon,
		Links: appendLinks(nil,
			atomLink{Rel: "alternate", Type: "text/html", Href: f.HomeURL},
			atomLink{Rel: "self", Type: "application/atom+xml", Href: f.URLs.Atom},
			atomLink{Rel: "alternate", Type: "application/rss+xml", Href: f.URLs.RSS},
			atomLink{Rel: "alternate", Type: "application/feed+json", Href: f.URLs.JSON},
		),
	}
	if f.Description != "" {
		atom.Subtitle = ptr(textOf("text", f.Description))
	}
	for i := range f.Entries {
		atom.Entries = append(atom.Entries, atomEntryOf(&f.Entries[i]))
	}
	if out["atom.xml"], err = marshalXML(atom); err != nil {
		t.Fatal(err)
	}

	description := f.Description
	if description == "" {
		description = f.Title
	}
	ch := rssChannel{Title: f.Title, Link: f.HomeURL, Description: description, Language: f.Language, LastBuildDate: rfc1123(f.Updated)}
	if f.URLs.RSS != "" {
		ch.AtomLink = &rssAtomLink{Href: f.URLs.RSS, Rel: "self", Type: "application/rss+xml"}
	}
	if f.Icon != "" {
		ch.Image = &rssImage{URL: f.Icon, Title: f.Title, Link: f.HomeURL}
	}
	for i := range f.Entries {
		ch.Items = append(ch.Items, rssItemOf(&f.Entries[i]))
	}
	rss := rssDoc{Version: "2.0", NSAtom: "http://www.w3.org/2005/Atom", NSContent: "http://purl.org/rss/1.0/modules/content/", NSDC: "http://purl.org/dc/elements/1.1/", Channel: ch}
	if out["feed.xml"], err = marshalXML(rss); err != nil {
		t.Fatal(err)
	}

	doc := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, HomePageURL: f.HomeURL, FeedURL: f.URLs.JSON,
		Description: f.Description, Icon: f.Icon, Language: f.Language, Items: []jsonItem{}}
	if f.Author != "" {
		doc.Authors = []jsonAuthor{{Name: f.Author}}
	}
	for i := range f.Entries {
		doc.Items = append(doc.Items, jsonItemOf(&f.Entries[i]))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	out["feed.json"] = buf.Bytes()
	return out
}

// fragmentFeeds are feeds that put the assembly to the test: no entry,
// one, entries with and without each optional part, text that XML and
// JSON escape, and no description, author or icon.
func fragmentFeeds() map[string]*Feed {
	feeds := map[string]*Feed{"test feed": testFeed()}

	empty := testFeed()
	empty.Entries = nil
	feeds["no entries"] = empty

	one := testFeed()
	one.Entries = one.Entries[:1]
	feeds["one entry"] = one

	bare := testFeed()
	bare.Description, bare.Author, bare.Icon, bare.Language = "", "", "", ""
	bare.URLs = URLs{}
	feeds["bare head"] = bare

	odd := testFeed()
	odd.Entries = append(odd.Entries,
		Entry{ID: "tag:x,2020-01-01:a", Title: `Quotes "and" <angles> & 'apostrophes'`, URL: "https://x.example/a/",
			Published: day(2020, 1, 1), ContentHTML: "<p>line one\nline two\r\n\ttabbed \u2028 & done</p>"},
		Entry{ID: "tag:x,2019-01-01:b", Title: "Only a title", URL: "https://x.example/b/", Updated: day(2019, 1, 1)},
		Entry{ID: "tag:x,2018-01-01:c", Title: "A summary only", URL: "https://x.example/c/", Updated: day(2018, 1, 1),
			Summary: html.UnescapeString("5 &lt; 6"), Categories: []string{"", "editorial"}},
	)
	feeds["odd entries"] = odd
	return feeds
}

func TestFragmentsMakeTheWholeDocument(t *testing.T) {
	for name, f := range fragmentFeeds() {
		want := wholeDocuments(t, f)
		for _, withFragments := range []bool{false, true} {
			g := *f
			g.Entries = append([]Entry(nil), f.Entries...)
			if withFragments {
				for i := range g.Entries {
					g.Entries[i].Fragments = &Fragments{}
				}
			}
			// Twice: the second time with fragments, each entry is taken
			// as it was written.
			for pass := range 2 {
				for _, ft := range formats {
					got, err := ft.write(&g)
					if err != nil {
						t.Fatalf("%s, %s: %v", name, ft.name, err)
					}
					if !bytes.Equal(got, want[ft.name]) {
						t.Errorf("%s, %s, fragments %v, pass %d:\n got %s\nwant %s", name, ft.name, withFragments, pass+1, got, want[ft.name])
					}
				}
			}
		}
	}
}

// TestFragmentsAreKept checks that an entry with Fragments is written once
// for all the feeds that carry it: what a second feed gets is what the
// first kept, even were the entry (against the rules) changed meanwhile.
func TestFragmentsAreKept(t *testing.T) {
	f := testFeed()
	for i := range f.Entries {
		f.Entries[i].Fragments = &Fragments{}
	}
	first, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	f.Entries[0].Title = "Changed after it was written"
	again, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Errorf("the entry was written again:\n%s", again)
	}
	f.Entries[0].Fragments = &Fragments{}
	fresh, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(fresh, []byte("Changed after it was written")) {
		t.Errorf("a new Fragments did not write the entry anew:\n%s", fresh)
	}
}
