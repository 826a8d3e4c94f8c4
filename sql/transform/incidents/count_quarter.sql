-- incidents: rows of incident_quarter, for the run report. No parameters.
SELECT count(*) FROM incident_quarter;
