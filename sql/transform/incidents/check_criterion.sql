-- incidents, standards check: rows of incident_std_level with an unknown
-- criterion (must be 0). No parameters.
SELECT count(*) FROM incident_std_level WHERE criterion NOT IN
    ('deaths', 'injured', 'evacuated', 'economic_loss_cny', 'water_interruption', 'cross_boundary');
