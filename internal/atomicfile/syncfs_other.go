//go:build !linux

package atomicfile

// SyncFS is not available here: callers sync file by file.
func SyncFS(dir string) (bool, error) { return false, nil }
