package transform

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/envdisclose/envdisclose/store"
)

// Standards CSV conventions (see sql/standards/README.md and
// docs/STANDARDS-NOTES.md): standards/<name>.csv is loaded into table
// std_<name> with the same column names; lines starting with '#' are
// comments (sources, notes) and do not count for the version hash; a
// `source` column refers to sources.csv. Rows are hashed per value of their
// `version` column; files without one are hashed as version "common",
// except sources.csv (citations only), which is not guarded.
const (
	commonVersion = "common"
	sourcesFile   = "sources.csv"
)

type csvTable struct {
	file   string
	table  string
	header []string
	rows   [][]string
}

func readStandards(fsys fs.FS) ([]csvTable, error) {
	names, err := fs.Glob(fsys, "standards/*.csv")
	if err != nil {
		return nil, fmt.Errorf("list standards: %w", err)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, errors.New("no standards/*.csv in the SQL file tree")
	}
	var out []csvTable
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", name, err)
		}
		r := csv.NewReader(f)
		r.Comment = '#'
		recs, err := r.ReadAll()
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("%s: no header", name)
		}
		base := path.Base(name)
		out = append(out, csvTable{
			file:   base,
			table:  "std_" + strings.TrimSuffix(base, ".csv"),
			header: recs[0],
			rows:   recs[1:],
		})
	}
	return out, nil
}

