package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/policysite/policysite/generator/theme"
)

// partialCache keeps the partials a render executed through Page.Cached,
// by page kind, name and keys. It lives as long as one render of one
// language, so the site, the build date and the language need no key.
type partialCache struct {
	theme *theme.Theme
	// off: the site has layouts of its own, whose partials may show what
	// the built-in layouts' keys do not name. Every call executes.
	off  bool
	kept sync.Map // cacheKey → template.HTML
}

// Cached is the template name, as the page's layout sees it, executed with
// data — once per render for each page kind, name and keys: a later call
// with the same ones gets the HTML of the first. The keys (strings,
// integers or booleans) must tell apart everything the template shows
// beyond the site, its language and the page kind. The built-in layouts
// use it for what many pages show alike: the footer, the feed links, the
// subscribe block, the publishing entity, and a version's contents and
// jurisdiction links, which most versions of a policy share.
func (p *Page) Cached(name string, data any, keys ...any) (template.HTML, error) {
	c := p.partials
	if c == nil {
		return "", errors.New("Cached: the page is not being rendered")
	}
	key, err := cacheKey(p.Kind, name, keys)
	if err != nil {
		return "", err
	}
	if !c.off {
		if html, ok := c.kept.Load(key); ok {
			return html.(template.HTML), nil
		}
	}
	var buf bytes.Buffer
	if err := c.theme.Partial(&buf, p.Kind, name, data); err != nil {
		return "", err
	}
	html := trustedHTML(buf.String())
	if !c.off {
		c.kept.Store(key, html)
	}
	return html, nil
}

// cacheKey joins kind, name and keys, each key marked with its type so
// that 1 and "1" differ, and each string with its length so that no two
// lists of keys join alike.
func cacheKey(kind, name string, keys []any) (string, error) {
	var b strings.Builder
	writeField(&b, kind)
	writeField(&b, name)
	for i, k := range keys {
		switch v := reflect.ValueOf(k); v.Kind() {
		case reflect.String:
			b.WriteByte('s')
			writeField(&b, v.String())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			b.WriteByte('i')
			b.WriteString(strconv.FormatInt(v.Int(), 10))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			b.WriteByte('i')
			b.WriteString(strconv.FormatUint(v.Uint(), 10))
		case reflect.Bool:
			b.WriteByte('b')
			b.WriteString(strconv.FormatBool(v.Bool()))
		default:
			return "", fmt.Errorf("Cached %q: key %d is a %T (expected a string, an integer or a boolean)", name, i+1, k)
		}
		b.WriteByte(';')
	}
	return b.String(), nil
}

// tocKey is a key for Cached that versions with the same table of
// contents share: the entries, nested as they are, and whether the
// sections are numbered.
func tocKey(toc []*TOCEntry, numbered bool) string {
	h := sha256.New()
	var buf []byte // as fmt's "%d %q %q %q(" writes it, without fmt's cost on every version
	var write func(entries []*TOCEntry)
	write = func(entries []*TOCEntry) {
		for _, e := range entries {
			buf = strconv.AppendInt(buf[:0], int64(e.Level), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendQuote(buf, e.ID)
			buf = append(buf, ' ')
			buf = strconv.AppendQuote(buf, e.Text)
			buf = append(buf, ' ')
			buf = strconv.AppendQuote(buf, e.Number)
			buf = append(buf, '(')
			h.Write(buf)
			write(e.Children)
			h.Write([]byte(")"))
		}
	}
	write(toc)
	if numbered {
		h.Write([]byte("numbered"))
	}
	return string(h.Sum(nil))
}

// jurisdictionsKey is a key for Cached that versions pointing the same
// jurisdictions at the same headings share.
func jurisdictionsKey(links []*JurisdictionLink) string {
	h := sha256.New()
	for _, l := range links {
		if l.Jurisdiction == nil {
			h.Write([]byte("- "))
		} else {
			fmt.Fprintf(h, "%q %q %q ", l.Code, l.Name, l.Laws)
		}
		fmt.Fprintf(h, "%q %q;", l.HeadingID, l.HeadingText)
	}
	return string(h.Sum(nil))
}

// FeedsKey is a key for Cached that pages advertising the same feeds
// share: those of one policy, or the site's.
func (p *Page) FeedsKey() string { return feedsKey(p.Feeds, "") }

// SubscribeKey is a key for Cached that pages offering the same
// subscriptions share.
func (p *Page) SubscribeKey() string {
	if p.Subscribe == nil {
		return ""
	}
	return feedsKey(p.Subscribe.Feeds, p.Subscribe.Email)
}

func feedsKey(feeds []FeedLink, email string) string {
	var b strings.Builder
	for _, f := range feeds {
		writeField(&b, f.Type)
		writeField(&b, f.Name)
		writeField(&b, f.Title)
		writeField(&b, f.Path)
	}
	b.WriteByte('|')
	b.WriteString(email)
	return b.String()
}

// writeField writes s with its length in front, so that fields written
// one after another never join alike.
func writeField(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}
