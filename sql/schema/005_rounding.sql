-- GB/T 8170 rounding to an integer (round half to even) with plain DOUBLE
-- arithmetic: DuckDB's round_even is several times slower on DOUBLE, which
-- matters on millions of hourly values. Exact for the magnitudes of
-- concentrations (|x| < 2^52).
CREATE OR REPLACE MACRO round_half_even0(x) AS
    CASE WHEN x - floor(x) = 0.5 THEN 2 * round(x / 2) ELSE round(x) END;
