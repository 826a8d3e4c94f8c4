-- incidents: the session variable incident_now read by the models
-- (timeliness of unpublished rows). ? 1 = now, CST wall clock as text
-- 'YYYY-MM-DD HH:MM:SS.ffffff'. One statement per variable: the driver
-- binds parameters to the last statement of a text only.
SET VARIABLE incident_now = CAST(? AS TIMESTAMP);
