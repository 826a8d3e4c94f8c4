package water

import (
	"github.com/envdisclose/envdisclose/sql/stdcsv"

	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
)

// StandardsDir is the folder of the water standards tables inside the SQL tree.
const StandardsDir = "standards/water"

// standardTables maps each CSV file of StandardsDir to its table. Every
// listed file must exist; the CSV header names the table's columns.
func standardTables() []struct{ file, table string } {
	return []struct{ file, table string }{
		{"water_std_version.csv", "water_std_version"},
		{"water_parameter.csv", "water_std_parameter"},
		{"water_parameter_alias.csv", "water_std_alias"},
		{"water_unit.csv", "water_std_unit"},
		{"water_class_limit.csv", "water_std_class_limit"},
		{"water_drinking_limit.csv", "water_std_drinking_limit"},
		{"water_eval_item.csv", "water_std_eval_item"},
		{"water_class_label.csv", "water_std_class_label"},
		{"water_region_status.csv", "water_std_region_status"},
	}
}

// LoadStandards replaces the contents of the water_std_* tables with the
// CSV files of StandardsDir in fsys (lines starting with '#' are comments,
// empty fields are NULL). It returns the number of rows loaded.
func LoadStandards(ctx context.Context, tx *sql.Tx, fsys fs.FS) (int, error) {
	total := 0
	for _, t := range standardTables() {
		name := StandardsDir + "/" + t.file
		header, rows, err := stdcsv.Read(fsys, name)
		if err != nil {
			return total, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.table); err != nil {
			return total, fmt.Errorf("water: clear %s for %s: %w", t.table, name, err)
		}
		if len(rows) == 0 {
			continue
		}
		ph := "(" + strings.TrimSuffix(strings.Repeat("CAST(? AS VARCHAR), ", len(header)), ", ") + ")"
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", t.table, strings.Join(header, ", "), ph)
		stmt, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return total, fmt.Errorf("water: prepare insert into %s for %s: %w", t.table, name, err)
		}
		for i, r := range rows {
			args := make([]any, len(r))
			for j, v := range r {
				if v = strings.TrimSpace(v); v != "" {
					args[j] = v
				}
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				_ = stmt.Close()
				return total, fmt.Errorf("water: %s data row %d: %w", name, i+1, err)
			}
		}
		if err := stmt.Close(); err != nil {
			return total, fmt.Errorf("water: %s: %w", name, err)
		}
		total += len(rows)
	}
	return total, nil
}
