-- Results of the air transform (written by transform/, read by publish/
-- and export). Every row carries the standard version it was computed with
-- (std_version, e.g. 'HJ633-2012' / 'HJ633-2026'), so a period keeps the
-- rules in force for it and old results never change silently.

-- Real-time (hourly) AQI per station-hour (HJ 633 real-time report; CNEMC
-- practice, STANDARDS.md §1.4). IAQI NULL = pollutant missing.
CREATE TABLE IF NOT EXISTS air_aqi_hour (
    station_code VARCHAR NOT NULL,
    time         TIMESTAMP NOT NULL,
    std_version  VARCHAR NOT NULL,
    iaqi_pm25 INTEGER, iaqi_pm10 INTEGER, iaqi_so2 INTEGER,
    iaqi_no2  INTEGER, iaqi_o3   INTEGER, iaqi_co  INTEGER,
    aqi               INTEGER,        -- NULL when no pollutant is present
    primary_pollutant VARCHAR,        -- e.g. 'PM2.5' or 'PM2.5,PM10'; NULL when AQI <= 50
    level             INTEGER,        -- 1..6
    category          VARCHAR         -- 优, 良, 轻度污染, ...
);

-- Daily values per station (natural day = hours labelled 01:00 .. 24:00),
-- GB 3095 Table 4 / HJ 663 validity, daily AQI by the version in force.
CREATE TABLE IF NOT EXISTS air_station_day (
    station_code VARCHAR NOT NULL,
    day          DATE NOT NULL,
    std_version  VARCHAR NOT NULL,
    pm25 DOUBLE, pm10 DOUBLE, so2 DOUBLE, no2 DOUBLE, co DOUBLE,  -- 24-h means (NULL if < 20 valid hours)
    o3_1h_max DOUBLE,                 -- daily max 1-h O3
    o3_8h_max DOUBLE,                 -- MDA8 (NULL if invalid)
    n_pm25 INTEGER, n_pm10 INTEGER, n_so2 INTEGER, n_no2 INTEGER, n_co INTEGER, n_o3 INTEGER, -- valid hours
    n_o3_8h INTEGER,                  -- valid 8-h means between 08:00 and 24:00
    iaqi_pm25 INTEGER, iaqi_pm10 INTEGER, iaqi_so2 INTEGER, iaqi_no2 INTEGER, iaqi_co INTEGER,
    iaqi_o3_1h INTEGER, iaqi_o3_8h INTEGER,
    aqi INTEGER, primary_pollutant VARCHAR, level INTEGER, category VARCHAR,
    valid BOOLEAN NOT NULL            -- every indicator of the daily AQI met its validity rule
);

-- Daily values per region (city / province / county): mean of the urban
-- assessment stations (control points excluded); valid when >= 75 % of the
-- region's stations are valid (>= 50 % with fewer than 4 stations).
CREATE TABLE IF NOT EXISTS air_region_day (
    region_level VARCHAR NOT NULL,   -- city, province, county
    region       VARCHAR NOT NULL,
    province     VARCHAR,            -- parent province (NULL for region_level = province)
    day          DATE NOT NULL,
    std_version  VARCHAR NOT NULL,
    n_stations   INTEGER NOT NULL,
    n_valid      INTEGER NOT NULL,
    pm25 DOUBLE, pm10 DOUBLE, so2 DOUBLE, no2 DOUBLE, co DOUBLE, o3_1h_max DOUBLE, o3_8h_max DOUBLE,
    aqi INTEGER, primary_pollutant VARCHAR, level INTEGER, category VARCHAR,
    valid BOOLEAN NOT NULL
);

-- Monthly statistics per region and the ranking by composite index.
CREATE TABLE IF NOT EXISTS air_region_month (
    region_level VARCHAR NOT NULL,
    region       VARCHAR NOT NULL,
    province     VARCHAR,
    month        DATE NOT NULL,       -- first day of the month
    std_version  VARCHAR NOT NULL,
    days         INTEGER NOT NULL,    -- days in the data for this month
    valid_days   INTEGER NOT NULL,
    pm25 DOUBLE, pm10 DOUBLE, so2 DOUBLE, no2 DOUBLE,  -- means of valid daily values
    co_p95 DOUBLE,                    -- CO 24-h 95th percentile (HJ 663 A.6)
    o3_p90 DOUBLE,                    -- O3 MDA8 90th percentile
    good_days INTEGER, good_ratio DOUBLE,            -- AQI <= 100, % of valid days
    days_l1 INTEGER, days_l2 INTEGER, days_l3 INTEGER, days_l4 INTEGER, days_l5 INTEGER, days_l6 INTEGER,
    composite_index DOUBLE,           -- 综合指数 (STANDARDS.md §5.1)
    rank INTEGER,                     -- among regions of the same level, ties share a rank
    rank_in_province INTEGER,
    composite_index_last_year DOUBLE, -- same month a year earlier, when present
    change_pct DOUBLE,                -- (now - last year) / last year * 100
    valid BOOLEAN NOT NULL,           -- enough valid days for monthly statistics (>= 27, Feb >= 25)
    validity_note VARCHAR             -- why not valid, in Chinese
);
