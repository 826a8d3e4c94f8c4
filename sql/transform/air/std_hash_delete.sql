-- transform (air): forget the hash of a version no longer in the standards
-- CSVs. ? 1 = version.
DELETE FROM std_version_hash WHERE version = ?;
