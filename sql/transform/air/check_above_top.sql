-- transform (air), standards check: every indicator needs an above-top rule
-- equal to its top breakpoint (std_iaqi_lookup, built by std_derive.sql).
-- One offending row (version indicator), none when the check passes. No
-- parameters.
SELECT l.version || ' ' || l.indicator FROM std_iaqi_lookup l WHERE l.k = l.top AND (l.above IS NULL OR l.above <> l.top OR (l.above_iaqi IS NULL AND l.use_indicator IS NULL)) LIMIT 1;
