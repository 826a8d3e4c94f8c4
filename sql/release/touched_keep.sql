-- Keep the months of the current dirty_day marks for the release stage
-- (called by builds that consume the marks without releasing).
INSERT INTO release_pending (dataset, month)
SELECT DISTINCT d.dataset, strftime(d.day, '%Y-%m') FROM dirty_day d
WHERE NOT EXISTS (SELECT 1 FROM release_pending p
                  WHERE p.dataset = d.dataset AND p.month = strftime(d.day, '%Y-%m'));
