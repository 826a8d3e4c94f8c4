package polluter

import (
	"github.com/envdisclose/envdisclose/sql/stdcsv"

	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
)

// StandardsDir is the folder of the polluter standards tables inside the SQL tree.
const StandardsDir = "standards/polluters"

// standardTables maps each CSV file of StandardsDir to its table. Every
// listed file must exist; the CSV header names the table's columns.
func standardTables() []struct{ file, table string } {
	return []struct{ file, table string }{
		{"emission_flag.csv", "emission_std_flag"},
		{"emission_pollutant.csv", "emission_std_pollutant"},
		{"emission_alias.csv", "emission_std_alias"},
		{"emission_std_limit.csv", "emission_std_limit"},
		{"emission_param.csv", "emission_std_param"},
	}
}

// LoadStandards replaces the contents of the emission_std_* tables with the
// CSV files of StandardsDir in fsys (lines starting with '#' are comments,
// empty fields are NULL), one multi-row INSERT per file. It returns the
// number of rows loaded.
func LoadStandards(ctx context.Context, tx *sql.Tx, fsys fs.FS) (int, error) {
	total := 0
	for _, t := range standardTables() {
		name := StandardsDir + "/" + t.file
		header, rows, err := stdcsv.Read(fsys, name)
		if err != nil {
			return total, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.table); err != nil {
			return total, fmt.Errorf("polluter: clear %s for %s: %w", t.table, name, err)
		}
		if len(rows) == 0 {
			continue
		}
		ph := "(" + strings.TrimSuffix(strings.Repeat("CAST(? AS VARCHAR), ", len(header)), ", ") + ")"
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.table, strings.Join(header, ", "))
		args := make([]any, 0, len(rows)*len(header))
		for i, r := range rows {
			if len(r) != len(header) {
				return total, fmt.Errorf("polluter: %s data row %d: %d fields, header has %d", name, i+1, len(r), len(header))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ph)
			for _, v := range r {
				if v = strings.TrimSpace(v); v != "" {
					args = append(args, v)
				} else {
					args = append(args, nil)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return total, fmt.Errorf("polluter: load %s into %s: %w", name, t.table, err)
		}
		total += len(rows)
	}
	return total, nil
}
