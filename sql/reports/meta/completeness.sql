-- Completeness of each dataset in the period: records expected and present.
--   air: station-hours. Expected = stations of the registry active at any
--        time in the period (station rows overlapping it) x hours of the
--        period; present = air_hour rows of those stations (hours labelled
--        first day 01:00 ... day after the last day 00:00).
--   water: site-months. Expected = sites of the registry active in the period
--        and monitored in the 12 months up to its end (a registered site
--        nobody samples, like most of a national snapshot, is not expected
--        of this bureau) x months; present = site-months with samples
--        (water_site_month).
--   polluters: outlet-pollutant-hours. Expected = 24 x the outlet-pollutant-days
--        with a limit in force (emission_day); present = hours received (any flag).
--   incidents: records. Expected = incidents in the register occurring in the
--        period; present = those with a published (de-identified) record.
-- $1 first day, $2 last day of the period.
WITH b AS (
    SELECT CAST($1 AS DATE) AS d0, CAST($2 AS DATE) AS d1,
           CAST(CAST($1 AS DATE) AS TIMESTAMP) + INTERVAL 1 HOUR AS h0,
           CAST(CAST($2 AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY AS h1
),
st AS (
    SELECT DISTINCT s.station_code FROM station s, b
    WHERE s.valid_from <= b.h1 AND (s.valid_to IS NULL OR s.valid_to > b.h0)
),
ws AS (
    SELECT DISTINCT w.site_code FROM water_site w, b
    WHERE w.valid_from <= b.h1 AND (w.valid_to IS NULL OR w.valid_to > b.h0)
      AND w.site_code IN (SELECT m.site_code FROM water_site_month m, b
                          WHERE m.month > b.d1 - INTERVAL 12 MONTH AND m.month <= b.d1)
)
SELECT 'air' AS dataset,
       (SELECT count(*) FROM st) * (SELECT datediff('hour', h0, h1) + 1 FROM b) AS expected,
       (SELECT count(*) FROM air_hour a, b WHERE a.time BETWEEN b.h0 AND b.h1
          AND a.station_code IN (SELECT station_code FROM st)) AS present
UNION ALL
SELECT 'water',
       (SELECT count(*) FROM ws) * (SELECT datediff('month', d0, d1 + 1) FROM b),
       (SELECT count(*) FROM water_site_month m, b WHERE m.month BETWEEN b.d0 AND b.d1
          AND m.site_code IN (SELECT site_code FROM ws))
UNION ALL
SELECT 'polluters',
       (SELECT 24 * count(*) FROM emission_day e, b WHERE e.day BETWEEN b.d0 AND b.d1),
       (SELECT CAST(coalesce(sum(hours_received), 0) AS BIGINT) FROM emission_day e, b WHERE e.day BETWEEN b.d0 AND b.d1)
UNION ALL
SELECT 'incidents',
       (SELECT count(*) FROM incident i, b WHERE CAST(i.occurred_at AS DATE) BETWEEN b.d0 AND b.d1),
       (SELECT count(*) FROM incident_public i, b WHERE CAST(i.occurred_at AS DATE) BETWEEN b.d0 AND b.d1);
