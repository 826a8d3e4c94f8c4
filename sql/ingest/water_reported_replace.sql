-- ingest: a later file's published class replaces the earlier one of the
-- same site and time (water_sample_reported has no history table; the
-- earlier file stays in the ledger). $1/$2 = min/max time of the file.
DELETE FROM water_sample_reported r
USING ingest_water_reported_stage s
WHERE r.site_code = s.site_code AND r.sampled_at = s.sampled_at
  AND r.sampled_at BETWEEN $1 AND $2;
