package transform

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// TestTransformSQLFilesDocumented: every statement file of sql/transform/
// (the non-model statements of the transform packages) starts with a "-- "
// comment saying what it does and what its parameters are.
func TestTransformSQLFilesDocumented(t *testing.T) {
	st := openStore(t)
	n := 0
	err := fs.WalkDir(st.SQL, "transform", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(p, ".sql") {
			t.Errorf("%s: not a .sql file", p)
			return nil
		}
		n++
		b, err := fs.ReadFile(st.SQL, p)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(string(b), "-- ") {
			t.Errorf("%s does not start with a \"-- \" comment", p)
		}
		if !strings.Contains(string(b), "parameter") && !strings.Contains(string(b), "? 1") {
			t.Errorf("%s: the comment does not say what its parameters are", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 60 {
		t.Errorf("only %d files under transform/", n)
	}
}

// TestStandardsTableName: a standards CSV whose name does not make a plain
// table name (it would be put into the SQL text) is refused, naming the
// file, before anything is loaded.
func TestStandardsTableName(t *testing.T) {
	st := openStore(t)
	mod := fstest.MapFS{}
	if err := fs.WalkDir(st.SQL, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(st.SQL, p)
		mod[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	mod["standards/bad; name.csv"] = &fstest.MapFile{Data: []byte("version,x\nV,1\n")}
	st.SQL = mod
	_, err := Run(context.Background(), st, Options{})
	if err == nil || !strings.Contains(err.Error(), "standards/bad; name.csv") || !strings.Contains(err.Error(), "not of the form") {
		t.Fatalf("Run with standards/bad; name.csv: err = %v, want the file named", err)
	}
}
