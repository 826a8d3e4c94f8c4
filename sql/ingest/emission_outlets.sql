-- Outlets of the polluter registry (every version, oldest first so that
-- the current version's enterprise, medium and MN win) for emission
-- ingest; current = the MN resolves to this outlet.
SELECT outlet_code, enterprise_id, medium, coalesce(trim(mn), ''), valid_to IS NULL
FROM outlet
ORDER BY valid_to IS NULL, valid_from, outlet_code;
