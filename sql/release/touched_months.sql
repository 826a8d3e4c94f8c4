-- Months touched by data not yet transformed (dirty_day marks, read before
-- the transforms consume them) or kept by an incremental build
-- (release_pending): the periods whose bulletins the release stage
-- re-checks for corrections. dataset: air, water, emission.
SELECT DISTINCT dataset, strftime(day, '%Y-%m') AS month FROM dirty_day
UNION
SELECT dataset, month FROM release_pending
ORDER BY 1, 2;
