-- Every version of every product-period (release.List), newest period and
-- version first, with the on-time status: the first release of the period
-- (public, or internal for products not disclosed on the portal) on or
-- before the deadline day (CST).
WITH p AS (
    SELECT *, min(released_at) OVER (PARTITION BY product, period) AS first_released
    FROM publication
)
SELECT product, period, version, status, disclosure, built_at, released_at, published_at,
    coalesce(approved_by, ''), approved_at, deadline, calendar_fallback,
    coalesce(first_released IS NOT NULL AND deadline IS NOT NULL AND CAST(first_released AS DATE) <= deadline, false) AS on_time,
    dir, manifest_sha256, to_json(coalesce(standards, []))::VARCHAR, to_json(coalesce(input_files, []))::VARCHAR, staged_at,
    coalesce(deadline_rule, '')
FROM p
WHERE ($1 = '' OR product = $1) AND ($2 = '' OR period = $2)
ORDER BY product, period DESC, version DESC;
