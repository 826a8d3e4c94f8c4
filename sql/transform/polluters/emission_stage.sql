-- polluters: the TEMP staging table that Land reads (see
-- transform/polluter.StageDDL, which must stay equal to this statement).
-- Rows are appended in this column order: seq (order within the file, the
-- last row of a key wins), outlet_code, pollutant (canonical), time (CST
-- wall clock, end of the period), period (hour|day|minute|realtime),
-- value, converted_value, flow (m³/h), flag. No parameters.
CREATE OR REPLACE TEMP TABLE emission_stage (
    seq BIGINT NOT NULL, outlet_code VARCHAR NOT NULL, pollutant VARCHAR NOT NULL,
    time TIMESTAMP NOT NULL, period VARCHAR NOT NULL, value DOUBLE, converted_value DOUBLE,
    flow DOUBLE, flag VARCHAR NOT NULL);
