// Package config reads site.yaml into a *model.Site without policies.
//
// Keys (unknown keys are errors, so a typo never passes silently):
//
//	title:          the site's name (required)
//	base_url:       absolute http(s) URL the site is deployed at (required)
//	language:       BCP 47 tag of the content files, default "en"
//	languages:      every language the site is published in, default [language];
//	                translations are files such as 2024-05-15.de.md
//	authoritative:  the language whose text is legally binding, default language
//	theme:          a built-in theme or a folder under themes/, default "default"
//	default_entity: key of the entity that publishes a version without `entity:`;
//	                may be omitted when there is exactly one entity
//	entities:       key → {name (required), address, email, phone, dpo,
//	                representative, registration}
//	jurisdictions:  code → {name, laws: [...]}: renames or extends the built-in registry
//	unsafe_html:    true passes raw HTML in Markdown through (default: escaped)
//	subscribe_url:  optional e-mail subscription link shown beside the feeds
//	accessibility_contact: contact for the accessibility statement (default:
//	                the default entity's e-mail)
package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/meta"
	"github.com/policysite/policysite/generator/model"
)

// File is the name of the configuration file in the site directory.
const File = "site.yaml"

var (
	siteKeys         = []string{"title", "base_url", "language", "languages", "authoritative", "theme", "default_entity", "entities", "jurisdictions", "unsafe_html", "subscribe_url", "accessibility_contact"}
	entityKeys       = []string{"name", "address", "email", "phone", "dpo", "representative", "registration"}
	jurisdictionKeys = []string{"name", "laws"}

	identRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	codeRE     = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)?$`)
	languageRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)
)

// Parse reads site.yaml's bytes. All problems are returned together as a
// diag.List.
func Parse(src []byte) (*model.Site, error) {
	var errs diag.List
	if err := meta.CheckUTF8(File, src); err != nil {
		errs.Append(err)
		return nil, errs
	}
	src = meta.Normalize(src)
	m, err := meta.YAML(File, src, 0)
	if err != nil {
		errs.Append(err)
		return nil, errs
	}
	m.CheckKeys("site.yaml", siteKeys, &errs)

	site := &model.Site{
		Language:      "en",
		Theme:         "default",
		Entities:      map[string]*model.Entity{},
		Jurisdictions: registry(),
	}
	str := func(key string, dst *string) *meta.Field {
		f := m.Get(key)
		if f == nil {
			return nil
		}
		s, err := f.String()
		if err != nil {
			errs.Append(err)
			return nil
		}
		*dst = strings.TrimSpace(s)
		return f
	}
	top := diag.Pos{File: File, Line: 1, Col: 1}

	// A key that is present but of the wrong type has its error already.
	if f := str("title", &site.Title); m.Get("title") == nil {
		errs.Add(top, "missing title (expected title: the name of the site)")
	} else if f != nil && site.Title == "" {
		errs.Add(f.ValuePos, "title: expected the name of the site, found an empty string")
	}
	switch f := str("base_url", &site.BaseURL); {
	case m.Get("base_url") == nil:
		errs.Add(top, "missing base_url (expected the absolute URL the site is deployed at, e.g. https://legal.example.com/)")
	case f == nil: // the wrong type, reported by str
	default:
		u, err := BaseURL(site.BaseURL)
		if err != nil {
			errs.Addf(f.ValuePos, "base_url: %v", err)
		}
		site.BaseURL = u
	}
	if f := str("language", &site.Language); f != nil && !languageRE.MatchString(site.Language) {
		errs.Addf(f.ValuePos, "language: %q is not a language tag (expected e.g. en, de, pt-BR)", site.Language)
	}
	site.Languages = []string{site.Language}
	if f := m.Get("languages"); f != nil {
		langs, err := f.Strings()
		errs.Append(err)
		seen := map[string]bool{site.Language: true}
		for _, l := range langs {
			l = strings.TrimSpace(l)
			switch {
			case !languageRE.MatchString(l):
				errs.Addf(f.ValuePos, "languages: %q is not a language tag (expected e.g. en, de, pt-BR)", l)
			case !seen[l]:
				seen[l] = true
				site.Languages = append(site.Languages, l)
			}
		}
		if err == nil && !slices.Contains(langs, site.Language) {
			errs.Addf(f.ValuePos, "languages: does not list the site language %q (expected it among them)", site.Language)
		}
	}
	site.Authoritative = site.Language
	if f := str("authoritative", &site.Authoritative); f != nil && !slices.Contains(site.Languages, site.Authoritative) {
		errs.Addf(f.ValuePos, "authoritative: %q is not one of the site's languages (expected one of: %s)", site.Authoritative, strings.Join(site.Languages, ", "))
	}
	if f := str("theme", &site.Theme); f != nil && !identRE.MatchString(site.Theme) {
		errs.Addf(f.ValuePos, "theme: %q is not a theme name (expected lowercase letters, digits, - and _)", site.Theme)
	}
	str("subscribe_url", &site.SubscribeURL)
	str("accessibility_contact", &site.AccessibilityContact)
	if f := m.Get("unsafe_html"); f != nil {
		b, err := f.Bool()
		errs.Append(err)
		site.UnsafeHTML = b
	}

	if f := m.Get("entities"); f != nil {
		parseEntities(f, site, &errs)
	}
	if len(site.Entities) == 0 && m.Get("entities") == nil {
		errs.Add(top, "missing entities (expected at least one legal entity, e.g. entities: {acme: {name: Acme Ltd}})")
	}
	if f := str("default_entity", &site.DefaultEntity); f != nil {
		if _, ok := site.Entities[site.DefaultEntity]; !ok && len(site.Entities) > 0 {
			errs.Addf(f.ValuePos, "default_entity: unknown entity %q (expected one of: %s)", site.DefaultEntity, strings.Join(entityNames(site), ", "))
		}
	} else if len(site.Entities) == 1 {
		site.DefaultEntity = entityNames(site)[0]
	} else if len(site.Entities) > 1 {
		errs.Addf(top, "missing default_entity (expected one of: %s)", strings.Join(entityNames(site), ", "))
	}

	if f := m.Get("jurisdictions"); f != nil {
		parseJurisdictions(f, site, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return site, nil
}

// BaseURL checks an absolute http(s) URL and gives it a trailing slash.
func BaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "", fmt.Errorf("%q is not an absolute URL (expected e.g. https://legal.example.com/)", s)
	case u.User != nil:
		// Redacted: the error may end up in a CI log.
		return "", fmt.Errorf("%q carries a user name or password, which every page and feed would show (expected the site's public address, e.g. https://legal.example.com/)", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("%q has a query or a fragment (expected the site's address alone, e.g. https://legal.example.com/)", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

func parseEntities(f *meta.Field, site *model.Site, errs *diag.List) {
	m, err := f.Map()
	if err != nil {
		errs.Append(err)
		return
	}
	if len(m.Fields) == 0 {
		errs.Add(f.Pos, "entities: expected at least one legal entity")
	}
	for _, ef := range m.Fields {
		if !identRE.MatchString(ef.Key) {
			errs.Addf(ef.Pos, "entity key %q is not an identifier (expected lowercase letters, digits, - and _)", ef.Key)
			continue
		}
		em, err := ef.Map()
		if err != nil {
			errs.Append(err)
			continue
		}
		em.CheckKeys("entity", entityKeys, errs)
		e := &model.Entity{Key: ef.Key}
		for _, field := range em.Fields {
			var dst *string
			switch field.Key {
			case "name":
				dst = &e.Name
			case "address":
				dst = &e.Address
			case "email":
				dst = &e.Email
			case "phone":
				dst = &e.Phone
			case "dpo":
				dst = &e.DPO
			case "representative":
				dst = &e.Representative
			case "registration":
				dst = &e.Registration
			default:
				continue // CheckKeys reported it; its value does not matter
			}
			s, err := field.String()
			if err != nil {
				errs.Append(err)
				continue
			}
			*dst = strings.TrimSpace(s)
			if field.Key == "email" && *dst != "" && !isEmail(*dst) {
				// Pages link it as mailto:, which must reach someone.
				errs.Addf(field.ValuePos, "email: %q is not an e-mail address (expected e.g. privacy@example.com)", *dst)
			}
		}
		if e.Name == "" {
			errs.Addf(ef.Pos, "entity %q has no name (expected name: its legal name)", ef.Key)
		}
		site.Entities[e.Key] = e
	}
}

func parseJurisdictions(f *meta.Field, site *model.Site, errs *diag.List) {
	m, err := f.Map()
	if err != nil {
		errs.Append(err)
		return
	}
	for _, jf := range m.Fields {
		if !codeRE.MatchString(jf.Key) {
			errs.Addf(jf.Pos, "jurisdiction code %q is not valid (expected an ISO 3166 style code such as GB, US-CA or EEA)", jf.Key)
			continue
		}
		jm, err := jf.Map()
		if err != nil {
			errs.Append(err)
			continue
		}
		jm.CheckKeys("jurisdiction", jurisdictionKeys, errs)
		j := site.Jurisdictions[jf.Key]
		if j == nil {
			j = &model.Jurisdiction{Code: jf.Key}
		}
		if nf := jm.Get("name"); nf != nil {
			s, err := nf.String()
			errs.Append(err)
			j.Name = strings.TrimSpace(s)
		}
		if lf := jm.Get("laws"); lf != nil {
			laws, err := lf.Strings()
			errs.Append(err)
			j.Laws = laws
		}
		if j.Name == "" {
			errs.Addf(jf.Pos, "jurisdiction %s has no name (expected name: e.g. California)", jf.Key)
		}
		site.Jurisdictions[jf.Key] = j
	}
}

func entityNames(site *model.Site) []string {
	var names []string
	for k := range site.Entities {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// isEmail reports whether s is a bare e-mail address, such as
// privacy@example.com.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}
