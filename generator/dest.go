package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/policysite/policysite/generator/content"
	"github.com/policysite/policysite/generator/publish"
)

// sourceFolders are the folders of a site that a build reads, beside
// site.yaml.
var sourceFolders = []string{content.Dir, themesDir}

// themesDir holds a site's own themes and overrides of the built-in ones.
const themesDir = "themes"

// destination returns the folder a build into dest replaces: dest, or
// the folder it links to when it is a symbolic link (a deploy's
// public -> /var/www/legal), which the swap would otherwise replace with
// a folder of its own, leaving the web root as it was.
//
// It refuses a destination the build must not replace. A build swaps its
// output in for the destination folder whole, so a destination that is
// the site folder, holds it, or lies among its sources would delete the
// policies it was built from; and a folder of other files (say a web root
// with files of its own) would lose them.
func destination(siteDir, dest string) (string, error) {
	out, err := checkDest(siteDir, dest)
	if err != nil {
		return "", err
	}
	if fi, err := os.Lstat(dest); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return out, nil
	}
	return dest, nil
}

// checkDest does destination's checks and returns dest's real path.
func checkDest(siteDir, dest string) (string, error) {
	site, err := realPath(siteDir)
	if err != nil {
		return "", err
	}
	out, err := realPath(dest)
	if err != nil {
		return "", err
	}
	if within(site, out) {
		return "", fmt.Errorf("destination %s would replace the site folder %s, which it holds (a build replaces its destination whole; expected a folder of its own, such as %s)", dest, siteDir, filepath.Join(siteDir, "public"))
	}
	for _, name := range sourceFolders { // site.yaml, a file, Begin refuses
		if within(out, filepath.Join(site, name)) {
			return "", fmt.Errorf("destination %s is the site's %s/ folder or inside it (a build replaces its destination whole; expected a folder of its own, such as %s)", dest, name, filepath.Join(siteDir, "public"))
		}
	}
	if _, err := os.Stat(filepath.Join(out, "versions.json")); err == nil {
		return out, nil // every build writes versions.json: an earlier build's output
	}
	entries, _ := os.ReadDir(out) // missing, or not a folder: Begin says what is wrong
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return publish.Temporary(e.Name()) })
	if len(entries) == 0 {
		return out, nil // nothing to lose
	}
	return "", fmt.Errorf("destination %s holds files a policysite build did not write, such as %s (a build replaces its destination whole; expected an empty folder, a new one, or an earlier build's output)", dest, entries[0].Name())
}

// realPath is path made absolute with symbolic links resolved, as far as
// it exists; the part that does not exist yet is kept as written.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var rest []string
	for p := abs; ; p = filepath.Dir(p) {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(p) == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
	}
}

// within reports whether path is dir or inside it; both are clean and
// absolute.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
