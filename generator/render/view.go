package render

import (
	"html/template"
	"strings"

	"github.com/policysite/policysite/generator/diff"
	"github.com/policysite/policysite/generator/model"
)

// Page is the data every template gets as ".". Fields that do not apply
// to a page kind are nil or empty.
type Page struct {
	Lang       string      // language of the page, e.g. "de"
	Dir        string      // "ltr" or "rtl"
	Alternates []Alternate // the same page in every language of the site
	// Authoritative is the page in the legally binding language, on pages
	// of a multilingual site.
	Authoritative *Alternate
	Kind          string // index, policy, history, changes, changelog, jurisdictions, jurisdiction, notfound, accessibility
	Title         string
	Path          string // site-relative URL path of the page, e.g. "privacy/"
	Description   string
	Site          *SiteData
	Now           model.Date
	Policy        *Policy    // policy and history pages
	Version       *Version   // policy pages: the version shown
	Policies      []*Policy  // index: every published policy
	Changes       []*Version // changelog and jurisdiction pages: versions, upcoming first, then newest
	// Jurisdiction pages: the jurisdiction shown, or every one in use.
	Jurisdiction  *Jurisdiction
	Jurisdictions []*Jurisdiction
	Feeds         []FeedLink // feeds of this page, advertised with <link rel="alternate">
	Subscribe     *Subscribe // the visible subscribe block, when the page has feeds
	NoIndex       bool       // keep out of search engines (404)

	partials *partialCache // for Cached
}

// Site is the site-wide part of every page.
type SiteData struct {
	Title                string
	Language             string // the language of the pages
	Home                 string // the index page in that language: "" or "de/"
	BaseURL              string
	SubscribeURL         string
	AccessibilityContact string
	Entity               *model.Entity // the default entity
	Policies             []*Policy
	// Nav are the policies listed in every page's header: all of them on a
	// site with a few, none on a large site, whose index page lists them.
	Nav           []*Policy
	Jurisdictions []*Jurisdiction // those any published version covers, by code
	Feeds         []FeedLink      // the site-wide change feeds
}

// Policy is a published policy.
type Policy struct {
	Slug        string
	Title       string
	Path        string     // "privacy/"
	HistoryPath string     // "privacy/history/"
	Primary     *Version   // the version the policy's page shows
	Current     *Version   // the version in force; nil before the first takes effect
	Upcoming    []*Version // announced, not yet in force, soonest first
	Versions    []*Version // every published version, newest first

	versionsJSON []byte // its entry in versions.json, once written
	changesKey   string // what lists of policies and changes show of it
	// jurisdictions are what its versions map, once the jurisdiction
	// pages asked (policyJurisdictions).
	jurisdictions []policyLink
	sitemapPaths  []string // its indexable pages, once the sitemap asked
}

// Alternate is a page in one language.
type Alternate struct {
	Lang    string
	Name    string // the language's name in itself: "Deutsch"
	Path    string
	Current bool // the page being rendered
}

// Version is one published version of a policy, with the text that pages
// in the language being rendered show.
type Version struct {
	*model.Version // the text shown: the translation, or the fallback
	// The fields of the text that the built-in layouts show, copied from
	// it: a template looks a field up by name at every use, and one
	// promoted from the embedded version is found by a search that
	// allocates (see TOCEntry). They hold what the embedded version has.
	Title     string
	Effective model.Date
	Announced model.Date
	Entity    *model.Entity
	Summary   string
	Material  bool
	Lang      string
	Numbering bool

	SourceVersion *model.Version // the version in the site's language
	Fallback      bool           // no translation: the text shown is in another language
	TextDir       string         // writing direction of the text shown
	Path          string         // archived page, "privacy/2024-05-15/"
	Status        model.Status   // on the build date
	StatusName    string         // "current", "superseded", "upcoming"
	InForceUntil  model.Date     // the next version's effective date; zero if none
	TOC           []*TOCEntry
	Jurisdictions []*JurisdictionLink
	// Keys for Page.Cached, equal for versions with the same TOC and
	// numbering, or the same Jurisdictions.
	TOCKey, JurisdictionsKey string
	parts                    *versionParts // what the view derives from the text alone
	Policy                   *Policy
	Previous                 *Version      // the published version before, or nil
	ChangesPath              string        // the redline page, "privacy/2024-05-15/changes/"; "" for the first
	Redline                  *diff.Redline // against Previous; nil for the first version (set while the policy's pages render)
	RedlineHTML              template.HTML // the redline, with links pointing at the version pages (likewise)

	changeKey string // what lists of changes show of it (changeKey)
	entryKey  string // what its feed entry is made of (renderer.entryKey)
}

