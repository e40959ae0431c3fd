// Package feed writes a site's change feeds as RSS 2.0, Atom 1.0 (RFC 4287)
// and JSON Feed 1.1 documents.
//
// It is a leaf: it knows nothing of policies or sites. The caller describes a
// feed with a [Feed] and its [Entry] values, and [RSS], [Atom] and [JSON]
// each return one complete document. Every document is built from typed
// structs marshalled by encoding/xml or encoding/json, never from text
// templates. Escaping is the encoders' job, but for the Atom text
// constructs and the RSS HTML (titles, summaries, contents): their types
// (atomText, rssHTML) are made only by textOf and htmlOf, which escape no
// more than XML requires (escapeText), where encoding/xml would also write
// every quote and newline of a redline's HTML as a character reference.
//
// # Input
//
// A Feed needs a Title, an absolute HomeURL and a date: Updated, or else the
// newest Updated of its entries. An Entry needs an ID, a Title, an absolute
// URL and a Published or Updated date; a zero Published is taken from Updated
// and a zero Updated from Published. All other fields are optional; every URL
// given must be absolute. The functions check the whole Feed first and report
// all of its problems together in one error, and each format accepts and
// rejects exactly the same input.
//
// Entry IDs are written as given and must never change once published; a tag
// URI such as "tag:legal.example.com,2024-05-15:privacy/2024-05-15" is a good
// choice. Entries are written in the order given, which should be newest
// first.
//
// # Output
//
// The same Feed always gives the same bytes: nothing depends on the clock, the
// time zone or map order. Dates are written in UTC, as RFC 3339 in Atom and
// JSON Feed and as RFC 1123 with a numeric zone in RSS. XML documents start
// with the XML declaration; every document ends in a newline. Documents are
// written compact, without indentation: as small as a minifier would make
// them, so a site build writes them as they are.
//
// Every string is cleaned before it is written: bytes that are not UTF-8 and
// characters that XML 1.0 forbids (the C0 controls but tab, newline and
// carriage return; U+FFFE; U+FFFF) are removed, so the XML is always
// well-formed, and all three formats carry the same text. Categories left
// empty by cleaning are dropped.
//
// # Mapping
//
//	Feed / Entry        RSS 2.0                      Atom 1.0                                JSON Feed 1.1
//	Title               channel/title                feed/title                              title
//	Description         channel/description¹         feed/subtitle (type text)               description
//	Language            channel/language             feed/@xml:lang                          language
//	HomeURL             channel/link                 feed/link rel=alternate type=text/html  home_page_url
//	URLs.RSS            channel/atom:link rel=self   feed/link rel=alternate                 -
//	URLs.Atom           -                            feed/link rel=self                      -
//	URLs.JSON           -                            feed/link rel=alternate                 feed_url
//	ID                  -                            feed/id (empty: HomeURL)                -
//	Author              -                            feed/author/name (empty: Title)         authors[0].name
//	Updated             channel/lastBuildDate        feed/updated                            -
//	Icon                channel/image                feed/icon                               icon
//	Entry.ID            item/guid isPermaLink=false  entry/id                                id
//	Entry.Title         item/title                   entry/title                             title
//	Entry.URL           item/link                    entry/link rel=alternate                url
//	Entry.ExternalURL   -²                           entry/link rel=related                  external_url
//	Entry.Published     item/pubDate                 entry/published                         date_published
//	Entry.Updated       -                            entry/updated                           date_modified
//	Entry.Summary       item/description³            entry/summary (type text)               summary
//	Entry.ContentHTML   item/content:encoded³        entry/content (type html)               content_html⁴
//	Entry.Categories    item/category                entry/category/@term                    tags
//	Entry.Author        item/dc:creator              entry/author/name                       authors[0].name
//
// ¹ Title when Description is empty; RSS requires a description.
//
// ² RSS has no place for a second link: carry it in ContentHTML as well.
//
// ³ An RSS description is read as HTML, so the plain-text Summary is
// HTML-escaped before it is written; when there is no Summary, the description
// holds ContentHTML instead and content:encoded is left out.
//
// ⁴ When ContentHTML is empty, content_text holds the Summary, or else the
// Title, since JSON Feed requires one of the two.
package feed
