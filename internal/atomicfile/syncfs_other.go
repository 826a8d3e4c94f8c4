//go:build !linux

package atomicfile

import "os"

// syncfs is not available here: callers sync file by file.
func syncfs(*os.File) (bool, error) { return false, nil }
