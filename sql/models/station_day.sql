-- station_day: daily values, validity and daily AQI per station (HJ 663,
-- GB 3095 表4, HJ 633 日报) for a range of natural days.
-- Parameters:
--   $1 DATE     first natural day (hours labelled 01:00 ... 24:00, i.e. day = CAST(time - 1 h AS DATE))
--   $2 DATE     last natural day, inclusive
--   $3 VARCHAR  AQI standard version (kind aqi) in force for these days
--   $4 VARCHAR  limits version (kind limits): validity rules and O3 limits
--   $5 VARCHAR  scope: 'day' = every station of the days; 'touched' = only the
--               station-days with an hour in air_touched_hour (an incremental
--               run: a station-day depends on that station's hours of the day)
-- Rules (all thresholds from std_validity / std_gb3095_limit):
--   24-h means need >= hours_per_24h_mean valid hours, else NULL;
--   8-h moving mean at label X (08:00 ... 24:00) = mean of hours X-7 ... X when >= hours_per_8h_mean valid;
--   MDA8 = max of those; valid with >= mda8_min_8h_means 8-h means or when it exceeds the O3 8-h class-2 limit;
--   O3 daily max 1-h: valid with >= hours_per_24h_mean hours or when it exceeds the O3 1-h class-2 limit;
--   values rounded per GB/T 8170 (µg/m³ 0 decimals, CO 1) before the IAQI;
--   indicators of the daily AQI from std_aqi_indicator (report 'daily'); valid = all of them present.

DELETE FROM air_station_day
WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
  AND ($5 = 'day' OR (station_code, day) IN (
      SELECT station_code, CAST(time - INTERVAL 1 HOUR AS DATE) FROM air_touched_hour));

INSERT INTO air_station_day
WITH rule AS (
    SELECT max(value) FILTER (WHERE rule = 'hours_per_24h_mean') AS min_h24,
           max(value) FILTER (WHERE rule = 'hours_per_8h_mean')  AS min_h8,
           max(value) FILTER (WHERE rule = 'mda8_min_8h_means')  AS min_m8
    FROM std_validity WHERE version = $4
),
lim AS (
    SELECT max(class2) FILTER (WHERE pollutant = 'O3' AND averaging = '8h') AS o3_8h,
           max(class2) FILTER (WHERE pollutant = 'O3' AND averaging = '1h') AS o3_1h
    FROM std_gb3095_limit
    WHERE version = $4 AND CAST($1 AS DATE) BETWEEN phase_from AND coalesce(phase_to, DATE '9999-12-31')
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
fallback AS (  -- above-top rule of the daily O3 8-h indicator that names another indicator
    SELECT max(a.above) AS above8, max(a.use_indicator) AS use8
    FROM std_iaqi_above_top a, di
    WHERE a.version = $3 AND a.indicator = di.i_o3_8h AND a.iaqi IS NULL
),
hrs AS (
    SELECT station_code,
           CAST(time - INTERVAL 1 HOUR AS DATE) AS day,
           CAST(hour(time - INTERVAL 1 HOUR) + 1 AS INTEGER) AS hx,   -- 1 ... 24
           pm25, pm10, so2, no2, co, o3
    FROM air_hour
    WHERE time > CAST($1 AS DATE)::TIMESTAMP
      AND time <= CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY
      AND ($5 = 'day' OR (station_code, CAST(time - INTERVAL 1 HOUR AS DATE)) IN (
          SELECT station_code, CAST(time - INTERVAL 1 HOUR AS DATE) FROM air_touched_hour))
),
agg AS (
    SELECT station_code, day,
           avg(pm25) AS pm25, count(pm25) AS n_pm25,
           avg(pm10) AS pm10, count(pm10) AS n_pm10,
           avg(so2)  AS so2,  count(so2)  AS n_so2,
           avg(no2)  AS no2,  count(no2)  AS n_no2,
           avg(co)   AS co,   count(co)   AS n_co,
           max(o3)   AS o3_max, count(o3) AS n_o3,
           -- O3 by hour label 1..24 (NULL where missing)
           max(o3) FILTER (WHERE hx = 1) AS h1,
           max(o3) FILTER (WHERE hx = 2) AS h2,
           max(o3) FILTER (WHERE hx = 3) AS h3,
           max(o3) FILTER (WHERE hx = 4) AS h4,
           max(o3) FILTER (WHERE hx = 5) AS h5,
           max(o3) FILTER (WHERE hx = 6) AS h6,
           max(o3) FILTER (WHERE hx = 7) AS h7,
           max(o3) FILTER (WHERE hx = 8) AS h8,
           max(o3) FILTER (WHERE hx = 9) AS h9,
           max(o3) FILTER (WHERE hx = 10) AS h10,
           max(o3) FILTER (WHERE hx = 11) AS h11,
           max(o3) FILTER (WHERE hx = 12) AS h12,
           max(o3) FILTER (WHERE hx = 13) AS h13,
           max(o3) FILTER (WHERE hx = 14) AS h14,
           max(o3) FILTER (WHERE hx = 15) AS h15,
           max(o3) FILTER (WHERE hx = 16) AS h16,
           max(o3) FILTER (WHERE hx = 17) AS h17,
           max(o3) FILTER (WHERE hx = 18) AS h18,
           max(o3) FILTER (WHERE hx = 19) AS h19,
           max(o3) FILTER (WHERE hx = 20) AS h20,
           max(o3) FILTER (WHERE hx = 21) AS h21,
           max(o3) FILTER (WHERE hx = 22) AS h22,
           max(o3) FILTER (WHERE hx = 23) AS h23,
           max(o3) FILTER (WHERE hx = 24) AS h24
    FROM hrs
    GROUP BY station_code, day
),
slots AS (  -- the 8-h moving means labelled 08:00 ... 24:00 (NULL when < hours_per_8h_mean hours)
    SELECT a.*,
           list_value(
               CASE WHEN list_count(s[1:8]) >= r.min_h8 THEN list_avg(s[1:8]) END,
               CASE WHEN list_count(s[2:9]) >= r.min_h8 THEN list_avg(s[2:9]) END,
               CASE WHEN list_count(s[3:10]) >= r.min_h8 THEN list_avg(s[3:10]) END,
               CASE WHEN list_count(s[4:11]) >= r.min_h8 THEN list_avg(s[4:11]) END,
               CASE WHEN list_count(s[5:12]) >= r.min_h8 THEN list_avg(s[5:12]) END,
               CASE WHEN list_count(s[6:13]) >= r.min_h8 THEN list_avg(s[6:13]) END,
               CASE WHEN list_count(s[7:14]) >= r.min_h8 THEN list_avg(s[7:14]) END,
               CASE WHEN list_count(s[8:15]) >= r.min_h8 THEN list_avg(s[8:15]) END,
               CASE WHEN list_count(s[9:16]) >= r.min_h8 THEN list_avg(s[9:16]) END,
               CASE WHEN list_count(s[10:17]) >= r.min_h8 THEN list_avg(s[10:17]) END,
               CASE WHEN list_count(s[11:18]) >= r.min_h8 THEN list_avg(s[11:18]) END,
               CASE WHEN list_count(s[12:19]) >= r.min_h8 THEN list_avg(s[12:19]) END,
               CASE WHEN list_count(s[13:20]) >= r.min_h8 THEN list_avg(s[13:20]) END,
               CASE WHEN list_count(s[14:21]) >= r.min_h8 THEN list_avg(s[14:21]) END,
               CASE WHEN list_count(s[15:22]) >= r.min_h8 THEN list_avg(s[15:22]) END,
               CASE WHEN list_count(s[16:23]) >= r.min_h8 THEN list_avg(s[16:23]) END,
               CASE WHEN list_count(s[17:24]) >= r.min_h8 THEN list_avg(s[17:24]) END
           ) AS m8l
    FROM (
        SELECT agg.*, list_value(h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24) AS s
        FROM agg
    ) a, rule r
),
vals AS (
    SELECT s.station_code, s.day,
           CASE WHEN s.n_pm25 >= r.min_h24 THEN gbt8170(s.pm25, 0) END AS pm25,
           CASE WHEN s.n_pm10 >= r.min_h24 THEN gbt8170(s.pm10, 0) END AS pm10,
           CASE WHEN s.n_so2  >= r.min_h24 THEN gbt8170(s.so2, 0)  END AS so2,
           CASE WHEN s.n_no2  >= r.min_h24 THEN gbt8170(s.no2, 0)  END AS no2,
           CASE WHEN s.n_co   >= r.min_h24 THEN gbt8170(s.co, 1)   END AS co,
           CASE WHEN s.n_o3 >= r.min_h24 OR gbt8170(s.o3_max, 0) > l.o3_1h THEN gbt8170(s.o3_max, 0) END AS o3_1h_max,
           CASE WHEN coalesce(list_count(s.m8l), 0) >= r.min_m8 OR gbt8170(list_max(s.m8l), 0) > l.o3_8h
                THEN gbt8170(list_max(s.m8l), 0) END AS o3_8h_max,
           CAST(s.n_pm25 AS INTEGER) AS n_pm25, CAST(s.n_pm10 AS INTEGER) AS n_pm10,
           CAST(s.n_so2 AS INTEGER) AS n_so2, CAST(s.n_no2 AS INTEGER) AS n_no2,
           CAST(s.n_co AS INTEGER) AS n_co, CAST(s.n_o3 AS INTEGER) AS n_o3,
           CAST(coalesce(list_count(s.m8l), 0) AS INTEGER) AS n_o3_8h
    FROM slots s, rule r, lim l
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
           (di.i_pm25 IS NULL OR v.pm25 IS NOT NULL) AND (di.i_pm10 IS NULL OR v.pm10 IS NOT NULL)
             AND (di.i_so2 IS NULL OR v.so2 IS NOT NULL) AND (di.i_no2 IS NULL OR v.no2 IS NOT NULL)
             AND (di.i_co IS NULL OR v.co IS NOT NULL) AND (di.i_o3_1h IS NULL OR v.o3_1h_max IS NOT NULL)
             AND (di.i_o3_8h IS NULL OR v.o3_8h_max IS NOT NULL) AS valid
    FROM vals v, di, fallback f   -- fallback is an aggregate: always one row
),
y AS (
    SELECT q.*, greatest(iaqi_pm25, iaqi_pm10, iaqi_so2, iaqi_no2, iaqi_co, iaqi_o3_1h, iaqi_o3_8h) AS aqi
    FROM iaqi q
)
SELECT y.station_code, y.day, $3,
       y.pm25, y.pm10, y.so2, y.no2, y.co, y.o3_1h_max, y.o3_8h_max,
       y.n_pm25, y.n_pm10, y.n_so2, y.n_no2, y.n_co, y.n_o3, y.n_o3_8h,
       y.iaqi_pm25, y.iaqi_pm10, y.iaqi_so2, y.iaqi_no2, y.iaqi_co, y.iaqi_o3_1h, y.iaqi_o3_8h,
       y.aqi,
       pl.primary_pollutant,
       lv.level, lv.category,
       y.valid
FROM y
LEFT JOIN std_primary_lookup pl ON pl.version = $3 AND pl.report = 'daily' AND pl.mask =
    CASE WHEN y.aqi > 50 THEN
          CASE WHEN y.iaqi_pm25 = y.aqi THEN 1 ELSE 0 END + CASE WHEN y.iaqi_pm10 = y.aqi THEN 2 ELSE 0 END
        + CASE WHEN y.iaqi_so2 = y.aqi THEN 4 ELSE 0 END  + CASE WHEN y.iaqi_no2 = y.aqi THEN 8 ELSE 0 END
        + CASE WHEN y.iaqi_co = y.aqi THEN 16 ELSE 0 END  + CASE WHEN y.iaqi_o3_1h = y.aqi THEN 32 ELSE 0 END
        + CASE WHEN y.iaqi_o3_8h = y.aqi THEN 64 ELSE 0 END
    ELSE 0 END
LEFT JOIN std_aqi_level_lookup lv ON lv.version = $3 AND lv.aqi = y.aqi;
