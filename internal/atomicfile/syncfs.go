package atomicfile

import (
	"fmt"
	"os"
)

// FS is a file system to flush in one call (syncfs(2)) instead of one
// fsync per file, when many files were written together (a publish build,
// a round of pushes). Open it before writing the files it must make
// durable: syncfs reports the write-back errors of the file system that
// happened since this handle was opened or last synced (each handle keeps
// its own place), so an error on one of those files is never missed, even
// when another handle's sync saw it first. (Linux 5.8 and later report
// them; where the system has no syncfs, Sync says so and the caller syncs
// file by file.)
type FS struct {
	f   *os.File
	dir string
}

// OpenFS opens the file system that holds dir.
func OpenFS(dir string) (*FS, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return &FS{f: f, dir: dir}, nil
}

// Sync flushes every file and directory written on the file system and
// reports whether it could (false: no syncfs here, nothing done).
func (s *FS) Sync() (bool, error) {
	ok, err := syncfs(s.f)
	if err != nil {
		return true, fmt.Errorf("sync the file system of %s: %w", s.dir, err)
	}
	return ok, nil
}

// Close closes the handle.
func (s *FS) Close() error { return s.f.Close() }
