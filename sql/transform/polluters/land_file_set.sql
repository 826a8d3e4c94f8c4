-- polluters: the ledger file id that models/polluters/land/*.sql read with
-- getvariable('polluter_file_id'). ? 1 = file_id.
SET VARIABLE polluter_file_id = CAST(? AS BIGINT);
