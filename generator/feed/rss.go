package feed

import (
	"encoding/xml"
	"html"
)

// RSS returns f as an RSS 2.0 document.
func RSS(f *Feed) ([]byte, error) {
	f, err := prepare(f)
	if err != nil {
		return nil, err
	}
	description := f.Description
	if description == "" {
		description = f.Title
	}
	ch := rssChannel{
		Title:         f.Title,
		Link:          f.HomeURL,
		Description:   description,
		Language:      f.Language,
		LastBuildDate: rfc1123(f.Updated),
	}
	if f.URLs.RSS != "" {
		ch.AtomLink = &rssAtomLink{Href: f.URLs.RSS, Rel: "self", Type: "application/rss+xml"}
	}
	if f.Icon != "" {
		ch.Image = &rssImage{URL: f.Icon, Title: f.Title, Link: f.HomeURL}
	}
	head, err := marshalXML(rssDoc{
		Version:   "2.0",
		NSAtom:    "http://www.w3.org/2005/Atom",
		NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:      "http://purl.org/dc/elements/1.1/",
		Channel:   ch,
	})
	if err != nil {
		return nil, err
	}
	return withEntries(head, "</channel></rss>\n", "", f, rssFormat, func(e *Entry) ([]byte, error) {
		return xmlElement(rssItemOf(e), "item", sizeHint(e))
	})
}

func rssItemOf(e *Entry) rssItem {
	it := rssItem{
		Title:      e.Title,
		Link:       e.URL,
		Creator:    e.Author,
		Categories: e.Categories,
		GUID:       rssGUID{IsPermaLink: "false", ID: e.ID},
		PubDate:    rfc1123(e.Published),
	}
	// <description> is HTML by custom, so the plain-text summary is
	// escaped as HTML before htmlOf escapes it again as XML.
	switch {
	case e.Summary != "":
		it.Description = htmlOf(html.EscapeString(e.Summary))
		if e.ContentHTML != "" {
			it.Content = htmlOf(e.ContentHTML)
		}
	case e.ContentHTML != "":
		it.Description = htmlOf(e.ContentHTML)
	}
	return it
}

// The RSS document. RSS has no namespace of its own; the extension elements
// are written with the prefixes declared on <rss>, as RSS readers expect.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string       `xml:"title"`
	Link          string       `xml:"link"`
	Description   string       `xml:"description"`
	Language      string       `xml:"language,omitempty"`
	LastBuildDate string       `xml:"lastBuildDate"`
	AtomLink      *rssAtomLink `xml:"atom:link"`
	Image         *rssImage    `xml:"image"`
	Items         []rssItem    `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssImage struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	Description *rssHTML `xml:"description"`
	Content     *rssHTML `xml:"content:encoded"`
	Creator     string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
}

// rssHTML is HTML carried as text. Body is escaped already (escapeText).
type rssHTML struct {
	Body string `xml:",innerxml"`
}

func htmlOf(s string) *rssHTML { return &rssHTML{Body: escapeText(s)} }

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}
