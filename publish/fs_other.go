//go:build !linux

package publish

// reuseFiles: no pool of free files here (recycle.go).
const reuseFiles = false

// moveUnshared does not reuse files outside Linux (no link count check
// and no rename that refuses to replace): builds create every file.
func moveUnshared(old, dst string) bool { return false }
