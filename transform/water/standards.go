package water

import (
	"github.com/envdisclose/envdisclose/sql/stdcsv"

	"context"
	"database/sql"
	"io/fs"
)

// StandardsDir is the folder of the water standards tables inside the SQL tree.
const StandardsDir = "standards/water"

// standardTables maps each CSV file of StandardsDir to its table. Every
// listed file must exist; the CSV header names the table's columns.
func standardTables() []stdcsv.Table {
	return []stdcsv.Table{
		{File: "water_std_version.csv", Table: "water_std_version"},
		{File: "water_parameter.csv", Table: "water_std_parameter"},
		{File: "water_parameter_alias.csv", Table: "water_std_alias"},
		{File: "water_unit.csv", Table: "water_std_unit"},
		{File: "water_class_limit.csv", Table: "water_std_class_limit"},
		{File: "water_drinking_limit.csv", Table: "water_std_drinking_limit"},
		{File: "water_eval_item.csv", Table: "water_std_eval_item"},
		{File: "water_class_label.csv", Table: "water_std_class_label"},
		{File: "water_region_status.csv", Table: "water_std_region_status"},
	}
}

// LoadStandards replaces the contents of the water_std_* tables with the
// CSV files of StandardsDir in fsys (lines starting with '#' are comments,
// empty fields are NULL). It returns the number of rows loaded.
func LoadStandards(ctx context.Context, tx *sql.Tx, fsys fs.FS) (int, error) {
	return stdcsv.Load(ctx, tx, fsys, StandardsDir, standardTables())
}
