package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLiveRebuild: after an edit, the in-memory rebuild of serve, which
// parses only the changed file and re-renders only its policy and the
// site-wide pages, gives exactly the output of a full build.
func TestLiveRebuild(t *testing.T) {
	site, opts := exampleCopy(t)
	var live liveBuild
	// Like the server, the test names the paths it changed (none for the
	// first build): folders it does not name are listed from the cache.
	var changed []string
	var last map[string][]byte
	rebuild := func() map[string][]byte {
		t.Helper()
		out, err := live.rebuild(context.Background(), opts, changed)
		if err != nil {
			t.Fatal(err)
		}
		changed = []string{}
		checkDelta(t, &live, last, out)
		last = out
		return out
	}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(site, filepath.FromSlash(rel))
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644)
		changed = append(changed, rel)
	}
	same := func(out map[string][]byte, when string) { t.Helper(); sameAsFullRender(t, opts, out, when) }
	// step edits rel, rebuilds, and checks that path shows want and that
	// the whole output is a full render's.
	step := func(when, rel, old, new, path, want string) map[string][]byte {
		t.Helper()
		edit(rel, old, new)
		out := rebuild()
		if !bytes.Contains(out[path], []byte(want)) {
			t.Errorf("%s: %s lacks %q", when, path, want)
		}
		same(out, when)
		return out
	}
	first := rebuild()
	privacyPage := first["privacy/index.html"]

	second := step("after editing the terms", "content/terms.md", "Please read them carefully.", "Please read them with care.",
		"terms/index.html", "read them with care")
	if &second["privacy/index.html"][0] != &privacyPage[0] {
		t.Error("an unchanged policy's page was rendered again")
	}

	// A second edit, to a policy with jurisdiction sections and feeds that
	// the cache holds from the builds before (the summary changes too).
	third := step("after editing the privacy policy", "content/privacy/2025-06-01.md", "within 30 days", "within 21 days",
		"privacy/2025-06-01/changes/index.html", "21")

	// An edit to the text alone: the pages of the policy that do not show
	// that text are not rendered again.
	body := step("after editing a text", "content/privacy/2025-06-01.md", "we delete your notes within 30 days", "we delete your notes within 14 days",
		"privacy/2025-06-01/changes/index.html", "14")
	if old := third["privacy/2024-03-01/index.html"]; &body["privacy/2024-03-01/index.html"][0] != &old[0] {
		t.Error("the page of a version the edit did not touch was rendered again")
	}

	// The summary of the upcoming version, which the page of the version
	// in force announces: a page whose own text did not change must still
	// follow its policy's front matter.
	step("after editing a summary", "content/privacy/2027-01-15.md", "the email delivery provider moved to the EU", "the email delivery provider moved to Ireland",
		"privacy/2025-06-01/index.html", "moved to Ireland")

	// site.yaml changes what every version says ({{ entity.email }}):
	// nothing cached may survive it.
	step("after editing site.yaml", "site.yaml", "privacy@tern.example", "legal@tern.example",
		"terms/index.html", "legal@tern.example")

	// A theme file of the site's own: the themes kept from the builds
	// before must give way to it, and to its mistakes.
	notfound := filepath.Join(site, "themes", "default", "layouts", "notfound.html")
	os.MkdirAll(filepath.Dir(notfound), 0o755)
	os.WriteFile(notfound, []byte("{{define \"main\"}}<h1>{{.Title}}</h1><p>Nothing here, sorry.</p>{{end}}\n"), 0o644)
	changed = append(changed, "themes/default/layouts/notfound.html")
	fifth := rebuild()
	if !bytes.Contains(fifth["404.html"], []byte("Nothing here, sorry.")) {
		t.Error("the site's own 404 layout is not used after it appeared")
	}
	same(fifth, "after adding a layout")
	os.WriteFile(notfound, []byte("{{define \"main\"}}<h1>{{.Title}</h1>{{end}}\n"), 0o644)
	layout := []string{"themes/default/layouts/notfound.html"}
	if _, err := live.rebuild(context.Background(), opts, layout); err == nil || !strings.Contains(err.Error(), "notfound.html") {
		t.Errorf("a broken layout: error %v, want one naming notfound.html", err)
	}
	if _, err := live.rebuild(context.Background(), opts, []string{}); err == nil {
		t.Error("a broken layout was forgotten by the next rebuild")
	}
	os.Remove(notfound)
	changed = layout
	rebuild()

	// A new version, in a batch whose load fails before it reaches the
	// content (site.yaml is broken too): the rebuild that follows the fix
	// of site.yaml alone must still list the policy's folder again.
	cfg := filepath.Join(site, "site.yaml")
	good, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(slices.Clip(good), "title: [unclosed\n"...), 0o644)
	newVersion := "content/privacy/2026-12-01.md"
	src, _ := os.ReadFile(filepath.Join(site, "content", "privacy", "2025-06-01.md"))
	os.WriteFile(filepath.Join(site, filepath.FromSlash(newVersion)),
		bytes.Replace(bytes.Replace(src, []byte("effective: 2025-06-01"), []byte("effective: 2026-12-01"), 1),
			[]byte("within 21 days"), []byte("within 14 days"), 1), 0o644)
	if _, err := live.rebuild(context.Background(), opts, []string{"site.yaml", newVersion}); err == nil {
		t.Fatal("a broken site.yaml built")
	}
	os.WriteFile(cfg, good, 0o644)
	changed = []string{"site.yaml"}
	sixth := rebuild()
	if _, ok := sixth["privacy/2026-12-01/index.html"]; !ok {
		t.Error("a version added while site.yaml was broken is missing once it is fixed")
	}
	same(sixth, "after a failed load")

	// A translation added to a policy whose other files are unchanged:
	// the policy the last load made must not be taken whole.
	cookies, _ := os.ReadFile(filepath.Join(site, "content", "cookies", "2024-03-01.md"))
	os.WriteFile(filepath.Join(site, "content", "cookies", "2024-03-01.de.md"),
		bytes.Replace(cookies, []byte(`title = "Cookie Policy"`), []byte(`title = "Cookie-Richtlinie"`), 1), 0o644)
	changed = []string{"content/cookies/2024-03-01.de.md"}
	translated := rebuild()
	if !bytes.Contains(translated["de/cookies/index.html"], []byte("Cookie-Richtlinie")) {
		t.Error("a translation added to an unchanged policy is not published")
	}
	same(translated, "after adding a translation")

	// A version removed from a policy whose other files are unchanged.
	os.Remove(filepath.Join(site, filepath.FromSlash(newVersion)))
	changed = []string{newVersion}
	removed := rebuild()
	if _, ok := removed["privacy/2026-12-01/index.html"]; ok {
		t.Error("a removed version is still published")
	}
	same(removed, "after removing a version")

	// A policy folder removed: its parent is named.
	os.RemoveAll(filepath.Join(site, "content", "cookies"))
	changed = []string{"content/cookies"}
	seventh := rebuild()
	if _, ok := seventh["cookies/index.html"]; ok {
		t.Error("a removed policy is still published")
	}
	same(seventh, "after removing a policy")
}

