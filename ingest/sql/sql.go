// Package sql gives package ingest its SQL statements, which live as plain
// files under the project's sql/ingest/ folder (embedded into the binary by
// package envdisclose/sql).
package sql

import (
	"fmt"
	"io/fs"

	envsql "github.com/envdisclose/envdisclose/sql"
)

// Statement returns the text of sql/ingest/<name>.sql.
func Statement(name string) (string, error) {
	fsys, err := envsql.FS("")
	if err != nil {
		return "", err
	}
	b, err := fs.ReadFile(fsys, "ingest/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("ingest sql %s: %w", name, err)
	}
	return string(b), nil
}
