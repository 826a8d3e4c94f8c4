-- Core tables: the file ledger, the rejects ledger, the station registry and
-- the hourly air observations.
--
-- TIME CONVENTION (applied in one place: ingest/timeconv):
--   Every TIMESTAMP column holds China Standard Time wall-clock (UTC+08:00,
--   the Asia/Shanghai zone, which has had no DST since 1991), so a value is
--   an unambiguous instant. An hourly value is labelled with the END of its
--   averaging hour (CNEMC / HJ 663: the value at 10:00 is the mean of
--   09:00-10:00). The natural day D therefore holds the hours labelled
--   D 01:00 ... D+1 00:00 ("1:00 ... 24:00"); its date is
--   CAST(time - INTERVAL 1 HOUR AS DATE).

CREATE SEQUENCE IF NOT EXISTS file_id_seq START 1;

-- One row per received file, written (outcome 'received') before the file
-- is acknowledged and updated in the same transaction that lands its rows.
CREATE TABLE IF NOT EXISTS file_ledger (
    file_id         BIGINT PRIMARY KEY,
    sha256          VARCHAR NOT NULL UNIQUE,
    name            VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,   -- cli, demo, push:<station>, pull:<source>, bench
    received_at     TIMESTAMP NOT NULL,
    size_bytes      BIGINT NOT NULL,
    kind            VARCHAR,            -- station-list, air-wide, air-long, unknown
    format          VARCHAR,            -- csv, parquet, arrow
    encoding        VARCHAR,            -- utf-8, gb18030
    outcome         VARCHAR NOT NULL,   -- received, accepted, partial, rejected, failed
    rows_accepted   BIGINT NOT NULL DEFAULT 0,
    rows_rejected   BIGINT NOT NULL DEFAULT 0,
    rows_superseded BIGINT NOT NULL DEFAULT 0,
    message         VARCHAR,
    finished_at     TIMESTAMP
);

-- Rows (or whole files) that were refused, with the reason.
CREATE TABLE IF NOT EXISTS reject (
    file_id BIGINT NOT NULL,
    line    BIGINT,        -- 1-based line (CSV) or row number (Parquet/Arrow); NULL = whole file
    field   VARCHAR,       -- column name (or station code in the wide layout)
    value   VARCHAR,       -- offending raw value, truncated to 200 characters
    reason  VARCHAR NOT NULL
);

-- Station registry, versioned: a change (rename, move, new city) closes the
-- current row (valid_to) and opens a new one, so earlier periods keep the
-- assignment they were computed with.
CREATE TABLE IF NOT EXISTS station (
    station_code VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    city         VARCHAR,            -- 城市 as in the national list (ranking unit "city")
    province     VARCHAR,            -- 省级行政区
    prefecture   VARCHAR,            -- 地级行政区
    county       VARCHAR,            -- 区县, optional
    lon          DOUBLE,
    lat          DOUBLE,
    is_control   BOOLEAN NOT NULL DEFAULT false,  -- 对照点: excluded from region values
    valid_from   TIMESTAMP NOT NULL,
    valid_to     TIMESTAMP,          -- NULL = current version
    file_id      BIGINT NOT NULL
);

-- Current hourly concentrations, one row per station-hour.
-- Units: µg/m³, CO mg/m³. NULL = missing.
CREATE TABLE IF NOT EXISTS air_hour (
    station_code VARCHAR NOT NULL,
    time         TIMESTAMP NOT NULL,  -- end of the averaging hour, CST
    pm25 DOUBLE, pm10 DOUBLE, so2 DOUBLE, no2 DOUBLE, o3 DOUBLE, co DOUBLE,
    aqi_reported INTEGER,             -- AQI as published by the source, if it carried one
    file_id      BIGINT NOT NULL
);

-- Values replaced by a later file for the same station-hour. Nothing is
-- deleted: air_hour + air_hour_superseded is the full history.
CREATE TABLE IF NOT EXISTS air_hour_superseded (
    station_code VARCHAR NOT NULL,
    time         TIMESTAMP NOT NULL,
    pm25 DOUBLE, pm10 DOUBLE, so2 DOUBLE, no2 DOUBLE, o3 DOUBLE, co DOUBLE,
    aqi_reported INTEGER,
    file_id       BIGINT NOT NULL,
    superseded_by BIGINT NOT NULL
);

-- Periods touched by ingested data, consumed by the transform so that only
-- what changed is recomputed.
CREATE TABLE IF NOT EXISTS dirty_day (
    dataset VARCHAR NOT NULL,   -- air
    day     DATE NOT NULL,
    file_id BIGINT NOT NULL
);
