-- Real-time (hourly) AQI per region: the mean of the 1-h concentrations of
-- the region's urban assessment stations (control points excluded; station
-- values rounded per GB/T 8170 before the mean, the mean rounded again),
-- then the IAQIs and AQI of the hourly report, as CNEMC publishes city
-- real-time AQI. valid: at least the share of the region's stations that
-- HJ 663 asks of a region-day (75 %, 50 % under 4 stations) reported.
-- Kept for the last transform.RealtimeDays (7) days of data: a real-time
-- product; the official regional statistics are air_region_day/month.
CREATE TABLE IF NOT EXISTS air_region_hour (
    region_level VARCHAR NOT NULL,
    region       VARCHAR NOT NULL,
    province     VARCHAR,
    time         TIMESTAMP NOT NULL,
    std_version  VARCHAR NOT NULL,
    n_stations   INTEGER NOT NULL,
    n_reporting  INTEGER NOT NULL,
    pm25 DOUBLE, pm10 DOUBLE, so2 DOUBLE, no2 DOUBLE, o3 DOUBLE, co DOUBLE,
    aqi               INTEGER,
    primary_pollutant VARCHAR,
    level             INTEGER,
    category          VARCHAR,
    valid             BOOLEAN NOT NULL
);
