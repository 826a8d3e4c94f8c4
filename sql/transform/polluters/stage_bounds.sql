-- polluters: time and outlet_code ranges of emission_stage (NULLs when
-- empty), passed to the land existence check, supersede and delete steps
-- so that DuckDB's zonemaps skip the row groups outside them. No
-- parameters.
SELECT min(time), max(time), min(outlet_code), max(outlet_code) FROM emission_stage;
