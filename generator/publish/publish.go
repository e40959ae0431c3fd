// Package publish writes a build's files into the destination folder
// atomically: files go to a temporary folder beside the destination, and
// only a build that finished is swapped into place. A failed or killed
// build leaves the destination as it was. A lock file beside the
// destination refuses a second build into the same place.
package publish

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Writer receives the files of one build.
type Writer struct {
	dest     string
	tmp      string
	lock     string
	minifier *Minifier
	mu       sync.Mutex
	dirs     map[string]bool
	written  []string // the files in tmp, for the manifest (under mu)
	files    atomic.Int64
	bytes    atomic.Int64
	reused   atomic.Int64
	previous *Manifest // the build now in dest, when it can be trusted
	inPlace  bool      // dest is a mount point: tmp is inside it (see swapEntries)
	destTime time.Time // dest's modification time before tmp was made inside it

	// Files are minified and written by a pool of goroutines, so that the
	// file system's latency (creating a file or folder costs far more wall
	// time than CPU) overlaps with rendering.
	jobs    chan job
	workers sync.WaitGroup
	errOnce sync.Once
	err     atomic.Pointer[error]
	closed  bool
}

type job struct {
	name string
	data []byte
}

// mountPoint is isMountPoint, replaced in tests: mounting needs privileges.
var mountPoint = isMountPoint

// writers is how many files are minified and written at once.
const writers = 8

// Begin locks dest and prepares a temporary folder beside it.
func Begin(dest string, minifier *Minifier) (*Writer, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Split(dest)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	if st, err := os.Stat(dest); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
	}
	lock := filepath.Join(parent, "."+base+".lock")
	if err := acquire(lock); err != nil {
		return nil, err
	}
	cleanStale(parent, base)
	previous := readManifest(dest) // before a temporary folder inside dest changes its time
	inPlace := mountPoint(dest)
	var (
		tmp      string
		err      error
		destTime time.Time
	)
	if inPlace {
		cleanStale(dest, "")
		if st, err := os.Stat(dest); err == nil {
			destTime = st.ModTime()
		}
		tmp, err = os.MkdirTemp(dest, inPlacePrefix+"tmp-")
	} else {
		tmp, err = os.MkdirTemp(parent, "."+base+".tmp-")
	}
	if err != nil {
		os.Remove(lock)
		return nil, fmt.Errorf("cannot write beside %s: %w", dest, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		os.Remove(lock)
		return nil, err
	}
	w := &Writer{dest: dest, tmp: tmp, lock: lock, minifier: minifier, dirs: map[string]bool{".": true}, previous: previous, inPlace: inPlace, destTime: destTime, jobs: make(chan job, 2*writers)}
	for range writers {
		w.workers.Add(1)
		go func() {
			defer w.workers.Done()
			var scratch bytes.Buffer // the minified file, until it is written
			for j := range w.jobs {
				if w.failed() != nil {
					continue // drain: the build is lost anyway
				}
				if err := w.write(&scratch, j.name, j.data); err != nil {
					w.fail(err)
				}
			}
		}()
	}
	return w, nil
}

func (w *Writer) fail(err error) {
	w.errOnce.Do(func() { w.err.Store(&err) })
}

// failed returns the first error of a write, or nil.
func (w *Writer) failed() error {
	if p := w.err.Load(); p != nil {
		return *p
	}
	return nil
}

// wait lets the queued writes finish and returns the first error.
func (w *Writer) wait() error {
	if !w.closed {
		w.closed = true
		close(w.jobs)
		w.workers.Wait()
	}
	return w.failed()
}

// acquire creates the lock file, taking over one left by a dead process.
func acquire(lock string) error {
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			return f.Close()
		}
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("cannot lock the destination: %w", err)
		}
		data, _ := os.ReadFile(lock)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
		if pid > 0 && processAlive(pid) {
			return fmt.Errorf("another build (process %d) is writing to this destination; wait for it to finish, or remove %s if it is gone", pid, lock)
		}
		os.Remove(lock) // stale: its process is gone
	}
	return fmt.Errorf("cannot lock the destination: %s keeps reappearing", lock)
}

