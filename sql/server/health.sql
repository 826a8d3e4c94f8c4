-- serve, /healthz: the database answers. No parameters.
SELECT 1;
