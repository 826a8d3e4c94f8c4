-- Key polluters (重点排污单位): enterprise and outlet registry, emission
-- limits per outlet, online-monitoring values (HJ 212 / CSV / XLSX), the
-- standards tables (loaded from standards/polluters/*.csv by
-- transform/polluter) and the results of the polluter transform
-- (models/polluters/*.sql). See docs/POLLUTERS-NOTES.md.
--
-- TIME CONVENTION: as in 001_core.sql, every TIMESTAMP is China Standard
-- Time wall clock and an hourly value is labelled with the END of its hour
-- (the value at 10:00 covers 09:00-10:00). HJ 212 hourly messages (CN 2061)
-- carry the START of the hour in DataTime: ingest adds one hour. Daily
-- values (CN 2031) are labelled with the day's end, D+1 00:00, like the
-- hours: the natural day of any row is CAST(time - INTERVAL 1 HOUR AS DATE).
-- A month is identified by its first day (DATE).
--
-- Pollutants are canonical codes (so2, nox, pm, cod, nh3n, ...; see
-- standards/polluters/emission_pollutant.csv, which also maps the HJ 212
-- codes a21026, a21002, a34013, w01018, w21003, ...).

-- ---------------------------------------------------------------------
-- Registry, versioned like `station` (SCD2): a change closes the current
-- row (valid_to) and opens a new one; a key seen for the first time is
-- valid from 1970-01-01 so that historic data joins.

-- Enterprise (排污单位). enterprise_id is the registry key: the unified
-- social credit code when the source gives a well-formed one that is unique
-- in the source, otherwise an id scoped to the source (e.g. NX-017).
CREATE TABLE IF NOT EXISTS enterprise (
    enterprise_id   VARCHAR NOT NULL,
    credit_code     VARCHAR,            -- 统一社会信用代码, 18 characters; NULL = absent or malformed in the source
    credit_code_raw VARCHAR,            -- as found in the source, for audit
    name            VARCHAR NOT NULL,
    province        VARCHAR,
    city            VARCHAR,            -- 地级行政区
    county          VARCHAR,            -- 区县, optional
    industry        VARCHAR,            -- 国民经济行业 (name as in the source)
    permit_no       VARCHAR,            -- 排污许可证编号
    lon             DOUBLE,
    lat             DOUBLE,
    is_key          BOOLEAN NOT NULL DEFAULT true, -- on a 重点排污单位名录
    key_category    VARCHAR,            -- 重点排污单位类别: air | water | air+water (| soil, noise, risk ...)
    air_standards   VARCHAR,            -- applicable air emission standards, codes joined by ';' (GB 13223-2011;GB 16297-1996)
    water_standards VARCHAR,            -- applicable water discharge standards, same form
    valid_from      TIMESTAMP NOT NULL,
    valid_to        TIMESTAMP,          -- NULL = current version
    file_id         BIGINT NOT NULL
);

-- Outlet (排放口). outlet_code is unique over all enterprises. HJ 212
-- devices are identified by their MN (数采仪唯一标识); ingest resolves
-- MN -> outlet_code through the current outlet row.
CREATE TABLE IF NOT EXISTS outlet (
    outlet_code   VARCHAR NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    medium        VARCHAR NOT NULL,     -- gas | water
    mn            VARCHAR,              -- HJ 212 MN device code, NULL = not an HJ 212 device / unknown
    lon           DOUBLE,               -- NULL = use the enterprise's
    lat           DOUBLE,
    valid_from    TIMESTAMP NOT NULL,
    valid_to      TIMESTAMP,
    file_id       BIGINT NOT NULL
);

-- Emission limit of a pollutant at an outlet (from the permit / the
-- applicable standard). Several rows may be valid at once when a standard
-- sets both an hourly and a daily limit (GB 18485-2014); the hourly
-- evaluation uses avg_hourly rows, the daily one avg_daily rows.
CREATE TABLE IF NOT EXISTS outlet_limit (
    outlet_code   VARCHAR NOT NULL,
    pollutant     VARCHAR NOT NULL,     -- canonical code
    limit_value   DOUBLE NOT NULL,
    unit          VARCHAR NOT NULL,     -- mg/m³ (gas), mg/L (water), ℃ ...
    direction     VARCHAR NOT NULL DEFAULT 'max', -- max: value > limit exceeds; min: value < limit (furnace temperature)
    limit_basis   VARCHAR NOT NULL,     -- avg_hourly | avg_daily
    use_converted BOOLEAN NOT NULL,     -- compare the 折算 value (reference O2) instead of the measured one
    standard_name VARCHAR,              -- e.g. GB 13223-2011
    valid_from    TIMESTAMP NOT NULL,
    valid_to      TIMESTAMP,
    file_id       BIGINT NOT NULL
);

-- Summary statistics a source published for an outlet-pollutant (the
-- Ningxia roster: exceedance rate, median, trend). Kept for display and to
-- parameterise generated demo data; not used by the evaluation.
CREATE TABLE IF NOT EXISTS outlet_stat (
    outlet_code  VARCHAR NOT NULL,
    pollutant    VARCHAR NOT NULL,
    source_name  VARCHAR NOT NULL,      -- pollutant name as in the source (烟尘, SO2实测浓度 ...)
    limit_value  DOUBLE,
    unit         VARCHAR,
    exceed_rate  DOUBLE,                -- as published (percent of values over the limit)
    median       DOUBLE,
    trend        VARCHAR,               -- increasing | decreasing | no trend
    file_id      BIGINT NOT NULL
);

-- ---------------------------------------------------------------------
-- Data. One current row per outlet, pollutant, period and time. A later
-- file with the same key moves the current row to emission_value_superseded
-- (superseded_by = the new file): emission_value + emission_value_superseded
-- is the full history and nothing is counted twice. Land through
-- sql/models/polluters/land/*.sql (transform/polluter.Land).
CREATE TABLE IF NOT EXISTS emission_value (
    outlet_code     VARCHAR NOT NULL,
    pollutant       VARCHAR NOT NULL,   -- canonical code
    time            TIMESTAMP NOT NULL, -- end of the period (hour, day, minute); instant for realtime
    period          VARCHAR NOT NULL,   -- hour | day | minute | realtime  (HJ 212 CN 2061 | 2031 | 2051 | 2011)
    value           DOUBLE,             -- measured (实测) concentration: Avg (Rtd for realtime)
    converted_value DOUBLE,             -- 折算 concentration: ZsAvg (ZsRtd); NULL = not sent
    flow            DOUBLE,             -- outlet flow in m³/h over the period, NULL = unknown
    flag            VARCHAR NOT NULL,   -- HJ 212-2017 data flag: N F M S D C T B (standards/polluters/emission_flag.csv)
    file_id         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS emission_value_superseded (
    outlet_code     VARCHAR NOT NULL,
    pollutant       VARCHAR NOT NULL,
    time            TIMESTAMP NOT NULL,
    period          VARCHAR NOT NULL,
    value           DOUBLE,
    converted_value DOUBLE,
    flow            DOUBLE,
    flag            VARCHAR NOT NULL,
    file_id         BIGINT NOT NULL,
    superseded_by   BIGINT NOT NULL
);

-- Days touched by landed emission values are marked in dirty_day
-- (001_core.sql) with dataset = 'emission'; transform/polluter consumes them.

-- ---------------------------------------------------------------------
-- Standards tables: replaced wholesale from standards/polluters/*.csv at
-- the start of every polluter transform run.

CREATE TABLE IF NOT EXISTS emission_std_flag (
    flag            VARCHAR NOT NULL,   -- N F M S D C T B
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,   -- normal | stopped | maintenance | manual | fault | calibration | over_range | communication
    counts_as_valid BOOLEAN NOT NULL,   -- enters means and exceedance judgements
    is_mdc          BOOLEAN NOT NULL    -- maintenance / fault / calibration: the "suspicious maintenance" indicator
);

CREATE TABLE IF NOT EXISTS emission_std_pollutant (
    pollutant       VARCHAR NOT NULL,   -- canonical code
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    medium          VARCHAR NOT NULL,   -- gas | water
    hj212_code      VARCHAR,            -- HJ 212-2017 code (a21026 ...)
    hj212_2005_code VARCHAR,            -- HJ/T 212-2005 code (02 ...)
    unit            VARCHAR NOT NULL,   -- canonical unit ("1" = dimensionless, pH)
    decimals        INTEGER NOT NULL    -- display decimals
);

CREATE TABLE IF NOT EXISTS emission_std_alias (
    alias         VARCHAR NOT NULL,     -- name as found in sources (烟尘, 颗粒物, SO2实测浓度 ...)
    pollutant     VARCHAR NOT NULL,
    use_converted BOOLEAN              -- NULL = medium default (gas: converted, water: measured)
);

-- Limits of common national emission standards, as reference (the limits
-- that are applied are the per-outlet rows of outlet_limit).
CREATE TABLE IF NOT EXISTS emission_std_limit (
    standard_code  VARCHAR NOT NULL,    -- GB 13223-2011
    standard_title VARCHAR NOT NULL,
    category       VARCHAR NOT NULL,    -- the row of the standard's table, e.g. coal_boiler_new
    pollutant      VARCHAR NOT NULL,
    limit_value    DOUBLE NOT NULL,
    unit           VARCHAR NOT NULL,
    direction      VARCHAR NOT NULL,
    limit_basis    VARCHAR NOT NULL,    -- avg_hourly | avg_daily
    ref_o2_pct     DOUBLE,              -- reference oxygen content of the converted value
    verified       BOOLEAN NOT NULL,    -- checked against a public copy (see source)
    source         VARCHAR
);

CREATE TABLE IF NOT EXISTS emission_std_param (
    name  VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    note  VARCHAR
);

-- ---------------------------------------------------------------------
-- Results (written by transform/polluter).

-- Every hourly value evaluated against the outlet's hourly limit.
CREATE TABLE IF NOT EXISTS emission_hour_eval (
    outlet_code    VARCHAR NOT NULL,
    pollutant      VARCHAR NOT NULL,
    time           TIMESTAMP NOT NULL,  -- end of the hour
    day            DATE NOT NULL,       -- natural day, CAST(time - 1 h AS DATE)
    flag           VARCHAR NOT NULL,
    valid          BOOLEAN NOT NULL,    -- flag counts as valid and value_used is not NULL
    value_used     DOUBLE,              -- converted or measured, as the limit requires (measured when no limit)
    used_converted BOOLEAN NOT NULL,
    limit_value    DOUBLE,              -- hourly limit, NULL = none
    standard_name  VARCHAR,
    exceeds        BOOLEAN,             -- NULL = not judged (invalid value or no hourly limit)
    multiple       DOUBLE,              -- 超标倍数 (v - L) / L rounded to 2 decimals, exceeding hours of max-limits only
    file_id        BIGINT NOT NULL
);

-- Daily statistics per outlet and pollutant.
CREATE TABLE IF NOT EXISTS emission_day (
    outlet_code      VARCHAR NOT NULL,
    pollutant        VARCHAR NOT NULL,
    day              DATE NOT NULL,
    hours_received   INTEGER NOT NULL,  -- hours with a row (any flag) = online hours
    hours_valid      INTEGER NOT NULL,
    hours_stopped    INTEGER NOT NULL,  -- flag F: the source did not emit
    completeness_pct DOUBLE,            -- hours_valid / (24 - hours_stopped) * 100; NULL when stopped all day
    day_valid        BOOLEAN NOT NULL,  -- hours_valid >= day_min_valid_hours of the medium
    mean_value       DOUBLE,            -- mean of the valid hours' value_used
    daily_limit      DOUBLE,            -- avg_daily limit, NULL = none
    exceeds_daily    BOOLEAN,           -- judged only on valid days with a daily limit
    daily_multiple   DOUBLE,
    exceed_hours     INTEGER NOT NULL,  -- hourly-limit exceedances
    max_multiple     DOUBLE,            -- largest hourly multiple (or the daily one)
    flag_n INTEGER NOT NULL, flag_f INTEGER NOT NULL, flag_m INTEGER NOT NULL, flag_s INTEGER NOT NULL,
    flag_d INTEGER NOT NULL, flag_c INTEGER NOT NULL, flag_t INTEGER NOT NULL, flag_b INTEGER NOT NULL,
    flagged_share    DOUBLE,            -- hours with a flag other than N / hours_received
    generated        BOOLEAN NOT NULL   -- any hour came from a "generated:" ledger entry (demo data)
);

-- Per enterprise, month and pollutant.
CREATE TABLE IF NOT EXISTS polluter_month_pollutant (
    enterprise_id    VARCHAR NOT NULL,
    month            DATE NOT NULL,
    pollutant        VARCHAR NOT NULL,
    outlets          INTEGER NOT NULL,
    exceed_hours     INTEGER NOT NULL,
    exceed_days      INTEGER NOT NULL,  -- daily-limit exceedances (outlet-days)
    max_multiple     DOUBLE,
    hours_valid      BIGINT NOT NULL,
    completeness_pct DOUBLE
);

-- Per enterprise and month.
CREATE TABLE IF NOT EXISTS polluter_month (
    enterprise_id          VARCHAR NOT NULL,
    month                  DATE NOT NULL,
    outlets                INTEGER NOT NULL,
    exceed_hours           INTEGER NOT NULL, -- outlet-pollutant-hours over the hourly limit
    exceed_days            INTEGER NOT NULL,
    max_multiple           DOUBLE,
    completeness_pct       DOUBLE,           -- valid / expected (non-stopped) outlet-pollutant-hours
    mdc_hours              INTEGER NOT NULL, -- outlet-hours with an M/D/C flag on any pollutant
    mdc_near_exceed_hours  INTEGER NOT NULL, -- ... of which during or within ±window of an exceedance hour at the same outlet
    suspicious_mdc_share   DOUBLE,           -- mdc_near_exceed_hours / mdc_hours; NULL without M/D/C hours
    generated              BOOLEAN NOT NULL  -- any of the month's values came from a "generated:" ledger entry
);

-- 不达标企业名单: one row per enterprise, outlet and pollutant with an
-- exceedance in the month.
CREATE TABLE IF NOT EXISTS polluter_noncompliant_month (
    month           DATE NOT NULL,
    enterprise_id   VARCHAR NOT NULL,
    enterprise_name VARCHAR NOT NULL,
    city            VARCHAR,
    county          VARCHAR,
    outlet_code     VARCHAR NOT NULL,
    outlet_name     VARCHAR,
    pollutant       VARCHAR NOT NULL,
    pollutant_name  VARCHAR,
    exceed_hours    INTEGER NOT NULL,
    exceed_days     INTEGER NOT NULL,
    max_multiple    DOUBLE,
    limit_value     DOUBLE,
    unit            VARCHAR,
    limit_basis     VARCHAR,
    standard_name   VARCHAR,
    generated       BOOLEAN NOT NULL    -- computed from data of a "generated:" ledger entry (demo)
);
