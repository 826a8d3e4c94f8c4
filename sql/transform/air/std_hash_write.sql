-- transform (air): record the hash of a standards version after its CSV
-- rows were (re)loaded; a version keeps its used flag. ? 1 = version,
-- ? 2 = sha256 (hex), ? 3 = load time (CST wall clock).
INSERT INTO std_version_hash (version, sha256, loaded_at, used)
VALUES (?, ?, ?, false)
ON CONFLICT (version) DO UPDATE SET sha256 = excluded.sha256, loaded_at = excluded.loaded_at;
