-- store: the bookkeeping of applied schema migrations (schema/NNN_*.sql),
-- created before the first one runs. No parameters.
CREATE TABLE IF NOT EXISTS schema_migration (
    name       VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);
