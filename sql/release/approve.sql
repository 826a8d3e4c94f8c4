-- A draft is approved (release.Approve): $1 status (public or internal),
-- $2 release time, $3 published time (NULL unless public), $4 approver.
UPDATE publication
SET status = $1, released_at = $2, published_at = $3, approved_by = $4, approved_at = $2
WHERE product = $5 AND period = $6 AND version = $7 AND status = 'draft';
