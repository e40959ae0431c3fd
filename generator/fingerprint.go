package generator

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/generator/render"
)

// binaryID identifies the running program, whose embedded themes and code
// shape every page: a new policysite never reuses an old one's output. The
// executable's path, size and modification time identify it well enough
// (installing or building a new one changes them) without reading
// megabytes on every build.
var binaryID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	info, serr := os.Stat(exe)
	if err != nil || serr != nil {
		return rand.Text() // unknown program: reuse nothing
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", exe, info.Size(), info.ModTime().UnixNano())))
	return hex.EncodeToString(sum[:])
})

// inputsFingerprint identifies everything a build reads — the program,
// the options, and the name, size and modification time of every file of
// the site — without reading the files: equal fingerprints mean the
// previous output can stand as it is.
func inputsFingerprint(opts Options) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%t\n", binaryID(), opts.Now, opts.BaseURL, opts.Drafts)
	for _, name := range append([]string{config.File}, sourceFolders...) {
		if err := statTree(h, opts.SiteDir, name); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func statTree(h hash.Hash, root, name string) error {
	err := filepath.WalkDir(filepath.Join(root, name), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\n", filepath.ToSlash(rel), info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// policyKeys identifies, for each policy, everything its pages depend on:
// its versions' texts and what they are on the build date, and what every
// page shares (program, site.yaml, theme files, navigation).
//
// memo, when not nil, keeps the keys of the call before by policy: the
// loader hands a policy whose files did not change over whole, and its
// key stands while what every page shares does.
func (s *Site) policyKeys(opts Options, memo *keyMemo) map[string]string {
	shared := sha256.New()
	fmt.Fprintf(shared, "%s\x00%s\x00%t\n", binaryID(), opts.BaseURL, opts.Drafts)
	fmt.Fprintf(shared, "%s\n", s.ConfigSHA256)
	fmt.Fprintf(shared, "%s\n", s.ThemeSHA256)
	// Every page's header lists the policies of a small site by their
	// titles, in each language: a page depends on every primary text.
	if nav := render.Nav(s.Model, opts.Now); nav != nil {
		for _, p := range nav {
			v := p.Primary(opts.Now)
			fmt.Fprintf(shared, "nav %s\x00%s\n", p.Slug, v.Title)
			for _, t := range v.Translations {
				fmt.Fprintf(shared, "nav %s\x00%s\x00%s\n", p.Slug, t.Lang, t.Title)
			}
		}
	}
	fmt.Fprintf(shared, "jurisdictions %t\n", render.HasJurisdictions(s.Model, opts.Now))
	base := shared.Sum(nil)
	// A policy's key holds its versions' status on the build date too.
	if shared := string(base) + opts.Now.String(); memo != nil && memo.base != shared {
		memo.base, memo.keys = shared, nil
	}

	keys := map[string]string{}
	kept := map[*model.Policy]string{}
	for _, p := range s.Model.Policies {
		if key, ok := memo.get(p); ok {
			keys[p.Slug], kept[p] = key, key
			continue
		}
		h := sha256.New()
		h.Write(base)
		for _, v := range p.Versions {
			writeVersion(h, v, opts.Now)
			for _, t := range v.Translations {
				writeVersion(h, t, opts.Now)
			}
		}
		keys[p.Slug] = hex.EncodeToString(h.Sum(nil))
		kept[p] = keys[p.Slug]
	}
	if memo != nil {
		memo.keys = kept
	}
	return keys
}

// keyMemo is policyKeys' memory across calls.
type keyMemo struct {
	base string // what the keys share, and the build date
	keys map[*model.Policy]string
}

func (m *keyMemo) get(p *model.Policy) (string, bool) {
	if m == nil {
		return "", false
	}
	key, ok := m.keys[p]
	return key, ok
}

func writeVersion(h hash.Hash, v *model.Version, now model.Date) {
	src := v
	if v.Original != nil {
		src = v.Original
	}
	// The bytes of fmt's "%s\x00%s\x00%s\x00%s\x00%t\n", without fmt: serve
	// keys every version of the site on every rebuild.
	b := make([]byte, 0, 160)
	for _, f := range [...]string{v.Source, v.SHA256, v.Lang, src.Status(now).String()} {
		b = append(append(b, f...), 0)
	}
	b = strconv.AppendBool(b, !src.Announced.After(now))
	h.Write(append(b, '\n'))
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// treeSHA256 hashes the names and bytes of every file under dir in fsys;
// a missing folder hashes as empty.
func treeSHA256(fsys fs.FS, dir string) string {
	h := sha256.New()
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			fmt.Fprintf(h, "%s\x00unreadable\n", p)
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}
