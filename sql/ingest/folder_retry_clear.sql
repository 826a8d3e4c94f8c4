-- serve: the folder file $1 was ingested after failed attempts (a failed
-- file moved back by an operator included): its retry record goes.
DELETE FROM folder_retry WHERE path = $1;
