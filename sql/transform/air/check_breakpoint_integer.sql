-- transform (air), standards check: breakpoints must be integers (the IAQI
-- lookup is keyed by floor(C)). One offending row (version indicator
-- concentration), none when the check passes. No parameters.
SELECT version || ' ' || indicator || ' ' || concentration FROM std_iaqi_breakpoint WHERE concentration <> floor(concentration) LIMIT 1;
