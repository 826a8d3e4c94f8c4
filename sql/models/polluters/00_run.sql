-- Polluter transform, step 0: per-run temporary tables.
-- Input: polluter_run_day(day) (created by transform/polluter: the natural
-- days to recompute), emission_std_param, file_ledger.
-- Everything here is TEMP: it lives on the run's connection only.

-- The months touched by the run days; month tables are recomputed whole.
CREATE OR REPLACE TEMP TABLE polluter_run_month AS
SELECT DISTINCT CAST(date_trunc('month', day) AS DATE) AS month FROM polluter_run_day;

-- Parameters as one row.
CREATE OR REPLACE TEMP TABLE polluter_p AS
SELECT
    coalesce(max(value) FILTER (WHERE name = 'day_min_valid_hours_gas'), 20)   AS min_hours_gas,
    coalesce(max(value) FILTER (WHERE name = 'day_min_valid_hours_water'), 20) AS min_hours_water,
    CAST(coalesce(max(value) FILTER (WHERE name = 'suspicious_window_hours'), 1) AS BIGINT) AS window_hours,
    coalesce(max(value) FILTER (WHERE name = 'limit_tolerance'), 1e-9)         AS tol
FROM emission_std_param;

-- Files whose rows are generated demo data (ledger name "generated:...").
CREATE OR REPLACE TEMP TABLE polluter_generated_file AS
SELECT file_id FROM file_ledger WHERE name LIKE 'generated:%' OR source = 'generated';
