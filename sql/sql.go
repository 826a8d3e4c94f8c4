// Package sql holds every SQL statement and standards table of envdisclose
// as plain files: schema migrations (schema/NNN_*.sql), transform models
// (models/*.sql) and the versioned standards tables (standards/*.csv).
//
// The files are embedded into the binary. During development a directory on
// disk can be used instead (see FS), so a change to a .sql file needs no
// rebuild.
package sql

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

//go:embed schema models standards exports ingest reports release store server transform tools
var embedded embed.FS

// FS returns the SQL file tree. With dir == "" it is the copy embedded in
// the binary; otherwise dir is read from disk (it must contain the same
// schema/, models/ and standards/ folders).
func FS(dir string) (fs.FS, error) {
	if dir == "" {
		return embedded, nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("sql dir %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("sql dir %s: not a directory", dir)
	}
	return os.DirFS(dir), nil
}

// Read returns one file of fsys, with the file name in any error.
func Read(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", fmt.Errorf("read sql file %s: %w", name, err)
	}
	return string(b), nil
}