// cleanStale removes what killed builds left behind: temporary folders
// and a half-written record beside the destination, or with base "" the
// temporary folders inside it (a mount point).
func cleanStale(parent, base string) {
	stale := func(n string) bool {
		if base == "" {
			return Temporary(n)
		}
		for _, prefix := range []string{"." + base + ".tmp-", "." + base + ".old-", filepath.Base(manifestPath(base)) + ".tmp-"} {
			if strings.HasPrefix(n, prefix) {
				return true
			}
		}
		return false
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if stale(e.Name()) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// Temporary reports whether name, an entry of a destination, is a folder
// a build keeps there while it runs, when the destination is a mount point.
func Temporary(name string) bool { return strings.HasPrefix(name, inPlacePrefix) }

// Write queues one file to be minified and stored; name is a slash path
// relative to the destination. The writer takes data over: the caller must
// not change it afterwards, nor use it again, since the minifier lexes it
// in place and may write into it. An error of an earlier write is
// returned here, so that rendering stops soon after a failure; errors of
// the last writes are returned by Commit. Write is safe for concurrent use, but not after
// Commit or Abort.
func (w *Writer) Write(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return fmt.Errorf("refusing to write %q outside the destination", name)
	}
	if err := w.failed(); err != nil {
		return err
	}
	w.jobs <- job{name, data}
	return nil
}

func (w *Writer) write(scratch *bytes.Buffer, name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return fmt.Errorf("refusing to write %q outside the destination", name)
	}
	out, err := w.minifier.Minify(scratch, name, data)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	if err := w.mkdir(path.Dir(name)); err != nil {
		return err
	}
	// Unchanged output keeps its bytes and modification time: link it from
	// the previous build rather than writing it again.
	if old, same := w.sameAsPrevious(name, out); same && w.link(old, name) == nil {
		w.noteFile(name)
		w.files.Add(1)
		w.bytes.Add(int64(len(out)))
		w.reused.Add(1)
		return nil
	}
	if err := os.WriteFile(filepath.Join(w.tmp, filepath.FromSlash(name)), out, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	w.noteFile(name)
	w.files.Add(1)
	w.bytes.Add(int64(len(out)))
	return nil
}

func (w *Writer) mkdir(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dirs[dir] {
		return nil
	}
	// Create the missing folders from the top, one mkdir each: the parents
	// known to exist need no stat.
	var missing []string
	for d := dir; d != "." && !w.dirs[d]; d = path.Dir(d) {
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		d := missing[i]
		if err := os.Mkdir(filepath.Join(w.tmp, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("creating %s: %w", d, err)
		}
		w.dirs[d] = true
	}
	return nil
}

func (w *Writer) noteFile(name string) {
	w.mu.Lock()
	w.written = append(w.written, name)
	w.mu.Unlock()
}

// entries lists the tree the build wrote, as treeEntries lists a tree:
// root first as "./", then every folder (with a trailing slash) and file,
// in the order filepath.WalkDir visits them. Listing what was written
// rather than walking the tree after the swap saves reading every folder
// again: 30 ms of a cold M build's end, 150 ms of L's.
func (w *Writer) entries() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	entries := make([]string, 0, len(w.dirs)+len(w.written))
	for d := range w.dirs {
		if d != "." {
			entries = append(entries, d+"/")
		}
	}
	entries = append(entries, w.written...)
	slices.SortFunc(entries, walkOrder)
	return append([]string{"./"}, entries...)
}

// walkOrder orders slash paths as a walk of their tree visits them: name
// by name, a folder ("a/") before what it holds ("a/b").
func walkOrder(a, b string) int {
	a, b = strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/")
	for {
		an, arest, amore := strings.Cut(a, "/")
		bn, brest, bmore := strings.Cut(b, "/")
		if c := strings.Compare(an, bn); c != 0 {
			return c
		}
		if !amore || !bmore { // one is the other, or the folder holding it
			return cmp.Compare(len(a), len(b))
		}
		a, b = arest, brest
	}
}

// Files and Bytes report what was written so far.
func (w *Writer) Files() int   { return int(w.files.Load()) }
func (w *Writer) Bytes() int64 { return w.bytes.Load() }

// Commit swaps the finished build into place, records m (when not nil)
// for the next build, and releases the lock.
func (w *Writer) Commit(m *Manifest) error {
	defer os.Remove(w.lock)
	if err := w.wait(); err != nil {
		os.RemoveAll(w.tmp)
		return err
	}
	// The manifest of the old tree must not outlive it: a build killed
	// between the swap and the new manifest then simply reuses nothing.
	os.Remove(manifestPath(w.dest))
	// No fsync: the swap is atomic against a crashed or killed build, and
	// syncing every file would triple the time of a small build. Durability
	// across power loss is left to the file system, as other generators do.
	replace := swap
	if w.inPlace {
		replace = swapEntries
	}
	if err := replace(w.tmp, w.dest); err != nil {
		os.RemoveAll(w.tmp)
		return fmt.Errorf("cannot replace %s: %w", w.dest, err)
	}
	if m != nil {
		m.Files, m.Bytes = w.Files(), w.Bytes()
		// A manifest that cannot be written costs the next build its
		// reuse, nothing more.
		_ = writeManifest(w.dest, m, w.entries())
	}
	return nil
}

// Unchanged ends a build whose inputs are those of the build already in
// the destination: nothing is written, the destination stays as it is.
func (w *Writer) Unchanged() {
	w.Abort()
}

// Abort throws the build away and releases the lock.
func (w *Writer) Abort() {
	w.wait()
	os.RemoveAll(w.tmp)
	if w.inPlace && !w.destTime.IsZero() {
		// The record of the build in dest covers dest's own time: put back
		// what making and removing tmp inside it changed, so that the next
		// build still trusts it.
		os.Chtimes(w.dest, time.Time{}, w.destTime)
	}
	os.Remove(w.lock)
}
