package publish

import "golang.org/x/sys/unix"

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
