-- serve, at start: ledger entries of pushed and HJ 212 files that never
-- settled (outcome received: the process stopped during the ingest; or
-- failed) and have no retry row yet. The raw bytes are looked up on disk
-- by their sha256.
SELECT l.file_id, l.sha256, l.name, l.source
FROM file_ledger l
WHERE l.outcome IN ('received', 'failed')
  AND (l.source LIKE 'push:%' OR l.source LIKE 'hj212:%')
  AND NOT EXISTS (SELECT 1 FROM ingest_retry r WHERE r.sha256 = l.sha256)
ORDER BY l.file_id;
