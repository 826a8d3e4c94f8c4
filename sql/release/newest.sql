-- The newest version of a product-period (release.Stage): version, status, figures hash.
SELECT version, status, figures_sha256
FROM publication
WHERE product = ? AND period = ?
ORDER BY version DESC
LIMIT 1;
