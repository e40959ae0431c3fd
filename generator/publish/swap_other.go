//go:build !linux

package publish

import (
	"errors"
	"io/fs"
	"os"
)

func swap(tmp, dest string) error {
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	}
	return swapByRename(tmp, dest)
}

// processAlive cannot be asked portably; assume a lock's owner lives.
func processAlive(pid int) bool { return true }

// isMountPoint cannot be asked portably; a mount point as the destination
// fails at the swap, with the system's error.
func isMountPoint(dir string) bool { return false }
