-- polluters (LoadRoster): the published statistics per outlet pollutant
-- (TEMP roster_stat_stage). No parameters.
CREATE OR REPLACE TEMP TABLE roster_stat_stage AS
SELECT enterprise_id || '-' || lpad(CAST(oi AS VARCHAR), 2, '0') AS outlet_code, pollutant, source_name,
       limit_value, unit, exceed_rate, median, trend
FROM roster_pol WHERE enterprise_id IS NOT NULL AND pollutant IS NOT NULL;