// TestLiveRebuildTrustsTheWatcher: a folder the watcher did not report is
// not listed again (the point of the listing cache), and one it reported
// is, as is every folder when the watcher lost track (nil).
func TestLiveRebuildTrustsTheWatcher(t *testing.T) {
	site, opts := exampleCopy(t)
	var live liveBuild
	if _, err := live.rebuild(context.Background(), opts, nil); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(site, "content", "privacy", "2025-06-01.md"))
	os.WriteFile(filepath.Join(site, "content", "privacy", "2026-12-01.md"),
		bytes.Replace(src, []byte("effective: 2025-06-01"), []byte("effective: 2026-12-01"), 1), 0o644)
	for _, step := range []struct {
		changed []string
		listed  bool
	}{
		{[]string{"content/terms.md"}, false},
		{[]string{"content/privacy/2026-12-01.md"}, true},
		{[]string{}, true}, // kept from the listing before
		{nil, true},
	} {
		out, err := live.rebuild(context.Background(), opts, step.changed)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := out["privacy/2026-12-01/index.html"]; ok != step.listed {
			t.Errorf("changed %q: new version published %t, want %t", step.changed, ok, step.listed)
		}
	}
}

// exampleCopy copies the example site into a temporary folder, with the
// options serve would build it with.
func exampleCopy(t *testing.T) (string, Options) {
	t.Helper()
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	return site, Options{SiteDir: site, Now: exampleNow, BaseURL: "http://127.0.0.1:1313/"}
}

