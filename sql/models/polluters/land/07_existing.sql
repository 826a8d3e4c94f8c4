-- Land emission values, step 0b: does any current row of the staged
-- file's keys (outlet, pollutant, period) lie in its time range? Zero (the
-- usual case: new data) skips steps 1 and 2. $1/$2 = min/max time, $3/$4 =
-- min/max outlet_code of emission_stage: constant range predicates that
-- let DuckDB's zonemaps skip the row groups of other periods and outlets,
-- so the check reads only the part of emission_value the file can touch.
SELECT count(*) FROM (
    SELECT 1
    FROM emission_value v
    WHERE v.time BETWEEN $1 AND $2
      AND v.outlet_code BETWEEN $3 AND $4
      AND EXISTS (SELECT 1 FROM emission_stage s
                  WHERE s.outlet_code = v.outlet_code AND s.pollutant = v.pollutant AND s.period = v.period)
    LIMIT 1
);
