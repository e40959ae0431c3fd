package publish

import (
	"os"
	"path/filepath"
	"strings"
)

// swapByRename moves the old tree aside, the new one in, then deletes the
// old. A crash between the two renames leaves the old tree beside dest
// under .<name>.old-*, from where it can be restored by hand.
func swapByRename(tmp, dest string) error {
	parent, base := filepath.Split(dest)
	old := filepath.Join(parent, "."+base+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".tmp-"))
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Rename(old, dest)
		return err
	}
	return os.RemoveAll(old)
}

// inPlacePrefix starts the names of the temporary folders a build keeps
// inside a destination that is a mount point (see swapEntries).
const inPlacePrefix = ".policysite."

// swapEntries replaces the entries of dest, a mount point, with those of
// tmp, a folder inside it: rename(2) can neither replace a mount point nor
// move a tree onto it from another file system. It is not atomic: for the
// moment between moving the old entries aside and the new ones in, the
// destination is incomplete. On a failure it puts back what it moved.
func swapEntries(tmp, dest string) error {
	olds, err := entryNames(dest)
	if err != nil {
		return err
	}
	news, err := entryNames(tmp)
	if err != nil {
		return err
	}
	old, err := os.MkdirTemp(dest, inPlacePrefix+"old-")
	if err != nil {
		return err
	}
	move := func(from, to string, names []string) ([]string, error) {
		var moved []string
		for _, name := range names {
			if err := os.Rename(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
				return moved, err
			}
			moved = append(moved, name)
		}
		return moved, nil
	}
	movedOut, err := move(dest, old, olds)
	if err == nil {
		var movedIn []string
		if movedIn, err = move(tmp, dest, news); err != nil {
			move(dest, tmp, movedIn)
		}
	}
	if err != nil {
		move(old, dest, movedOut)
		os.Remove(old)
		return err
	}
	os.RemoveAll(tmp)
	return os.RemoveAll(old)
}

// entryNames lists dir's entries but the build's own temporary folders.
func entryNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !Temporary(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}
