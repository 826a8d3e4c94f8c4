-- incidents, standards check: numeric criteria without min_value, with a
-- category, or with below_value <= min_value (must be 0). No parameters.
SELECT count(*) FROM incident_std_level
WHERE criterion IN ('deaths', 'injured', 'evacuated', 'economic_loss_cny')
  AND (min_value IS NULL OR category IS NOT NULL OR (below_value IS NOT NULL AND below_value <= min_value));
