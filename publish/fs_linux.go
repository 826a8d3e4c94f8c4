package publish

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// reuseFiles: builds reuse the files of the pool here (recycle.go).
const reuseFiles = true

// moveUnshared renames the regular file old to dst if old has no other
// link and dst does not exist.
func moveUnshared(old, dst string) bool {
	var st unix.Stat_t
	if err := unix.Lstat(old, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Nlink != 1 {
		return false
	}
	return unix.Renameat2(unix.AT_FDCWD, old, unix.AT_FDCWD, dst, unix.RENAME_NOREPLACE) == nil
}

// syncFS flushes the file system that holds dir (syncfs(2): every file and
// directory written on it, the build's among them) and reports that it
// did.
func syncFS(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return true, fmt.Errorf("sync %s: %w", dir, err)
	}
	defer f.Close()
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		return true, fmt.Errorf("sync the file system of %s: %w", dir, err)
	}
	return true, nil
}