// checkDelta checks what serve tells the server of a rebuild: every file
// that differs from the output before is among the paths written or
// removed.
func checkDelta(t *testing.T, live *liveBuild, before, after map[string][]byte) {
	t.Helper()
	written, removed, ok := live.delta()
	if before == nil {
		if ok {
			t.Error("a first build claims to know what it changed")
		}
		return
	}
	if !ok {
		t.Fatal("a rebuild does not say what it changed")
	}
	named := map[string]bool{}
	for _, p := range append(slices.Clone(written), removed...) {
		named[p] = true
	}
	for p, data := range after {
		if old, ok := before[p]; (!ok || !bytes.Equal(old, data)) && !named[p] {
			t.Errorf("%s changed, but the rebuild does not name it", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok && !named[p] {
			t.Errorf("%s was removed, but the rebuild does not name it", p)
		}
	}
}

// TestLiveRebuildWithOwnLayouts: a layout of the site's own may show any
// version's text on any page (here every text on the history page), so
// serve renders every page an edit could have changed.
func TestLiveRebuildWithOwnLayouts(t *testing.T) {
	site, opts := exampleCopy(t)
	history := filepath.Join(site, "themes", "default", "layouts", "history.html")
	os.MkdirAll(filepath.Dir(history), 0o755)
	os.WriteFile(history, []byte("{{define \"main\"}}<h1>{{.Title}}</h1>{{range .Policy.Versions}}{{.HTML}}{{end}}{{end}}\n"), 0o644)
	var live liveBuild
	if _, err := live.rebuild(context.Background(), opts, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(site, "content", "privacy", "2024-03-01.md")
	src, _ := os.ReadFile(p)
	edited := bytes.Replace(src, []byte("## "), []byte("## Revised "), 1)
	if bytes.Equal(edited, src) {
		t.Fatal("the edit changed nothing")
	}
	os.WriteFile(p, edited, 0o644)
	out, err := live.rebuild(context.Background(), opts, []string{"content/privacy/2024-03-01.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out["privacy/history/index.html"], []byte("Revised ")) {
		t.Error("the site's own history layout shows the text before the edit")
	}
	same := func(out map[string][]byte, when string) { t.Helper(); sameAsFullRender(t, opts, out, when) }
	same(out, "after editing a text")

	// A new version, which changes the order of every list of changes.
	os.WriteFile(filepath.Join(site, "content", "privacy", "2026-11-01.md"),
		bytes.Replace(edited, []byte("effective: 2024-03-01"), []byte("effective: 2026-11-01"), 1), 0o644)
	out, err = live.rebuild(context.Background(), opts, []string{"content/privacy/2026-11-01.md"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["privacy/2026-11-01/index.html"]; !ok {
		t.Error("the new version is not published")
	}
	same(out, "after adding a version")
}

// sameAsFullRender checks out, what serve made, against a full render of
// the site.
func sameAsFullRender(t *testing.T, opts Options, out map[string][]byte, when string) {
	t.Helper()
	full := renderAll(t, opts.SiteDir, opts.Now, opts.BaseURL)
	if len(full) != len(out) {
		t.Errorf("%s: %d files, a full render has %d", when, len(out), len(full))
	}
	for name, data := range full {
		if !bytes.Equal(out[name], data) {
			t.Errorf("%s: %s differs from a full render", when, name)
		}
	}
}
