-- transform (air), standards check: every indicator of std_aqi_indicator
-- has breakpoints. One offending row (version indicator), none when the
-- check passes. No parameters.
SELECT i.version || ' ' || i.indicator FROM std_aqi_indicator i WHERE NOT EXISTS (SELECT 1 FROM std_iaqi_breakpoint b WHERE b.version = i.version AND b.indicator = i.indicator) LIMIT 1;