// versionHashes returns the sha256 of each version's rows. A row is
// canonicalised as file|col=value|...; the lines of a version are sorted so
// that reordering rows or adding comments changes nothing.
func versionHashes(tabs []csvTable) map[string]string {
	lines := map[string][]string{}
	for _, t := range tabs {
		if t.file == sourcesFile {
			continue
		}
		vcol := -1
		for i, h := range t.header {
			if h == "version" {
				vcol = i
			}
		}
		for _, row := range t.rows {
			var b strings.Builder
			b.WriteString(t.file)
			for i, v := range row {
				b.WriteString("|")
				if i < len(t.header) {
					b.WriteString(t.header[i])
				}
				b.WriteString("=")
				b.WriteString(v)
			}
			v := commonVersion
			if vcol >= 0 && vcol < len(row) {
				v = row[vcol]
			}
			lines[v] = append(lines[v], b.String())
		}
	}
	out := map[string]string{}
	for v, ls := range lines {
		sort.Strings(ls)
		h := sha256.New()
		for _, l := range ls {
			h.Write([]byte(l))
			h.Write([]byte{'\n'})
		}
		out[v] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

type storedHash struct {
	sha  string
	used bool
}

// loadStandards makes the std_* tables match the CSVs. It returns the used
// versions whose content changed (only possible with AcceptStandardChange)
// and whether the tables were reloaded.
func loadStandards(ctx context.Context, st *store.Store, opt Options) (changedUsed []string, reloaded bool, err error) {
	tabs, err := readStandards(st.SQL)
	if err != nil {
		return nil, false, err
	}
	hashes := versionHashes(tabs)

	stored := map[string]storedHash{}
	q, err := readStatement(st, "std_hash_read")
	if err != nil {
		return nil, false, err
	}
	rows, err := st.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, false, fmt.Errorf("read std_version_hash: %w", err)
	}
	for rows.Next() {
		var v string
		var h storedHash
		if err := rows.Scan(&v, &h.sha, &h.used); err != nil {
			rows.Close()
			return nil, false, fmt.Errorf("read std_version_hash: %w", err)
		}
		stored[v] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("read std_version_hash: %w", err)
	}

	var changed []string
	for v, h := range hashes {
		if s, ok := stored[v]; !ok || s.sha != h {
			changed = append(changed, v)
		}
	}
	for v := range stored {
		if _, ok := hashes[v]; !ok {
			changed = append(changed, v) // version removed from the CSVs
		}
	}
	sort.Strings(changed)
	if len(changed) == 0 {
		return nil, false, nil
	}
	for _, v := range changed {
		if stored[v].used {
			changedUsed = append(changedUsed, v)
		}
	}
	if len(changedUsed) > 0 && !opt.AcceptStandardChange {
		return nil, false, fmt.Errorf("standards changed for version(s) %s, which already have results: "+
			"old results would change silently; revert sql/standards/*.csv or run with AcceptStandardChange to recompute",
			strings.Join(changedUsed, ", "))
	}

	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = tx.Rollback() }()
	clearQ, err := readStatement(st, "std_clear")
	if err != nil {
		return nil, false, err
	}
	insertQ, err := readStatement(st, "std_insert")
	if err != nil {
		return nil, false, err
	}
	for _, t := range tabs {
		if err := loadTable(ctx, tx, clearQ, insertQ, t); err != nil {
			return nil, false, err
		}
	}
	if err := runModel(ctx, st, tx, nil, "std_derive"); err != nil {
		return nil, false, err
	}
	if err := checkStandards(ctx, st, tx); err != nil {
		return nil, false, err
	}
	writeQ, err := readStatement(st, "std_hash_write")
	if err != nil {
		return nil, false, err
	}
	deleteQ, err := readStatement(st, "std_hash_delete")
	if err != nil {
		return nil, false, err
	}
	now := store.Wall(st.Clock())
	for v, h := range hashes {
		if _, err := tx.ExecContext(ctx, writeQ, v, h, now); err != nil {
			return nil, false, fmt.Errorf("record hash of %s: %w", v, err)
		}
	}
	for v := range stored {
		if _, ok := hashes[v]; !ok {
			if _, err := tx.ExecContext(ctx, deleteQ, v); err != nil {
				return nil, false, fmt.Errorf("drop hash of %s: %w", v, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("commit standards: %w", err)
	}
	opt.Log.Info("standards loaded", "changed", changed, "changed_used", changedUsed)
	return changedUsed, true, nil
}

// Placeholders of the generated parts of std_clear.sql and std_insert.sql
// (see those files): a table name cannot be bound, and the columns come
// from the CSV header.
const (
	phTable   = "__TABLE__"
	phColumns = "__COLUMNS__"
	phRows    = "__ROWS__"
)

// tableNameRe is what a standards table name (std_<file name>) may be; it
// is put into SQL text, so nothing else is accepted.
var tableNameRe = regexp.MustCompile(`^std_[a-z0-9_]+$`)

// fillTemplate returns the one statement of tmpl (comments removed, so the
// placeholders are replaced in the statement only) with the placeholders
// replaced by the pairs of r.
func fillTemplate(file, tmpl string, r *strings.Replacer) (string, error) {
	sts := splitModel(tmpl)
	if len(sts) != 1 {
		return "", fmt.Errorf("%s%s: %d statements, want 1", stmtDir, file, len(sts))
	}
	return r.Replace(sts[0].text), nil
}

// loadTable replaces the rows of t.table with the CSV rows of t, using the
// statement templates std_clear.sql (clearQ) and std_insert.sql (insertQ).
func loadTable(ctx context.Context, tx *sql.Tx, clearQ, insertQ string, t csvTable) error {
	if !tableNameRe.MatchString(t.table) {
		return fmt.Errorf("standards/%s: table name %q is not of the form std_[a-z0-9_]+ (rename the file)", t.file, t.table)
	}
	q, err := fillTemplate("std_clear.sql", clearQ, strings.NewReplacer(phTable, t.table))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("standards/%s: clear %s: %w", t.file, t.table, err)
	}
	if len(t.rows) == 0 {
		return nil
	}
	cols := make([]string, len(t.header))
	for i, h := range t.header {
		cols[i] = `"` + strings.ReplaceAll(h, `"`, `""`) + `"`
	}
	ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	const batch = 200
	for i := 0; i < len(t.rows); i += batch {
		j := min(i+batch, len(t.rows))
		tuples := make([]string, 0, j-i)
		args := make([]any, 0, (j-i)*len(cols))
		for _, row := range t.rows[i:j] {
			if len(row) != len(cols) {
				return fmt.Errorf("standards/%s: line with %d fields, header has %d", t.file, len(row), len(cols))
			}
			tuples = append(tuples, ph)
			for _, v := range row {
				if v == "" {
					args = append(args, nil)
				} else {
					args = append(args, v)
				}
			}
		}
		q, err := fillTemplate("std_insert.sql", insertQ, strings.NewReplacer(
			phTable, t.table, phColumns, strings.Join(cols, ", "), phRows, strings.Join(tuples, ", ")))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("standards/%s: load into %s: %w", t.file, t.table, err)
		}
	}
	return nil
}

// checkStandards verifies what the lookup design relies on. Each check is
// a query of transform/air/ returning one offending row, none when it passes.
func checkStandards(ctx context.Context, st *store.Store, tx *sql.Tx) error {
	checks := []struct{ what, file string }{
		{"breakpoints must be integers (IAQI lookup keyed by floor(C))", "check_breakpoint_integer"},
		{"every indicator needs an above-top rule equal to its top breakpoint", "check_above_top"},
		{"indicator of std_aqi_indicator without breakpoints", "check_indicator_breakpoints"},
		{"primary_code missing from pollutant.csv", "check_primary_code"},
	}
	for _, c := range checks {
		q, err := readStatement(st, c.file)
		if err != nil {
			return err
		}
		var bad sql.NullString
		err = tx.QueryRowContext(ctx, q).Scan(&bad)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("check standards (%s, %s%s.sql): %w", c.what, stmtDir, c.file, err)
		}
		return fmt.Errorf("standards: %s: %s", c.what, bad.String)
	}
	return nil
}
