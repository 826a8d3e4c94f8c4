-- region_hour: real-time AQI per region and hour for a range of natural
-- days (air_region_hour, see sql/schema/004_air_region_hour.sql).
-- Parameters:
--   $1 DATE     first natural day (hours labelled day 01:00 ... day+1 00:00)
--   $2 DATE     last natural day, inclusive
--   $3 VARCHAR  AQI standard version (kind aqi) in force for these days
--   $4 VARCHAR  limits version (kind limits): the station-share rule
--   $5 VARCHAR  region levels, comma-separated: city, province, county (one
--               statement computes them all)
--   $6 VARCHAR  scope: 'day' = every hour of the days; 'touched' = only the
--               hours in air_touched_hour (an incremental run)
-- Members: the registry version of each station valid at the hour,
-- is_control = false, with a non-NULL region name. A region's value of a
-- pollutant is the mean over the stations that reported it.

DELETE FROM air_region_hour
WHERE region_level IN (SELECT unnest(string_split($5, ',')))
  AND time > CAST($1 AS DATE)::TIMESTAMP
  AND time <= CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY
  AND ($6 = 'day' OR time IN (SELECT time FROM air_touched_hour));

INSERT INTO air_region_hour
WITH rule AS (
    SELECT max(value) FILTER (WHERE rule = 'region_station_share')        AS share,
           max(value) FILTER (WHERE rule = 'region_station_share_small')  AS share_small,
           max(value) FILTER (WHERE rule = 'region_small_below_stations') AS small_below
    FROM std_validity WHERE version = $4
),
ind AS (     -- the hourly IAQI lookup rows of each input (equality joins, as hour_aqi.sql)
    SELECT i.input, l.*
    FROM std_aqi_indicator i
    JOIN std_iaqi_lookup l ON l.version = i.version AND l.indicator = i.indicator
    WHERE i.version = $3 AND i.report = 'hourly'
),
lk_pm25 AS (SELECT * FROM ind WHERE input = 'pm25'),
lk_pm10 AS (SELECT * FROM ind WHERE input = 'pm10'),
lk_so2  AS (SELECT * FROM ind WHERE input = 'so2'),
lk_no2  AS (SELECT * FROM ind WHERE input = 'no2'),
lk_o3   AS (SELECT * FROM ind WHERE input = 'o3'),
lk_co   AS (SELECT * FROM ind WHERE input = 'co'),
meta AS (
    SELECT
        max(top) FILTER (WHERE input = 'pm25') AS t_pm25, max(top) FILTER (WHERE input = 'pm10') AS t_pm10,
        max(top) FILTER (WHERE input = 'so2')  AS t_so2,  max(top) FILTER (WHERE input = 'no2')  AS t_no2,
        max(top) FILTER (WHERE input = 'o3')   AS t_o3,   max(top) FILTER (WHERE input = 'co')   AS t_co
    FROM ind
),
members AS (   -- current registry rows of urban assessment stations, per level
    SELECT l.level, s.station_code, s.valid_from, s.valid_to,
           CASE l.level WHEN 'city' THEN s.city WHEN 'province' THEN s.province WHEN 'county' THEN s.county END AS region,
           CASE WHEN l.level = 'province' THEN NULL ELSE s.province END AS province
    FROM (SELECT unnest(string_split($5, ',')) AS level) l
    CROSS JOIN station s
    WHERE NOT s.is_control
),
sizes AS (     -- stations per region (registry rows open during the range)
    SELECT level, region, count(DISTINCT station_code) AS n_stations
    FROM members
    WHERE region IS NOT NULL
      AND valid_from <= CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY
      AND (valid_to IS NULL OR valid_to > CAST($1 AS DATE)::TIMESTAMP)
    GROUP BY level, region
),
conc AS (
    SELECT m.level, m.region, any_value(m.province) AS province, h.time,
           count(*) AS n_reporting,   -- one registry version per station and hour
           -- GB/T 8170: round half to even, µg/m³ to integers, CO to 1 decimal.
           round_half_even0(avg(round_half_even0(h.pm25))) AS pm25, round_half_even0(avg(round_half_even0(h.pm10))) AS pm10,
           round_half_even0(avg(round_half_even0(h.so2)))  AS so2,  round_half_even0(avg(round_half_even0(h.no2)))  AS no2,
           round_half_even0(avg(round_half_even0(h.o3)))   AS o3,   gbt8170(avg(gbt8170(h.co, 1)), 1)          AS co
    FROM air_hour h
    JOIN members m
      ON m.station_code = h.station_code
     AND m.valid_from <= h.time AND (m.valid_to IS NULL OR m.valid_to > h.time)
    WHERE h.time > CAST($1 AS DATE)::TIMESTAMP
      AND h.time <= CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY
      AND ($6 = 'day' OR h.time IN (SELECT time FROM air_touched_hour))
      AND m.region IS NOT NULL
    GROUP BY m.level, m.region, h.time
),
x AS (
    SELECT c.*, z.n_stations,
        std_iaqi_fast(c.pm25, a.bp_lo, a.num, a.den, a.iaqi_lo) AS iaqi_pm25,
        std_iaqi_fast(c.pm10, b.bp_lo, b.num, b.den, b.iaqi_lo) AS iaqi_pm10,
        std_iaqi_fast(c.so2, d.bp_lo, d.num, d.den, d.iaqi_lo)  AS iaqi_so2,
        std_iaqi_fast(c.no2, e.bp_lo, e.num, e.den, e.iaqi_lo)  AS iaqi_no2,
        std_iaqi_fast(c.o3, f.bp_lo, f.num, f.den, f.iaqi_lo)   AS iaqi_o3,
        std_iaqi_fast(c.co, g.bp_lo, g.num, g.den, g.iaqi_lo)   AS iaqi_co
    FROM conc c
    JOIN sizes z USING (level, region)
    CROSS JOIN meta m
    LEFT JOIN lk_pm25 a ON a.k = std_iaqi_key(c.pm25, m.t_pm25)
    LEFT JOIN lk_pm10 b ON b.k = std_iaqi_key(c.pm10, m.t_pm10)
    LEFT JOIN lk_so2  d ON d.k = std_iaqi_key(c.so2, m.t_so2)
    LEFT JOIN lk_no2  e ON e.k = std_iaqi_key(c.no2, m.t_no2)
    LEFT JOIN lk_o3   f ON f.k = std_iaqi_key(c.o3, m.t_o3)
    LEFT JOIN lk_co   g ON g.k = std_iaqi_key(c.co, m.t_co)
),
y AS (
    SELECT x.*, greatest(iaqi_pm25, iaqi_pm10, iaqi_so2, iaqi_no2, iaqi_o3, iaqi_co) AS aqi
    FROM x
)
SELECT y.level, y.region, y.province, y.time, $3, y.n_stations, y.n_reporting,
       y.pm25, y.pm10, y.so2, y.no2, y.o3, y.co,
       y.aqi, pl.primary_pollutant, lv.level, lv.category,
       y.n_reporting >= CASE WHEN y.n_stations < rule.small_below THEN rule.share_small ELSE rule.share END * y.n_stations
FROM (
    SELECT y.*,
           CASE WHEN y.aqi > 50 THEN
                  CASE WHEN y.iaqi_pm25 = y.aqi THEN 1 ELSE 0 END + CASE WHEN y.iaqi_pm10 = y.aqi THEN 2 ELSE 0 END
                + CASE WHEN y.iaqi_so2 = y.aqi THEN 4 ELSE 0 END  + CASE WHEN y.iaqi_no2 = y.aqi THEN 8 ELSE 0 END
                + CASE WHEN y.iaqi_co = y.aqi THEN 16 ELSE 0 END  + CASE WHEN y.iaqi_o3 = y.aqi THEN 32 ELSE 0 END
           ELSE 0 END AS mask
    FROM y
) y
CROSS JOIN rule
LEFT JOIN std_primary_lookup pl ON pl.version = $3 AND pl.report = 'hourly' AND pl.mask = y.mask
LEFT JOIN std_aqi_level_lookup lv ON lv.version = $3 AND lv.aqi = y.aqi;
