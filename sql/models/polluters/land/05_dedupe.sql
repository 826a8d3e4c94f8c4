-- Land emission values, step 0: within one file the last row of a key
-- (outlet, pollutant, period, time) wins; earlier duplicates are dropped
-- from the stage so that each current row is superseded at most once.
DELETE FROM emission_stage
WHERE seq NOT IN (SELECT max(seq) FROM emission_stage GROUP BY outlet_code, pollutant, period, time);
