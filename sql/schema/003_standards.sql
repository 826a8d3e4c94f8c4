-- Versioned standards tables, loaded by transform/ from sql/standards/*.csv
-- (file <name>.csv -> table std_<name>, same column names). Loading is
-- idempotent: each load replaces the rows. std_version_hash guards "old
-- results never change silently" (see docs/STANDARDS-NOTES.md).

CREATE TABLE IF NOT EXISTS std_sources (
    source_id VARCHAR PRIMARY KEY,
    citation  VARCHAR NOT NULL,
    checked   VARCHAR
);

CREATE TABLE IF NOT EXISTS std_standard_version (
    version        VARCHAR PRIMARY KEY,   -- HJ633-2012, HJ633-2026, GB3095-2012, GB3095-2026
    kind           VARCHAR NOT NULL,      -- aqi | limits
    effective_from DATE NOT NULL,
    effective_to   DATE,                  -- NULL = in force
    title          VARCHAR,
    source         VARCHAR
);

CREATE TABLE IF NOT EXISTS std_pollutant (
    code       VARCHAR PRIMARY KEY,       -- PM2.5, PM10, SO2, NO2, CO, O3 (1-h), O3_8h
    name_cn    VARCHAR NOT NULL,
    display_cn VARCHAR NOT NULL,          -- CNEMC notation, e.g. 细颗粒物(PM2.5), 臭氧1小时
    name_en    VARCHAR NOT NULL,
    unit       VARCHAR NOT NULL,
    decimals   INTEGER NOT NULL,          -- GB/T 8170 rounding digits
    sort_order INTEGER NOT NULL,          -- listing order of tied primary pollutants
    source     VARCHAR
);

-- One row per breakpoint of HJ 633 Table 1 / Table 3.
CREATE TABLE IF NOT EXISTS std_iaqi_breakpoint (
    version       VARCHAR NOT NULL,
    indicator     VARCHAR NOT NULL,       -- so2_1h, so2_24h, no2_1h, no2_24h, co_1h, co_24h, o3_1h, o3_8h, pm10_24h, pm25_24h
    iaqi          INTEGER NOT NULL,
    concentration DOUBLE NOT NULL,
    source        VARCHAR
);

-- Rule for concentrations above the top breakpoint.
CREATE TABLE IF NOT EXISTS std_iaqi_above_top (
    version       VARCHAR NOT NULL,
    indicator     VARCHAR NOT NULL,
    above         DOUBLE NOT NULL,
    iaqi          INTEGER,                -- fixed IAQI, or NULL:
    use_indicator VARCHAR,                -- ... use the IAQI of this indicator instead
    source        VARCHAR
);

-- Indicator set per version and report (hourly / daily).
CREATE TABLE IF NOT EXISTS std_aqi_indicator (
    version      VARCHAR NOT NULL,
    report       VARCHAR NOT NULL,        -- hourly | daily
    input        VARCHAR NOT NULL,        -- source column
    indicator    VARCHAR NOT NULL,
    primary_code VARCHAR NOT NULL,        -- std_pollutant.code
    source       VARCHAR
);

CREATE TABLE IF NOT EXISTS std_aqi_level (
    version     VARCHAR NOT NULL,
    level       INTEGER NOT NULL,
    aqi_lo      INTEGER NOT NULL,
    aqi_hi      INTEGER NOT NULL,
    level_cn    VARCHAR NOT NULL,
    category    VARCHAR NOT NULL,
    category_en VARCHAR NOT NULL,
    colour_cn   VARCHAR NOT NULL,
    colour_hex  VARCHAR NOT NULL,
    rgb         VARCHAR,
    cmyk        VARCHAR,
    health_effect       VARCHAR NOT NULL, -- 对健康影响情况 (standard wording)
    advice              VARCHAR NOT NULL, -- 建议采取的措施 (standard wording)
    cnemc_health_effect VARCHAR,          -- as published by the CNEMC feed
    cnemc_advice        VARCHAR,
    source      VARCHAR
);

CREATE TABLE IF NOT EXISTS std_gb3095_limit (
    version    VARCHAR NOT NULL,
    phase      VARCHAR NOT NULL,          -- all | transitional | final
    phase_from DATE NOT NULL,
    phase_to   DATE,
    pollutant  VARCHAR NOT NULL,
    averaging  VARCHAR NOT NULL,          -- annual | 24h | 8h | 1h | quarterly
    class1     DOUBLE NOT NULL,
    class2     DOUBLE NOT NULL,
    unit       VARCHAR NOT NULL,
    source     VARCHAR
);

CREATE TABLE IF NOT EXISTS std_composite_index_s (
    version   VARCHAR NOT NULL,           -- limits version
    pollutant VARCHAR NOT NULL,
    statistic VARCHAR NOT NULL,           -- mean | p95 | p90
    s_value   DOUBLE NOT NULL,
    source    VARCHAR
);

CREATE TABLE IF NOT EXISTS std_validity (
    version VARCHAR NOT NULL,             -- limits version
    rule    VARCHAR NOT NULL,
    value   DOUBLE NOT NULL,
    source  VARCHAR
);

-- sha256 of each version's CSV rows (comments excluded) and whether results
-- were computed with it. Pseudo-version 'common' covers pollutant.csv.
CREATE TABLE IF NOT EXISTS std_version_hash (
    version   VARCHAR PRIMARY KEY,
    sha256    VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    used      BOOLEAN NOT NULL DEFAULT false
);

-- Derived by models/std_derive.sql after each load: the IAQI segment for
-- every integer k = floor(C) from 0 to the top breakpoint (all breakpoints
-- are integers), so the IAQI of C is one equality join on k.
CREATE TABLE IF NOT EXISTS std_iaqi_lookup (
    version       VARCHAR NOT NULL,
    indicator     VARCHAR NOT NULL,
    k             INTEGER NOT NULL,
    bp_lo DOUBLE, bp_hi DOUBLE, iaqi_lo INTEGER, iaqi_hi INTEGER,
    top           INTEGER NOT NULL,       -- top breakpoint; k is clamped to it
    above         DOUBLE,                 -- C > above: rule of std_iaqi_above_top
    above_iaqi    INTEGER,
    use_indicator VARCHAR,
    num DOUBLE, den DOUBLE                -- iaqi_hi - iaqi_lo, bp_hi - bp_lo (row k = top + 1: 0, 1)
);

-- Derived: level and category of every integer AQI 0..500.
CREATE TABLE IF NOT EXISTS std_aqi_level_lookup (
    version  VARCHAR NOT NULL,
    aqi      INTEGER NOT NULL,
    level    INTEGER NOT NULL,
    category VARCHAR NOT NULL
);

-- Derived: primary pollutant text for every combination of inputs whose
-- IAQI equals the AQI. mask = sum of the input bits (pm25 1, pm10 2, so2 4,
-- no2 8, co 16, o3 / o3_1h_max 32, o3_8h_max 64); codes listed in
-- std_pollutant.sort_order.
CREATE TABLE IF NOT EXISTS std_primary_lookup (
    version           VARCHAR NOT NULL,
    report            VARCHAR NOT NULL,
    mask              INTEGER NOT NULL,
    primary_pollutant VARCHAR NOT NULL
);

-- IAQI of concentration c on one lookup row (HJ 633 formula 1, ceil).
-- Multiplication before division keeps integer results exact; the 1e-9
-- guard removes binary noise before ceil (a true fractional part is at
-- least 1 / (segment width x 10^decimals) >> 1e-9 for real data).
CREATE OR REPLACE MACRO std_iaqi_formula(c, bp_lo, bp_hi, iaqi_lo, iaqi_hi, above, above_iaqi) AS
    CASE
        WHEN c IS NULL OR c < 0 THEN NULL
        WHEN c > above THEN above_iaqi
        ELSE CAST(ceil((iaqi_hi - iaqi_lo) * (c - bp_lo) / (bp_hi - bp_lo) + iaqi_lo - 1e-9) AS INTEGER)
    END;

-- Branch-free variant for the hourly model (17.7 M rows a year): the key is
-- k = least(floor(c), top) + (c > top), and the lookup row k = top + 1 holds
-- the above-top rule as num = 0, iaqi_lo = above_iaqi. Negative c finds no
-- row (NULL).
CREATE OR REPLACE MACRO std_iaqi_key(c, top) AS
    least(CAST(floor(c) AS INTEGER), top) + CAST(c > top AS INTEGER);
CREATE OR REPLACE MACRO std_iaqi_fast(c, bp_lo, num, den, iaqi_lo) AS
    CAST(ceil(iaqi_lo + num * (c - bp_lo) / den - 1e-9) AS INTEGER);

-- IAQI of concentration c on indicator ind of version ver (for small row
-- counts: daily and regional values). NULL when c is NULL or, above the top,
-- when the rule names another indicator (caller handles use_indicator).
CREATE OR REPLACE MACRO std_iaqi(ver, ind, c) AS (
    SELECT std_iaqi_formula(c, l.bp_lo, l.bp_hi, l.iaqi_lo, l.iaqi_hi, l.above, l.above_iaqi)
    FROM std_iaqi_lookup l
    WHERE l.version = ver AND l.indicator = ind
      AND l.k = least(CAST(floor(c) AS INTEGER), l.top)
);

-- GB/T 8170 rounding (round half to even) of a DOUBLE to d decimals. Done
-- on a DECIMAL scaled to an integer, because round_even(DECIMAL, d > 0)
-- rounds 2.45 to 2.5 in DuckDB 1.5 (checked); this gives 2.4, 0.35 -> 0.4,
-- 34.5 -> 34, 35.5 -> 36.
CREATE OR REPLACE MACRO gbt8170(x, d) AS
    CAST(round_even(CAST(x AS DECIMAL(18, 6)) * CAST(power(10, d) AS BIGINT), 0) AS DOUBLE) / power(10, d);

-- HJ 663-2013 A.6 percentile of a list sorted ascending:
-- k = 1 + (n - 1) p / 100, s = floor(k), X(s) + (X(s+1) - X(s)) (k - s).
CREATE OR REPLACE MACRO hj663_percentile(xs, p) AS
    CASE WHEN xs IS NULL OR len(xs) = 0 THEN NULL ELSE
        xs[CAST(floor(1 + (len(xs) - 1) * p / 100) AS INTEGER)]
        + (xs[least(CAST(floor(1 + (len(xs) - 1) * p / 100) AS INTEGER) + 1, len(xs))]
           - xs[CAST(floor(1 + (len(xs) - 1) * p / 100) AS INTEGER)])
          * ((1 + (len(xs) - 1) * p / 100) - floor(1 + (len(xs) - 1) * p / 100))
    END;
