-- polluters: counts of the run's days and months for the report: hourly
-- evaluations, of which exceeding; daily rows; enterprise-months;
-- non-compliant enterprise-months. No parameters.
SELECT
  (SELECT count(*) FROM emission_hour_eval WHERE day IN (SELECT day FROM polluter_run_day)),
  (SELECT count(*) FROM emission_hour_eval WHERE day IN (SELECT day FROM polluter_run_day) AND exceeds),
  (SELECT count(*) FROM emission_day WHERE day IN (SELECT day FROM polluter_run_day)),
  (SELECT count(*) FROM polluter_month WHERE month IN (SELECT month FROM polluter_run_month)),
  (SELECT count(*) FROM polluter_noncompliant_month WHERE month IN (SELECT month FROM polluter_run_month));
