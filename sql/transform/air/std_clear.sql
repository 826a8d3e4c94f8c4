-- transform (air): empty one standards table before it is reloaded from its
-- CSV (standards/<name>.csv -> table std_<name>). No parameters.
-- GENERATED PART: __TABLE__ is replaced (transform/standards.go, loadTable)
-- by std_<name>, checked to be a plain identifier; SQL cannot bind a table
-- name, and the table follows from the CSV file, so it is not fixed here.
DELETE FROM __TABLE__;
