-- polluters: drop the run's temporary tables so that the pooled connection
-- is returned clean. No parameters.
DROP TABLE IF EXISTS temp.polluter_run_day;
DROP TABLE IF EXISTS temp.polluter_run_month;
DROP TABLE IF EXISTS temp.polluter_p;
DROP TABLE IF EXISTS temp.polluter_generated_file;
DROP TABLE IF EXISTS temp.polluter_outlet_month;
DROP TABLE IF EXISTS temp.polluter_slot;
