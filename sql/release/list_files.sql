-- The files of the versions selected like list.sql, in manifest order.
SELECT product, period, version, name, size, sha256
FROM publication_file
WHERE ($1 = '' OR product = $1) AND ($2 = '' OR period = $2)
ORDER BY product, period, version, seq;
