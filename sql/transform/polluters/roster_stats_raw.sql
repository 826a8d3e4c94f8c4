-- polluters (LoadRoster): the outlet statistics file as read (TEMP
-- stats_raw). ? 1 = path of outlet_pollutant_stats.json.
CREATE OR REPLACE TEMP TABLE stats_raw AS
SELECT * FROM read_json(?, format = 'array',
    columns = {'enterpriseName': 'VARCHAR', 'outlets': 'STRUCT(outletName VARCHAR, pollutants STRUCT(pollutantName VARCHAR, exceed DOUBLE, standard DOUBLE, unit VARCHAR, trend VARCHAR, median DOUBLE)[])[]'});
