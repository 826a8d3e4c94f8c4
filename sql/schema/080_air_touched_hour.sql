-- The station-hours that the files marked in dirty_day (dataset 'air')
-- brought, filled by the transform at the start of an incremental run and
-- emptied at its end: the hourly models (models/hour_aqi.sql,
-- models/region_hour.sql) recompute only these hours instead of the whole
-- touched days (sql/transform/air/touched_fill.sql).
CREATE TABLE IF NOT EXISTS air_touched_hour (
    station_code VARCHAR NOT NULL,
    time         TIMESTAMP NOT NULL
);
