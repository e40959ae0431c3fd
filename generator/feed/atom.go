package feed

import (
	"bytes"
	"encoding/xml"
)

// Atom returns f as an Atom 1.0 document (RFC 4287).
func Atom(f *Feed) ([]byte, error) {
	f, err := prepare(f)
	if err != nil {
		return nil, err
	}
	author := f.Author
	if author == "" {
		author = f.Title
	}
	doc := atomFeed{
		Lang:    f.Language,
		ID:      f.ID,
		Title:   textOf("", f.Title),
		Updated: rfc3339(f.Updated),
		Author:  &atomPerson{Name: author},
		Links: appendLinks(nil,
			atomLink{Rel: "alternate", Type: "text/html", Href: f.HomeURL},
			atomLink{Rel: "self", Type: "application/atom+xml", Href: f.URLs.Atom},
			atomLink{Rel: "alternate", Type: "application/rss+xml", Href: f.URLs.RSS},
			atomLink{Rel: "alternate", Type: "application/feed+json", Href: f.URLs.JSON},
		),
		Icon: f.Icon,
	}
	if f.Description != "" {
		doc.Subtitle = ptr(textOf("text", f.Description))
	}
	head, err := marshalXML(doc)
	if err != nil {
		return nil, err
	}
	return withEntries(head, "</feed>\n", "", f, atomFormat, func(e *Entry) ([]byte, error) {
		return xmlElement(atomEntryOf(e), "entry", sizeHint(e))
	})
}

func atomEntryOf(e *Entry) atomEntry {
	a := atomEntry{
		ID:        e.ID,
		Title:     textOf("", e.Title),
		Updated:   rfc3339(e.Updated),
		Published: rfc3339(e.Published),
		Links: appendLinks(nil,
			atomLink{Rel: "alternate", Type: "text/html", Href: e.URL},
			atomLink{Rel: "related", Type: "text/html", Href: e.ExternalURL},
		),
	}
	if e.Author != "" {
		a.Author = &atomPerson{Name: e.Author}
	}
	if e.Summary != "" {
		a.Summary = ptr(textOf("text", e.Summary))
	}
	if e.ContentHTML != "" {
		a.Content = ptr(textOf("html", e.ContentHTML))
	}
	for _, c := range e.Categories {
		a.Categories = append(a.Categories, atomCategory{Term: c})
	}
	return a
}

// appendLinks appends the links that have an href.
func appendLinks(links []atomLink, add ...atomLink) []atomLink {
	for _, l := range add {
		if l.Href != "" {
			links = append(links, l)
		}
	}
	return links
}

// marshalXML writes v after the XML declaration, ending in a newline. The
// feeds are written compact, without indentation: the build writes them
// as they are, not through the minifier.
func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// The Atom document, after golang/website's internal/blog/atom. Children carry
// no namespace of their own and so inherit the feed's default namespace.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Author   *atomPerson `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Icon     string      `xml:"icon,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Author     *atomPerson    `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

// atomText is a text construct. Body is escaped already (escapeText).
type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",innerxml"`
}

func textOf(typ, s string) atomText { return atomText{Type: typ, Body: escapeText(s)} }

func ptr[T any](v T) *T { return &v }

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}
