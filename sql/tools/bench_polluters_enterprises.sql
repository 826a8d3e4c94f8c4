-- tools (bench polluters): the generated registry, 1/3: enterprises
-- BE00000, BE00001, … (fixed width, so codes sort like numbers). Generated
-- benchmark data, never real. $1 = number of enterprises.
INSERT INTO enterprise (enterprise_id, name, province, city, industry, key_category, valid_from, file_id)
SELECT printf('BE%05d', i), '基准企业' || i, '基准省', '基准市' || (i % 50), '火力发电', 'air',
       TIMESTAMP '1970-01-01', 0
FROM range(CAST($1 AS BIGINT)) t(i);
