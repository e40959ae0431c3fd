package server

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// watcher watches folders (never single files: editors save by renaming)
// and turns fsnotify events into changed source paths.
type watcher struct {
	fsw   *fsnotify.Watcher
	root  string   // the site folder, as given
	scope []string // watched paths, slash-separated, relative to root
	log   *logger
}

func newWatcher(root string, scope []string, log *logger) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fsw: fsw, root: root, log: log}
	for _, p := range scope {
		p = path.Clean(filepath.ToSlash(p))
		if p == "." || p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
			fsw.Close()
			return nil, errors.New("server: Watch paths must lie inside the site folder: " + p)
		}
		w.scope = append(w.scope, p)
	}
	// The site folder itself, so that a watched file or folder created
	// later (a themes/ folder, a site.yaml written by rename) is seen.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, p := range w.scope {
		if _, err := w.addTree(p); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) close() error { return w.fsw.Close() }

func (w *watcher) events() <-chan fsnotify.Event { return w.fsw.Events }

func (w *watcher) errors() <-chan error { return w.fsw.Errors }

func (w *watcher) overflow(err error) bool { return errors.Is(err, fsnotify.ErrEventOverflow) }

// addTree watches the folder rel and every folder under it, and returns
// the files found in them (which may have been created before the watch
// was in place). A rel that is not a folder is ignored.
func (w *watcher) addTree(rel string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(w.root, filepath.FromSlash(rel)), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone meanwhile, or not there yet
			}
			return err
		}
		r, err := w.rel(p)
		if err != nil {
			return err
		}
		if r != rel && ignored(path.Base(r)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, r)
			return nil
		}
		if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
	return files, err
}

func (w *watcher) rel(name string) (string, error) {
	r, err := filepath.Rel(w.root, name)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(r), nil
}

// inScope reports whether rel is a watched path or lies under one.
func (w *watcher) inScope(rel string) bool {
	for _, s := range w.scope {
		if rel == s || strings.HasPrefix(rel, s+"/") {
			return true
		}
	}
	return false
}

// handle returns the source paths an event changes: none for ignored
// files, paths outside the watched ones and bare attribute changes; the
// files inside a folder that appeared (the folder is watched from now on).
func (w *watcher) handle(ev fsnotify.Event) []string {
	rel, err := w.rel(ev.Name)
	if err != nil || !w.inScope(rel) || hidden(rel) {
		return nil
	}
	if ev.Op == fsnotify.Chmod { // touch, chmod: nothing to rebuild
		return nil
	}
	changed := []string{rel}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			files, err := w.addTree(rel)
			if err != nil {
				w.log.printf("watch: %v", err)
			}
			changed = append(changed, files...)
		}
	}
	return changed
}

// hidden reports whether any element of the slash path rel is ignored.
func hidden(rel string) bool {
	for elem := range strings.SplitSeq(rel, "/") {
		if ignored(elem) {
			return true
		}
	}
	return false
}

// ignored reports whether a file name is an editor's or system's
// temporary, backup or metadata file rather than a source.
func ignored(name string) bool {
	switch {
	case name == "4913", // vim probes whether it may write the folder
		strings.HasPrefix(name, "."),                                // .file.swp, .#lock, .DS_Store, .git
		strings.HasSuffix(name, "~"),                                // backups
		len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#', // emacs auto-save
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains safe write
		strings.HasSuffix(name, ".crswap"): // browsers' File System Access API
		return true
	}
	return false
}
