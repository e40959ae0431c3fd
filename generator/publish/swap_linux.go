package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// swap exchanges the new tree with the old one in a single rename(2), so
// at every instant the destination is either the whole old site or the
// whole new one; the old tree, now at tmp, is then removed.
func swap(tmp, dest string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return os.RemoveAll(tmp)
	case errors.Is(err, fs.ErrNotExist):
		return os.Rename(tmp, dest) // no old site
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return swapByRename(tmp, dest) // file system without RENAME_EXCHANGE
	}
	return err
}

func processAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// isMountPoint reports whether dir is where a file system (or a bind
// mount, such as a container's volume) is mounted: rename(2) cannot move
// or replace it. It compares dir's mount with its parent's, or where the
// kernel does not say, their devices.
func isMountPoint(dir string) bool {
	var st, parent unix.Statx_t
	const mask = unix.STATX_MNT_ID | unix.STATX_INO
	if unix.Statx(unix.AT_FDCWD, dir, 0, mask, &st) != nil || unix.Statx(unix.AT_FDCWD, filepath.Join(dir, ".."), 0, mask, &parent) != nil {
		return false
	}
	if st.Mask&parent.Mask&unix.STATX_MNT_ID != 0 {
		return st.Mnt_id != parent.Mnt_id
	}
	return st.Dev_major != parent.Dev_major || st.Dev_minor != parent.Dev_minor || st.Ino == parent.Ino
}
