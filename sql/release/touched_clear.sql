-- The release stage has re-checked the kept months.
DELETE FROM release_pending;
