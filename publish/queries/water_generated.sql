-- Site-months whose rows come (partly) from a file whose ledger source
-- starts with 'generated' (demo data): a sample of the month, or the
-- site's registry entry.
SELECT DISTINCT site_code, month FROM (
    SELECT s.site_code, CAST(date_trunc('month', s.sampled_at) AS DATE) AS month
    FROM water_sample s JOIN file_ledger f ON f.file_id = s.file_id
    WHERE f.source LIKE 'generated%'
    UNION ALL
    SELECT m.site_code, m.month
    FROM water_site_month m
    JOIN water_site w ON w.site_code = m.site_code
    JOIN file_ledger f ON f.file_id = w.file_id
    WHERE f.source LIKE 'generated%'
)
ORDER BY site_code, month