// Jurisdiction is a jurisdiction with every section that applies there.
type Jurisdiction struct {
	*model.Jurisdiction
	Path     string // "jurisdictions/us-ca/"
	Sections []*JurisdictionSection
}

// JurisdictionSection is one section of a current or upcoming version
// that applies in a jurisdiction.
type JurisdictionSection struct {
	Version     *Version
	HeadingID   string
	HeadingText string
	HTML        template.HTML // the section's text

	key string // a SHA-256 of what the section shows, for the memo keys of pages; "" without memos
}

// Subscribe is the visible block of feed links.
type Subscribe struct {
	Feeds []FeedLink
	Email string // e-mail subscription link from site.yaml; may be empty
}

// TOCEntry is an H2 with its H3s. It has the heading's fields rather than
// embedding model.Heading: a template looks a field up by name at every
// use, and a field promoted from an embedded struct is found by a search
// that allocates, a hundred times on a version page.
type TOCEntry struct {
	Level    int
	ID       string
	Text     string // plain text, without the number
	Number   string // "1.", "1.2" when the version numbers its sections
	Children []*TOCEntry
}

func tocEntry(h model.Heading) *TOCEntry {
	return &TOCEntry{Level: h.Level, ID: h.ID, Text: h.Text, Number: h.Number}
}

// JurisdictionLink points readers of one place to the section for them.
type JurisdictionLink struct {
	*model.Jurisdiction
	HeadingID   string
	HeadingText string
}

// FeedLink is a feed advertised with <link rel="alternate">.
type FeedLink struct {
	Type  string // media type
	Name  string // "RSS", "Atom", "JSON Feed"
	Title string
	Path  string
}

// Direction is the writing direction of a language: "rtl" for Arabic,
// Hebrew, Persian and Urdu, else "ltr".
func Direction(lang string) string {
	base, _, _ := strings.Cut(lang, "-")
	switch base {
	case "ar", "he", "fa", "ur", "yi", "dv", "ps":
		return "rtl"
	}
	return "ltr"
}

// LanguageName is a language's name in that language, for language
// switchers; an unknown tag is shown as itself.
func LanguageName(lang string) string {
	if n, ok := languageNames[lang]; ok {
		return n
	}
	if base, _, ok := strings.Cut(lang, "-"); ok {
		if n, ok := languageNames[base]; ok {
			return n + " (" + lang + ")"
		}
	}
	return lang
}

var languageNames = map[string]string{
	"ar": "العربية", "bg": "Български", "cs": "Čeština", "da": "Dansk", "de": "Deutsch",
	"el": "Ελληνικά", "en": "English", "es": "Español", "et": "Eesti", "fa": "فارسی",
	"fi": "Suomi", "fr": "Français", "he": "עברית", "hi": "हिन्दी", "hr": "Hrvatski",
	"hu": "Magyar", "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語", "ko": "한국어",
	"lt": "Lietuvių", "lv": "Latviešu", "nl": "Nederlands", "no": "Norsk", "pl": "Polski",
	"pt": "Português", "pt-BR": "Português (Brasil)", "pt-PT": "Português (Portugal)",
	"ro": "Română", "ru": "Русский", "sk": "Slovenčina", "sl": "Slovenščina", "sv": "Svenska",
	"th": "ไทย", "tr": "Türkçe", "uk": "Українська", "vi": "Tiếng Việt", "zh": "中文",
	"zh-CN": "简体中文", "zh-TW": "繁體中文",
}
