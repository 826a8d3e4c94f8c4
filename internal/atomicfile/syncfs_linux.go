package atomicfile

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// SyncFS flushes the whole file system that holds dir (syncfs(2): every
// file and directory written on it) and reports that it did. One call
// instead of an fsync per file when many files were written together (a
// publish build, a round of pushes); false where the system has no
// syncfs (the caller syncs file by file).
func SyncFS(dir string) (bool, error) {
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
