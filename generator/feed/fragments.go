package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sync"
)

// Fragments keeps what one entry is in each format, so that an entry
// several feeds carry — a policy's, the site's, a jurisdiction's — is
// written once, and a feed made again after an edit writes only its
// entries that changed. Give each entry made its own Fragments and keep
// the two together: an entry must not change once it has been written.
type Fragments struct {
	mu       sync.Mutex
	kept     [formatCount][]byte
	clean    Entry // the entry as prepare made it, once it has
	hasClean bool
}

const (
	rssFormat = iota
	atomFormat
	jsonFormat
	formatCount
)

// prepared returns the entry as prepare made it, if it has.
func (fr *Fragments) prepared() (Entry, bool) {
	if fr == nil {
		return Entry{}, false
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	return fr.clean, fr.hasClean
}

func (fr *Fragments) keepPrepared(e Entry) {
	if fr == nil {
		return
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	fr.clean, fr.hasClean = e, true
}

// fragment returns e in format, as write makes it, made once for the
// entry's Fragments.
func (e *Entry) fragment(format int, write func() ([]byte, error)) ([]byte, error) {
	fr := e.Fragments
	if fr == nil {
		return write()
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if b := fr.kept[format]; b != nil {
		return b, nil
	}
	b, err := write()
	if err != nil {
		return nil, err
	}
	fr.kept[format] = b
	return b, nil
}

// withEntries returns head, f written without its entries, with the
// fragment of each entry in format put where the writer would have put
// the entries (see assemble).
func withEntries(head []byte, closing, sep string, f *Feed, format int, write func(e *Entry) ([]byte, error)) ([]byte, error) {
	frags := make([][]byte, len(f.Entries))
	for i := range f.Entries {
		e := &f.Entries[i]
		b, err := e.fragment(format, func() ([]byte, error) { return write(e) })
		if err != nil {
			return nil, err
		}
		frags[i] = b
	}
	return assemble(head, closing, frags, sep)
}

// xmlElement writes v as the element name, as marshalXML would write it
// inside a document, into a buffer of hint bytes.
func xmlElement(v any, name string, hint int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(hint)
	enc := xml.NewEncoder(&buf)
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jsonValue writes v as encoding/json does inside a document that JSON
// writes, into a buffer of hint bytes.
func jsonValue(v any, hint int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(hint)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// assemble puts the entries' fragments into doc, the document written
// without entries, where its writer would have put the entries: before
// closing, the text that ends doc, separated by sep.
func assemble(doc []byte, closing string, fragments [][]byte, sep string) ([]byte, error) {
	if !bytes.HasSuffix(doc, []byte(closing)) {
		return nil, fmt.Errorf("feed: internal error: the document without entries does not end in %q", closing)
	}
	n := len(doc)
	for _, f := range fragments {
		n += len(sep) + len(f)
	}
	out := make([]byte, 0, n)
	out = append(out, doc[:len(doc)-len(closing)]...)
	for i, f := range fragments {
		if i > 0 {
			out = append(out, sep...)
		}
		out = append(out, f...)
	}
	return append(out, closing...), nil
}
