package feed

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Feed is a neutral description of one change feed, from which RSS, Atom and
// JSON Feed documents are written.
type Feed struct {
	Title       string
	Description string    // optional; RSS falls back to Title
	Language    string    // optional BCP 47 tag, e.g. "en"
	HomeURL     string    // absolute URL of the page the feed belongs to
	URLs        URLs      // where each format of this feed is published
	ID          string    // stable Atom id; empty means HomeURL
	Author      string    // name of the publisher; Atom falls back to Title
	Updated     time.Time // zero means the newest entry's Updated
	Icon        string    // optional absolute URL of a square image
	Entries     []Entry   // newest first; written in the order given
}

// URLs are the absolute URLs at which the formats of one feed are published.
// Each is optional; a format's own URL becomes its self link.
type URLs struct {
	RSS  string
	Atom string
	JSON string
}

// Entry is one item of a feed: for policysite, one version of a policy.
type Entry struct {
	ID          string    // stable, never changes, e.g. "tag:legal.example.com,2024-05-15:privacy/2024-05-15"
	Title       string    // plain text
	URL         string    // absolute URL of the entry's page
	ExternalURL string    // optional absolute URL of a related page, e.g. the redline
	Published   time.Time // zero means Updated
	Updated     time.Time // zero means Published
	Summary     string    // optional plain text
	ContentHTML string    // optional HTML fragment; its URLs must be absolute
	Categories  []string  // optional, e.g. "material", "privacy"; empty ones are dropped
	Author      string    // optional name

	// Fragments, when set, keeps what the entry is in each format, for
	// every feed that carries it (see Fragments).
	Fragments *Fragments
}

// prepare checks f and returns a copy in which every string has been made
// safe for XML and every date set and in UTC, so that the three writers only
// map fields. All problems are reported together.
func prepare(f *Feed) (*Feed, error) {
	if f == nil {
		return nil, errors.New("feed: nil feed")
	}
	g := &Feed{
		Title:       clean(f.Title),
		Description: clean(f.Description),
		Language:    clean(f.Language),
		HomeURL:     clean(f.HomeURL),
		URLs: URLs{
			RSS:  clean(f.URLs.RSS),
			Atom: clean(f.URLs.Atom),
			JSON: clean(f.URLs.JSON),
		},
		ID:      clean(f.ID),
		Author:  clean(f.Author),
		Updated: f.Updated.UTC(),
		Icon:    clean(f.Icon),
		Entries: make([]Entry, len(f.Entries)),
	}
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("feed %q: "+format, append([]any{g.Title}, args...)...))
	}
	if g.Title == "" {
		fail("title is empty")
	}
	if g.ID == "" {
		g.ID = g.HomeURL
	}
	for _, u := range []struct{ name, url string }{
		{"home URL", g.HomeURL},
		{"RSS URL", g.URLs.RSS},
		{"Atom URL", g.URLs.Atom},
		{"JSON URL", g.URLs.JSON},
		{"icon URL", g.Icon},
	} {
		if msg := checkURL(u.url, u.name == "home URL"); msg != "" {
			fail("%s %s", u.name, msg)
		}
	}

	newest := time.Time{}
	for i := range f.Entries {
		c, problems := prepareEntry(&f.Entries[i])
		if len(problems) > 0 {
			name := fmt.Sprintf("entry %d", i+1)
			if c.ID != "" {
				name += fmt.Sprintf(" %q", c.ID)
			}
			for _, p := range problems {
				fail("%s: %s", name, p)
			}
		}
		if c.Updated.After(newest) {
			newest = c.Updated
		}
		g.Entries[i] = c
	}
	if g.Updated.IsZero() {
		if newest.IsZero() && len(errs) == 0 {
			fail("updated date is zero and there is no entry to take it from")
		}
		g.Updated = newest
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return g, nil
}

// prepareEntry returns a copy of e made safe for XML, with both dates set
// and in UTC, and what is wrong with it. An entry with Fragments is
// prepared once, for all its feeds and formats.
func prepareEntry(e *Entry) (Entry, []string) {
	if c, ok := e.Fragments.prepared(); ok {
		return c, nil
	}
	c := Entry{
		ID:          clean(e.ID),
		Title:       clean(e.Title),
		URL:         clean(e.URL),
		ExternalURL: clean(e.ExternalURL),
		Published:   e.Published.UTC(),
		Updated:     e.Updated.UTC(),
		Summary:     clean(e.Summary),
		ContentHTML: clean(e.ContentHTML),
		Author:      clean(e.Author),
		Fragments:   e.Fragments,
	}
	for _, cat := range e.Categories {
		if cat = clean(cat); cat != "" {
			c.Categories = append(c.Categories, cat)
		}
	}
	if c.Published.IsZero() {
		c.Published = c.Updated
	}
	if c.Updated.IsZero() {
		c.Updated = c.Published
	}
	var problems []string
	if c.ID == "" {
		problems = append(problems, "id is empty")
	}
	if c.Title == "" {
		problems = append(problems, "title is empty")
	}
	if msg := checkURL(c.URL, true); msg != "" {
		problems = append(problems, "URL "+msg)
	}
	if msg := checkURL(c.ExternalURL, false); msg != "" {
		problems = append(problems, "external URL "+msg)
	}
	if c.Updated.IsZero() {
		problems = append(problems, "both published and updated dates are zero")
	}
	if len(problems) == 0 {
		e.Fragments.keepPrepared(c)
	}
	return c, problems
}

// checkURL returns why s is not an acceptable absolute URL, or "".
func checkURL(s string, required bool) string {
	if s == "" {
		if required {
			return "is empty"
		}
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute URL", s)
	}
	return ""
}

// clean removes from s the bytes that are not valid UTF-8 and the characters
// that XML 1.0 does not allow in a document (most C0 controls, U+FFFE,
// U+FFFF), so that every format is always well-formed and says the same.
func clean(s string) string {
	// Most of what a feed holds is ASCII text and markup, which needs no
	// change: look at the bytes before decoding any rune.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return cleanRunes(s)
		}
	}
	return s
}

// cleanRunes is clean for text that is not plain ASCII: text that needs
// no change — nearly all of it, typographic quotes and all — is returned
// as it is, without building a copy.
func cleanRunes(s string) string {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return dropNonXML(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return dropNonXML(s)
		}
		i += size
	}
	return s
}

// dropNonXML drops invalid UTF-8 and the runes XML does not allow.
func dropNonXML(s string) string {
	return strings.Map(func(r rune) rune {
		if !isXMLChar(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// isXMLChar reports whether r is a Char in the XML 1.0 grammar.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		0x20 <= r && r <= 0xD7FF ||
		0xE000 <= r && r <= 0xFFFD ||
		0x10000 <= r && r <= 0x10FFFF
}

// sizeHint guesses the size of e written in a feed, so that it is
// written into one buffer rather than one grown by doubling: escaped HTML
// takes about a third more room than the HTML, and the entry's other
// fields and markup about a kilobyte.
func sizeHint(e *Entry) int {
	return len(e.ContentHTML)*4/3 + len(e.Summary) + len(e.Title) + 1<<10
}

// Dates are written in UTC, so that the same instant always gives the same
// bytes whatever time zone it came in.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
func rfc1123(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }
