-- Drafts older than a new version are never approved: they become superseded.
UPDATE publication SET status = 'superseded'
WHERE product = ? AND period = ? AND status = 'draft' AND version < ?;
