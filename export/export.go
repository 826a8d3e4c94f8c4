// Package export writes the published datasets (sql/exports/*.sql) to CSV,
// Parquet or JSON files with DuckDB's own COPY, so a dataset of millions of
// rows never passes row by row through Go.
package export

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// Formats accepted by Run.
var formats = map[string]string{
	"csv":     "(FORMAT csv, HEADER true)",
	"parquet": "(FORMAT parquet, COMPRESSION zstd)",
	"json":    "(FORMAT json, ARRAY true)",
}

// Options select what Run writes.
type Options struct {
	Dataset     string    // a name from Datasets
	Format      string    // csv, parquet, json
	From, To    time.Time // natural days, inclusive; zero = unbounded
	RegionLevel string    // city (default), province, county
}

// Datasets lists the dataset names (the files of sql/exports).
func Datasets(fsys fs.FS) []string {
	names, _ := fs.Glob(fsys, "exports/*.sql")
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, strings.TrimSuffix(path.Base(n), ".sql"))
	}
	sort.Strings(out)
	return out
}

// Run writes the dataset to w and returns the number of rows.
func Run(ctx context.Context, st *store.Store, opt Options, w io.Writer) (int64, error) {
	copyOpts, ok := formats[opt.Format]
	if !ok {
		return 0, fmt.Errorf("unknown format %q (use csv, parquet or json)", opt.Format)
	}
	body, err := fs.ReadFile(st.SQL, "exports/"+opt.Dataset+".sql")
	if err != nil {
		return 0, fmt.Errorf("unknown dataset %q (available: %s)", opt.Dataset, strings.Join(Datasets(st.SQL), ", "))
	}
	level := opt.RegionLevel
	if level == "" {
		level = "city"
	}
	switch level {
	case "city", "province", "county":
	default:
		return 0, fmt.Errorf("unknown region level %q (use city, province or county)", level)
	}
	from, to := "1900-01-01", "2999-12-31"
	if !opt.From.IsZero() {
		from = opt.From.Format(time.DateOnly)
	}
	if !opt.To.IsZero() {
		to = opt.To.Format(time.DateOnly)
	}
	tmpDir, err := os.MkdirTemp("", "envdisclose-export-")
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "out."+opt.Format)

	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	// The values are validated above (dates formatted by Go, level from a
	// fixed set), so they can be written as literals.
	setVars := fmt.Sprintf(`SET VARIABLE from_day = DATE '%s'; SET VARIABLE to_day = DATE '%s'; SET VARIABLE region_level = '%s';`,
		from, to, level)
	if _, err := conn.ExecContext(ctx, setVars); err != nil {
		return 0, fmt.Errorf("export %s: set filters: %w", opt.Dataset, err)
	}
	query := strings.TrimRight(strings.TrimSpace(string(body)), ";")
	// Newlines around the query end any trailing -- comment.
	copySQL := fmt.Sprintf("COPY (\n%s\n) TO '%s' %s", query, strings.ReplaceAll(tmp, "'", "''"), copyOpts)
	res, err := conn.ExecContext(ctx, copySQL)
	if err != nil {
		return 0, fmt.Errorf("export %s (exports/%s.sql): %w", opt.Dataset, opt.Dataset, err)
	}
	n, _ := res.RowsAffected()
	f, err := os.Open(tmp)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", opt.Dataset, err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return 0, fmt.Errorf("export %s: write output: %w", opt.Dataset, err)
	}
	return n, nil
}
