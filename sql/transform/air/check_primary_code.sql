-- transform (air), standards check: every primary_code of std_aqi_indicator
-- is in pollutant.csv. One offending code, none when the check passes. No
-- parameters.
SELECT i.primary_code FROM std_aqi_indicator i WHERE NOT EXISTS (SELECT 1 FROM std_pollutant p WHERE p.code = i.primary_code) LIMIT 1;
