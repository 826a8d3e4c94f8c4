-- The files of one version, all in one statement: $4 is a JSON array of
-- {"seq", "name", "size", "sha256"}.
INSERT INTO publication_file (product, period, version, seq, name, size, sha256)
SELECT $1, $2, $3, f.seq, f.name, f.size, f.sha256
FROM (SELECT unnest(json_transform(CAST($4 AS JSON),
        '[{"seq":"INTEGER","name":"VARCHAR","size":"BIGINT","sha256":"VARCHAR"}]'), recursive := true)) AS f;
