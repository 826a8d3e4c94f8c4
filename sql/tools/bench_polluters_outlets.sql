-- tools (bench polluters): the generated registry, 2/3: 3 gas outlets per
-- enterprise, BO000000, BO000001, … (outlet i belongs to enterprise i / 3),
-- MN BENCH000000000, … as in the generated HJ 212 files. $1 = number of
-- enterprises.
INSERT INTO outlet (outlet_code, enterprise_id, name, medium, mn, valid_from, file_id)
SELECT printf('BO%06d', i), printf('BE%05d', i // 3), '排放口' || (i % 3 + 1), 'gas', printf('BENCH%09d', i),
       TIMESTAMP '1970-01-01', 0
FROM range(CAST($1 AS BIGINT) * 3) t(i);
