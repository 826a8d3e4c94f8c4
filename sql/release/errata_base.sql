-- The newest released (public or internal) version of a product-period: the
-- version a correction's errata compare against.
SELECT version, dir
FROM publication
WHERE product = ? AND period = ? AND status IN ('public', 'internal')
ORDER BY version DESC
LIMIT 1;
