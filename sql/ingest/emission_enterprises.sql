-- Enterprises of the polluter registry (every version) for emission
-- ingest: id, credit code, credit code as found in the source, name.
SELECT enterprise_id, coalesce(credit_code, ''), coalesce(credit_code_raw, ''), name
FROM enterprise
ORDER BY valid_from, enterprise_id;
