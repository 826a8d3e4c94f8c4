package polluter

import (
	"github.com/envdisclose/envdisclose/sql/stdcsv"

	"context"
	"database/sql"
	"io/fs"
)

// StandardsDir is the folder of the polluter standards tables inside the SQL tree.
const StandardsDir = "standards/polluters"

// standardTables maps each CSV file of StandardsDir to its table. Every
// listed file must exist; the CSV header names the table's columns.
func standardTables() []stdcsv.Table {
	return []stdcsv.Table{
		{File: "emission_flag.csv", Table: "emission_std_flag"},
		{File: "emission_pollutant.csv", Table: "emission_std_pollutant"},
		{File: "emission_alias.csv", Table: "emission_std_alias"},
		{File: "emission_std_limit.csv", Table: "emission_std_limit"},
		{File: "emission_param.csv", Table: "emission_std_param"},
	}
}

// LoadStandards replaces the contents of the emission_std_* tables with the
// CSV files of StandardsDir in fsys. It returns the number of rows loaded.
func LoadStandards(ctx context.Context, tx *sql.Tx, fsys fs.FS) (int, error) {
	return stdcsv.Load(ctx, tx, fsys, StandardsDir, standardTables())
}
