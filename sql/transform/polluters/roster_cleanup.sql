-- polluters (LoadRoster): drop the staging tables and macros so that the
-- connection is returned clean. No parameters.
DROP TABLE IF EXISTS temp.roster_raw;
DROP TABLE IF EXISTS temp.stats_raw;
DROP TABLE IF EXISTS temp.roster_ent_stage;
DROP TABLE IF EXISTS temp.roster_ent_merge;
DROP TABLE IF EXISTS temp.roster_outlet_stage;
DROP TABLE IF EXISTS temp.roster_limit_stage;
DROP TABLE IF EXISTS temp.roster_stat_stage;
DROP TABLE IF EXISTS temp.roster_pol;
DROP MACRO IF EXISTS temp.roster_std_list;
DROP MACRO IF EXISTS temp.roster_std_codes;
DROP MACRO IF EXISTS temp.roster_clean;
