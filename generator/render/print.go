package render

// The print view: <slug>/print/index.html shows a policy's primary version
// (the one in force, else the first upcoming one) as a plain legal
// document — title, entity, effective date, version URL, table of
// contents and the full text, without the site's navigation. It is what
// "policysite pdf" hands to Chromium, and what a reader prints from the
// browser. It carries robots noindex and a canonical link to the policy's
// page, so search engines index the policy only once; it is left out of
// the sitemap.

// PrintPath is the print view of the policy at policyPath ("privacy/").
func PrintPath(policyPath string) string { return policyPath + "print/" }

// printPages renders the print view of every published policy.
func (r *renderer) printPages() error {
	for _, p := range r.view.Policies {
		if r.reused(p) {
			continue
		}
		v := p.Primary
		data := &Page{Title: v.Title, Policy: p, Version: v, Description: v.Summary, NoIndex: true}
		if err := r.page("print", PrintPath(p.Path), data); err != nil {
			return err
		}
	}
	return nil
}
