-- transform (air): the stored hash of every standards version and whether
-- the version has results. No parameters.
SELECT version, sha256, used FROM std_version_hash;
