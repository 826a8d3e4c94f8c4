-- serve, /metrics: files in the ledger by source kind (the part of source
-- before ':', e.g. push, pull, hj212; the whole source otherwise) and
-- outcome, with the rows accepted and rejected. No parameters.
SELECT CASE WHEN strpos(source, ':') > 0 THEN split_part(source, ':', 1) ELSE source END AS kind,
    outcome, count(*), coalesce(sum(rows_accepted), 0), coalesce(sum(rows_rejected), 0)
FROM file_ledger
GROUP BY ALL
ORDER BY ALL;
