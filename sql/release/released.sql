-- How many released (public or internal) versions a product-period has (deadline warnings).
SELECT count(*) FROM publication
WHERE product = ? AND period = ? AND status IN ('public', 'internal');
