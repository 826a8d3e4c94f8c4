-- transform (air): how many stations have a county; when some do, the
-- default region levels include 'county'. No parameters.
SELECT count(*) FROM station WHERE county IS NOT NULL;
