-- water: drop the run's temporary tables so that the pooled connection is
-- returned clean. No parameters.
DROP TABLE IF EXISTS temp.water_run;
DROP TABLE IF EXISTS temp.water_run_site;
