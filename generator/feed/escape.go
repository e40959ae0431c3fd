package feed

import "strings"

// escapeText escapes s as XML character data: "&", "<" and ">" as
// entities, and a carriage return as a character reference so that it
// reads back as written rather than as a line end. That is all XML asks
// of text. encoding/xml's own escaping also writes every quote, apostrophe,
// tab and newline as a reference, and a redline's HTML, carried as text
// in every entry, is full of quoted attributes and newlines: the titles,
// summaries and contents go through escapeText instead and are written
// as inner XML (see atomText and rssHTML). s has been cleaned of what XML
// forbids (clean).
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	last := 0
	for i := 0; i < len(s); i++ {
		var ref string
		switch s[i] {
		case '&':
			ref = "&amp;"
		case '<':
			ref = "&lt;"
		case '>':
			ref = "&gt;"
		case '\r':
			ref = "&#13;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(ref)
		last = i + 1
	}
	b.WriteString(s[last:])
	return b.String()
}
