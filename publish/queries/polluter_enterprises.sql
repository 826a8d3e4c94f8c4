-- Every enterprise of the key-polluter registry (重点排污单位), as its
-- current version says (SCD2: valid_to IS NULL, else the latest version),
-- with whether that version came from a generated ledger entry (demo).
SELECT e.enterprise_id, e.name, coalesce(e.credit_code, ''), coalesce(e.credit_code_raw, ''),
       coalesce(e.province, ''), coalesce(e.city, ''), coalesce(e.county, ''), coalesce(e.industry, ''),
       coalesce(e.permit_no, ''), coalesce(e.key_category, ''), coalesce(e.air_standards, ''),
       coalesce(e.water_standards, ''),
       coalesce(f.source LIKE 'generated%' OR f.name LIKE 'generated:%', false) AS generated
FROM enterprise e
LEFT JOIN file_ledger f ON f.file_id = e.file_id
QUALIFY row_number() OVER (PARTITION BY e.enterprise_id ORDER BY e.valid_to IS NULL DESC, e.valid_from DESC) = 1
ORDER BY e.county NULLS LAST, e.city NULLS LAST, e.name, e.enterprise_id
