-- store (Finish): the rejects of file $1, all in one statement from
-- parallel lists (one element per rejected row, in order): $2 lines
-- (BIGINT[]; 0 = the whole file, stored as NULL), $3 fields, $4 values
-- (VARCHAR[], already cut to 200 characters; '' is stored as NULL),
-- $5 reasons (VARCHAR[]).
INSERT INTO reject (file_id, line, field, value, reason)
SELECT $1, CASE WHEN line > 0 THEN line END, nullif(field, ''), nullif(value, ''), reason
FROM (
    SELECT unnest($2::BIGINT[]) AS line, unnest($3::VARCHAR[]) AS field,
           unnest($4::VARCHAR[]) AS value, unnest($5::VARCHAR[]) AS reason
);
