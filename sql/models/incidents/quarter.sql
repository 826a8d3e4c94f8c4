-- Quarterly counts per county (region), published level and type, from
-- incident_public (no parameters). quarter = first day of the quarter of
-- occurred_at.
DELETE FROM incident_quarter;

INSERT INTO incident_quarter (quarter, region, level, type, count)
SELECT CAST(date_trunc('quarter', occurred_at) AS DATE), county, level, type, count(*)
FROM incident_public
GROUP BY ALL;
