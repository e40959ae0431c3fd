package generator

import (
	"fmt"
	"strings"

	"github.com/policysite/policysite/generator/diff"
	"github.com/policysite/policysite/generator/model"
)

// Comparison is a redline between two versions of one policy.
type Comparison struct {
	Policy   string
	From, To *model.Version
	Redline  *diff.Redline
}

// Diff compares two versions of a policy. from and to are effective dates
// (YYYY-MM-DD); an empty to means the version in force (or the first
// announced one), an empty from the version before to.
func Diff(opts Options, slug, from, to string) (*Comparison, error) {
	site, err := LoadDir(opts)
	if err != nil {
		return nil, err
	}
	var policy *model.Policy
	var slugs []string
	for _, p := range site.Model.Policies {
		slugs = append(slugs, p.Slug)
		if p.Slug == slug {
			policy = p
		}
	}
	if policy == nil {
		return nil, fmt.Errorf("no policy %q (expected one of: %s)", slug, strings.Join(slugs, ", "))
	}
	find := func(date string) (*model.Version, error) {
		var dates []string
		for _, v := range policy.Versions {
			dates = append(dates, v.Effective.String())
			if v.Effective.String() == date {
				return v, nil
			}
		}
		return nil, fmt.Errorf("%s has no version effective %s (expected one of: %s)", slug, date, strings.Join(dates, ", "))
	}
	c := &Comparison{Policy: slug}
	if to == "" {
		c.To = policy.Primary(opts.Now)
		if c.To == nil {
			c.To = policy.Versions[len(policy.Versions)-1]
		}
	} else if c.To, err = find(to); err != nil {
		return nil, err
	}
	if from == "" {
		c.From = c.To.Previous()
	} else if c.From, err = find(from); err != nil {
		return nil, err
	}
	var old *model.Document
	if c.From != nil {
		old = c.From.Doc
	}
	c.Redline = diff.Compare(old, c.To.Doc)
	return c, nil
}
