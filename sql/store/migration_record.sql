-- store: records an applied migration, in the transaction that applied it.
-- $1 = file name, $2 = applied at (CST wall clock).
INSERT INTO schema_migration VALUES ($1, $2);
