-- polluters (LoadRoster): the published statistics per outlet pollutant.
-- ? 1 = ledger file_id.
INSERT INTO outlet_stat
SELECT outlet_code, pollutant, source_name, limit_value, unit, exceed_rate, median, trend, CAST(? AS BIGINT)
FROM roster_stat_stage;
