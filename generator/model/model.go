// Package model holds the loaded site: configuration, entities,
// jurisdictions, policies and their versions with parsed documents. It is
// data only: the loaders fill it, the renderers read it, and nothing here
// does I/O.
package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Site is everything a build knows about one site.
type Site struct {
	Title    string
	BaseURL  string // absolute, always ends in "/"
	Language string // BCP 47 tag, e.g. "en": the language of the source files and of the site's root
	// Languages are the languages the site is published in, Language first.
	Languages []string
	// Authoritative is the language whose text is legally binding.
	Authoritative string
	Theme         string
	UnsafeHTML    bool   // raw HTML in Markdown is passed through instead of escaped
	SubscribeURL  string // optional e-mail subscription link shown beside the feeds
	DefaultEntity string
	Entities      map[string]*Entity
	// Jurisdictions is the built-in registry merged with site.yaml's entries.
	Jurisdictions map[string]*Jurisdiction
	// Accessibility is the contact for the accessibility statement; empty
	// means the default entity's e-mail.
	AccessibilityContact string
	Policies             []*Policy // sorted by slug
	// DraftsLeftOut counts the versions marked draft: true that the load
	// left out, the policies' and those of policies with only drafts.
	DraftsLeftOut int
}

// Entity is a legal entity that publishes policies.
type Entity struct {
	Key            string
	Name           string
	Address        string
	Email          string
	Phone          string
	DPO            string
	Representative string // EU/UK representative
	Registration   string // company registration ids
}

// Field returns the value of the placeholder field name ({{ entity.name }})
// and whether the entity has such a field at all.
func (e *Entity) Field(name string) (string, bool) {
	switch name {
	case "name":
		return e.Name, true
	case "address":
		return e.Address, true
	case "email":
		return e.Email, true
	case "phone":
		return e.Phone, true
	case "dpo":
		return e.DPO, true
	case "representative":
		return e.Representative, true
	case "registration":
		return e.Registration, true
	}
	return "", false
}

// EntityFields lists the placeholder fields of an entity, in display order.
var EntityFields = []string{"name", "address", "email", "phone", "dpo", "representative", "registration"}

// Jurisdiction is a place whose law gives readers particular rights.
type Jurisdiction struct {
	Code string   // e.g. "US-CA", "EEA"
	Name string   // e.g. "California"
	Laws []string // e.g. ["CCPA", "CPRA"]
}

// Slug is the jurisdiction's URL segment: "US-CA" → "us-ca".
func (j *Jurisdiction) Slug() string { return Slug(j.Code) }

