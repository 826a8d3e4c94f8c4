-- store (ReceiveMany): $1 new file ids from the ledger's sequence.
SELECT nextval('file_id_seq') AS file_id FROM range($1) ORDER BY file_id;
