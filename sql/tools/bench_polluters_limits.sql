-- tools (bench polluters): the generated registry, 3/3: the hourly limits
-- of so2, nox, pm (GB 13223-2011 ultra-low, mg/m³, converted values) at
-- every generated outlet. $1 = number of enterprises.
INSERT INTO outlet_limit (outlet_code, pollutant, limit_value, unit, direction, limit_basis, use_converted,
                          standard_name, valid_from, file_id)
SELECT printf('BO%06d', i), p, l, 'mg/m³', 'max', 'avg_hourly', true, 'GB 13223-2011', TIMESTAMP '1970-01-01', 0
FROM range(CAST($1 AS BIGINT) * 3) t(i), (VALUES ('so2', 35.0), ('nox', 50.0), ('pm', 10.0)) v(p, l);