// Slug lower-cases a jurisdiction code for use in a URL.
func Slug(code string) string {
	b := []byte(code)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// SortedJurisdictions returns the registry ordered by code.
func (s *Site) SortedJurisdictions() []*Jurisdiction {
	out := make([]*Jurisdiction, 0, len(s.Jurisdictions))
	for _, j := range s.Jurisdictions {
		out = append(out, j)
	}
	slices.SortFunc(out, func(a, b *Jurisdiction) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Policy is one policy (a folder of versions or a single file).
type Policy struct {
	Slug     string     // URL segment, from the folder or file name
	Versions []*Version // sorted by effective date, oldest first
	// DraftsLeftOut counts its versions marked draft: true that the load
	// left out (without --drafts).
	DraftsLeftOut int
}

// Version is one dated text of a policy.
type Version struct {
	Policy    *Policy
	Source    string // slash path relative to the site directory
	SHA256    string // hex SHA-256 of the source file's bytes
	Title     string
	Effective Date
	Announced Date // defaults to Effective
	Entity    *Entity
	Summary   string
	Material  bool
	Aliases   []string
	// Jurisdictions maps codes to the id of the heading whose section
	// applies there, in front-matter order.
	Jurisdictions []JurisdictionSection
	Numbering     bool
	Draft         bool
	Params        map[string]any
	Doc           *Document

	// Lang is the language of the text: the site's language for a source
	// version, another of its languages for a translation.
	Lang string
	// Translations of a source version, ordered by language; empty for a
	// translation.
	Translations []*Version
	// Original is the source version a translation translates; nil for a
	// source version.
	Original *Version
	// TranslatedFrom is the SHA-256 (or a prefix of it) of the source file
	// the translation was made from, when the translation records it.
	TranslatedFrom string
}

// In returns the text of v in lang: v itself, its translation, or nil when
// there is none.
func (v *Version) In(lang string) *Version {
	if v.Lang == lang {
		return v
	}
	for _, t := range v.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}

// JurisdictionSection ties a jurisdiction to a section of a version.
type JurisdictionSection struct {
	Code      string
	HeadingID string
}

// Date is a calendar date without time zone.
type Date struct{ t time.Time }

// DateLayout is the only date format of the content contract.
const DateLayout = "2006-01-02"

// ParseDate parses YYYY-MM-DD, refusing impossible dates such as 2024-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q (expected a real date as YYYY-MM-DD)", s)
	}
	// A policy's dates are of the modern era: an earlier year is a typo
	// (0202 for 2020), and 0001-01-01 is the zero time, "no date" to the
	// feeds and the version's status.
	if t.Year() < 1900 {
		return Date{}, fmt.Errorf("invalid date %q (expected a year from 1900 on, as YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

// DateOf returns the calendar date of t in UTC.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// String is the date as YYYY-MM-DD. Every key and path of a version holds
// its dates, so the common years are written without time.Format.
func (d Date) String() string {
	y, m, day := d.t.Date()
	if y < 1000 || y > 9999 {
		return d.t.Format(DateLayout)
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + day/10), byte('0' + day%10)}
	return string(b[:])
}

func (d Date) IsZero() bool                { return d.t.IsZero() }
func (d Date) Time() time.Time             { return d.t }
func (d Date) Before(e Date) bool          { return d.t.Before(e.t) }
func (d Date) After(e Date) bool           { return d.t.After(e.t) }
func (d Date) Compare(e Date) int          { return d.t.Compare(e.t) }
func (d Date) Format(layout string) string { return d.t.Format(layout) }

// Status is where a version stands relative to the build date.
type Status int

const (
	Superseded Status = iota // replaced by a later version in force
	Current                  // the version in force
	Upcoming                 // announced, not yet in force
)

func (s Status) String() string {
	return [...]string{"superseded", "current", "upcoming"}[s]
}

// Published returns the versions readers may see on date now: every
// version whose announcement date has come, oldest first.
func (p *Policy) Published(now Date) []*Version {
	var out []*Version
	for _, v := range p.Versions {
		if !v.Announced.After(now) {
			out = append(out, v)
		}
	}
	return out
}

// HasPublished reports whether any version is published on date now.
func (p *Policy) HasPublished(now Date) bool {
	for _, v := range p.Versions {
		if !v.Announced.After(now) {
			return true
		}
	}
	return false
}

// Current returns the version in force on date now, or nil when none is.
func (p *Policy) Current(now Date) *Version {
	var cur *Version
	for _, v := range p.Versions {
		if !v.Effective.After(now) {
			cur = v
		}
	}
	return cur
}

// Primary is the version a policy's main page shows: the one in force, or
// when none is yet, the first announced upcoming version. It is nil when
// nothing of the policy is published on date now.
func (p *Policy) Primary(now Date) *Version {
	if v := p.Current(now); v != nil {
		return v
	}
	if pub := p.Published(now); len(pub) > 0 {
		return pub[0]
	}
	return nil
}

// Upcoming returns the announced versions that are not yet in force.
func (p *Policy) Upcoming(now Date) []*Version {
	var out []*Version
	for _, v := range p.Published(now) {
		if v.Effective.After(now) {
			out = append(out, v)
		}
	}
	return out
}

// Status reports whether v is superseded, current or upcoming on date now.
func (v *Version) Status(now Date) Status {
	switch cur := v.Policy.Current(now); {
	case v.Effective.After(now):
		return Upcoming
	case cur == v:
		return Current
	}
	return Superseded
}

// Previous returns the version before v, or nil for the first.
func (v *Version) Previous() *Version {
	i := slices.Index(v.Policy.Versions, v)
	if i <= 0 {
		return nil
	}
	return v.Policy.Versions[i-1]
}

// Next returns the version after v, or nil for the last.
func (v *Version) Next() *Version {
	i := slices.Index(v.Policy.Versions, v)
	if i < 0 || i+1 >= len(v.Policy.Versions) {
		return nil
	}
	return v.Policy.Versions[i+1]
}

// Heading is one H2–H6 of a document (the H1 is the version's title).
type Heading struct {
	Level  int
	ID     string
	Text   string // plain text, without the number
	Number string // "1.", "1.2" when the version numbers its sections
}

// BlockKind is the kind of a leaf block.
type BlockKind string

const (
	BlockHeading   BlockKind = "heading"
	BlockParagraph BlockKind = "paragraph"
	BlockListItem  BlockKind = "item"
	BlockTableRow  BlockKind = "row"
	BlockCode      BlockKind = "code"
	BlockQuote     BlockKind = "quote"
	BlockRule      BlockKind = "rule"
	BlockHTML      BlockKind = "html"
)

// Block is a leaf block of a document: the unit a redline compares.
type Block struct {
	Kind    BlockKind
	Section string   // id of the heading the block falls under; "" before the first
	Level   int      // heading level, or list nesting depth for items
	Number  int      // list items of a numbered list: the item's number; 0 in a bulleted list
	Text    string   // plain text with whitespace collapsed
	Cells   []string // table rows: the plain text of each cell
	HTML    string   // the block rendered on its own
}

// Link is a link destination found in a document.
type Link struct {
	Line, Col int
	URL       string
}
