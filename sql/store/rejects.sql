-- store (Rejects): the rejects of file $1, whole-file ones first, then by
-- line and field; at most $2 rows (NULL = all).
SELECT coalesce(line, 0), coalesce(field, ''), coalesce(value, ''), reason
FROM reject
WHERE file_id = $1
ORDER BY line NULLS FIRST, field
LIMIT $2;
