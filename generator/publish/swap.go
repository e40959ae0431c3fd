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
