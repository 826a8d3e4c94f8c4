-- region_day: daily values per region (HJ 663 城市尺度): arithmetic mean of
-- the region's urban assessment stations, then the daily AQI.
-- Parameters:
--   $1 DATE     first natural day
--   $2 DATE     last natural day, inclusive
--   $3 VARCHAR  AQI standard version (kind aqi) in force for these days
--   $4 VARCHAR  limits version (kind limits): validity rules
--   $5 VARCHAR  region levels, comma-separated: city, province, county (station.city /
--               .province / .county); one statement computes them all
-- Members: stations of the registry version valid at day 01:00 (valid_from <= t < valid_to),
-- is_control = false, with a non-NULL region name. Stations without data count as not valid.
-- A pollutant's region value needs >= region_station_share (or region_station_share_small
-- when the region has < region_small_below_stations stations) of the stations with a valid
-- value; the region-day is valid when that share of stations is valid on every indicator.
-- Station values are means of GB/T 8170-rounded station values, rounded again.

DELETE FROM air_region_day
WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
  AND region_level IN (SELECT unnest(string_split($5, ',')));

INSERT INTO air_region_day
WITH rule AS (
    SELECT max(value) FILTER (WHERE rule = 'region_station_share')        AS share,
           max(value) FILTER (WHERE rule = 'region_station_share_small')  AS share_small,
           max(value) FILTER (WHERE rule = 'region_small_below_stations') AS small_below
    FROM std_validity WHERE version = $4
),
di AS (     -- one row: the indicator of each input (NULL = not in this version's daily set)
    SELECT
        max(indicator) FILTER (WHERE input = 'pm25') AS i_pm25, max(indicator) FILTER (WHERE input = 'pm10') AS i_pm10,
        max(indicator) FILTER (WHERE input = 'so2')  AS i_so2,  max(indicator) FILTER (WHERE input = 'no2')  AS i_no2,
        max(indicator) FILTER (WHERE input = 'co')   AS i_co,
        max(indicator) FILTER (WHERE input = 'o3_1h_max') AS i_o3_1h,
        max(indicator) FILTER (WHERE input = 'o3_8h_max') AS i_o3_8h
    FROM std_aqi_indicator
    WHERE version = $3 AND report = 'daily'
),
fallback AS (
    SELECT max(a.above) AS above8, max(a.use_indicator) AS use8
    FROM std_iaqi_above_top a, di
    WHERE a.version = $3 AND a.indicator = di.i_o3_8h AND a.iaqi IS NULL
),
days AS (
    SELECT CAST(unnest(range(CAST($1 AS DATE)::TIMESTAMP, CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY, INTERVAL 1 DAY)) AS DATE) AS day
),
levels AS (
    SELECT unnest(string_split($5, ',')) AS level
),
members AS (
    SELECT l.level, d.day, s.station_code,
           CASE l.level WHEN 'city' THEN s.city WHEN 'province' THEN s.province WHEN 'county' THEN s.county END AS region,
           CASE WHEN l.level = 'province' THEN NULL ELSE s.province END AS province
    FROM levels l
    CROSS JOIN days d
    JOIN station s
      ON s.valid_from <= d.day + INTERVAL 1 HOUR
     AND (s.valid_to IS NULL OR s.valid_to > d.day + INTERVAL 1 HOUR)
    WHERE NOT s.is_control
),
agg AS (
    SELECT m.level, m.region, m.province, m.day,
           count(*) AS n_stations,
           count(*) FILTER (WHERE x.valid) AS n_valid,
           avg(x.pm25) AS pm25, count(x.pm25) AS n_pm25,
           avg(x.pm10) AS pm10, count(x.pm10) AS n_pm10,
           avg(x.so2)  AS so2,  count(x.so2)  AS n_so2,
           avg(x.no2)  AS no2,  count(x.no2)  AS n_no2,
           avg(x.co)   AS co,   count(x.co)   AS n_co,
           avg(x.o3_1h_max) AS o3_1h_max, count(x.o3_1h_max) AS n_o3_1h,
           avg(x.o3_8h_max) AS o3_8h_max, count(x.o3_8h_max) AS n_o3_8h
    FROM members m
    LEFT JOIN air_station_day x ON x.station_code = m.station_code AND x.day = m.day
    WHERE m.region IS NOT NULL
    GROUP BY m.level, m.region, m.province, m.day
),
need AS (
    SELECT a.*, a.n_stations * CASE WHEN a.n_stations < r.small_below THEN r.share_small ELSE r.share END AS need
    FROM agg a, rule r
),
vals AS (
    SELECT level, region, province, day, n_stations, n_valid,
           CASE WHEN n_pm25 >= need THEN gbt8170(pm25, 0) END AS pm25,
           CASE WHEN n_pm10 >= need THEN gbt8170(pm10, 0) END AS pm10,
           CASE WHEN n_so2  >= need THEN gbt8170(so2, 0)  END AS so2,
           CASE WHEN n_no2  >= need THEN gbt8170(no2, 0)  END AS no2,
           CASE WHEN n_co   >= need THEN gbt8170(co, 1)   END AS co,
           CASE WHEN n_o3_1h >= need THEN gbt8170(o3_1h_max, 0) END AS o3_1h_max,
           CASE WHEN n_o3_8h >= need THEN gbt8170(o3_8h_max, 0) END AS o3_8h_max,
           n_valid >= need AND n_valid > 0 AS enough_valid
    FROM need
),
iaqi AS (
    SELECT v.*,
           std_iaqi($3, di.i_pm25, v.pm25) AS iaqi_pm25,
           std_iaqi($3, di.i_pm10, v.pm10) AS iaqi_pm10,
           std_iaqi($3, di.i_so2,  v.so2)  AS iaqi_so2,
           std_iaqi($3, di.i_no2,  v.no2)  AS iaqi_no2,
           std_iaqi($3, di.i_co,   v.co)   AS iaqi_co,
           std_iaqi($3, di.i_o3_1h, v.o3_1h_max) AS iaqi_o3_1h,
           CASE WHEN v.o3_8h_max > f.above8 THEN std_iaqi($3, f.use8, v.o3_1h_max)
                ELSE std_iaqi($3, di.i_o3_8h, v.o3_8h_max) END AS iaqi_o3_8h,
           v.enough_valid
             AND (di.i_pm25 IS NULL OR v.pm25 IS NOT NULL) AND (di.i_pm10 IS NULL OR v.pm10 IS NOT NULL)
             AND (di.i_so2 IS NULL OR v.so2 IS NOT NULL) AND (di.i_no2 IS NULL OR v.no2 IS NOT NULL)
             AND (di.i_co IS NULL OR v.co IS NOT NULL) AND (di.i_o3_1h IS NULL OR v.o3_1h_max IS NOT NULL)
             AND (di.i_o3_8h IS NULL OR v.o3_8h_max IS NOT NULL) AS valid
    FROM vals v, di, fallback f
),
y AS (
    SELECT q.*, greatest(iaqi_pm25, iaqi_pm10, iaqi_so2, iaqi_no2, iaqi_co, iaqi_o3_1h, iaqi_o3_8h) AS aqi
    FROM iaqi q
)
SELECT y.level, y.region, y.province, y.day, $3,
       CAST(y.n_stations AS INTEGER), CAST(y.n_valid AS INTEGER),
       y.pm25, y.pm10, y.so2, y.no2, y.co, y.o3_1h_max, y.o3_8h_max,
       y.aqi,
       pl.primary_pollutant,
       lv.level, lv.category,
       coalesce(y.valid, false)
FROM y
LEFT JOIN std_primary_lookup pl ON pl.version = $3 AND pl.report = 'daily' AND pl.mask =
    CASE WHEN y.aqi > 50 THEN
          CASE WHEN y.iaqi_pm25 = y.aqi THEN 1 ELSE 0 END + CASE WHEN y.iaqi_pm10 = y.aqi THEN 2 ELSE 0 END
        + CASE WHEN y.iaqi_so2 = y.aqi THEN 4 ELSE 0 END  + CASE WHEN y.iaqi_no2 = y.aqi THEN 8 ELSE 0 END
        + CASE WHEN y.iaqi_co = y.aqi THEN 16 ELSE 0 END  + CASE WHEN y.iaqi_o3_1h = y.aqi THEN 32 ELSE 0 END
        + CASE WHEN y.iaqi_o3_8h = y.aqi THEN 64 ELSE 0 END
    ELSE 0 END
LEFT JOIN std_aqi_level_lookup lv ON lv.version = $3 AND lv.aqi = y.aqi;
