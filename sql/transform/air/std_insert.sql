-- transform (air): load up to 200 rows of one standards CSV into its table
-- (values bound as text, cast by DuckDB to the column types; empty fields
-- are NULL). ? parameters: the fields of the rows, row by row.
-- GENERATED PARTS, replaced by transform/standards.go (loadTable): the CSV
-- header names the columns, so the statement cannot be fixed here.
--   __TABLE__   std_<name> for standards/<name>.csv (checked identifier)
--   __COLUMNS__ the header's column names, double-quoted, comma-separated
--   __ROWS__    one "(?, ?, ...)" per row (a ? per column), comma-separated
INSERT INTO __TABLE__ (__COLUMNS__) VALUES __ROWS__;
