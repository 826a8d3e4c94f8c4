-- store: whether a migration was applied (1) or not (0). $1 = file name
-- (e.g. 001_core.sql).
SELECT count(*) FROM schema_migration WHERE name = $1;
