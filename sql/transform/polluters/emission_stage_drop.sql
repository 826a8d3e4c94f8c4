-- polluters: drop the TEMP staging table of LandAppend. No parameters.
DROP TABLE IF EXISTS temp.emission_stage;
