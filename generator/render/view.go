package render

import (
	"html/template"

	"github.com/policysite/policysite/generator/diff"
	"github.com/policysite/policysite/generator/model"
)

// Page is the data every template gets as ".". Fields that do not apply
// to a page kind are nil or empty.
type Page struct {
	Kind        string // index, policy, history, changes, changelog, jurisdictions, jurisdiction, notfound, accessibility
	Title       string
	Path        string // site-relative URL path of the page, e.g. "privacy/"
	Description string
	Site        *SiteData
	Now         model.Date
	Policy      *Policy    // policy and history pages
	Version     *Version   // policy pages: the version shown
	Policies    []*Policy  // index: every published policy
	Changes     []*Version // changelog and jurisdiction pages: versions, upcoming first, then newest
	// Jurisdiction pages: the jurisdiction shown, or every one in use.
	Jurisdiction  *Jurisdiction
	Jurisdictions []*Jurisdiction
	Feeds         []FeedLink // feeds of this page, advertised with <link rel="alternate">
	Subscribe     *Subscribe // the visible subscribe block, when the page has feeds
	NoIndex       bool       // keep out of search engines (404)
}

// Site is the site-wide part of every page.
type SiteData struct {
	Title                string
	Language             string
	BaseURL              string
	SubscribeURL         string
	AccessibilityContact string
	Entity               *model.Entity // the default entity
	Policies             []*Policy
	Jurisdictions        []*Jurisdiction // those any published version covers, by code
	Feeds                []FeedLink      // the site-wide change feeds
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
}

// Version is one published version of a policy.
type Version struct {
	*model.Version
	Path          string       // archived page, "privacy/2024-05-15/"
	Status        model.Status // on the build date
	StatusName    string       // "current", "superseded", "upcoming"
	InForceUntil  model.Date   // the next version's effective date; zero if none
	HTML          template.HTML
	TOC           []*TOCEntry
	Jurisdictions []*JurisdictionLink
	Policy        *Policy
	Previous      *Version      // the published version before, or nil
	ChangesPath   string        // the redline page, "privacy/2024-05-15/changes/"; "" for the first
	Redline       *diff.Redline // against Previous; nil for the first version
	RedlineHTML   template.HTML // the redline, with links pointing at the version pages
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
}

// Subscribe is the visible block of feed links.
type Subscribe struct {
	Feeds []FeedLink
	Email string // e-mail subscription link from site.yaml; may be empty
}

// TOCEntry is an H2 with its H3s.
type TOCEntry struct {
	model.Heading
	Children []*TOCEntry
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
