-- water: consume every dirty_day mark of dataset 'water' (a run over all
-- months). No parameters.
DELETE FROM dirty_day WHERE dataset = 'water';
