-- Months that hold figures, per dataset (the candidates of report.Periods).
SELECT DISTINCT 'air' AS dataset, month FROM air_region_month
UNION SELECT 'water', month FROM water_site_month
UNION SELECT 'polluters', month FROM polluter_month
UNION SELECT 'incidents', CAST(date_trunc('month', occurred_at) AS DATE) FROM incident_public
ORDER BY 1, 2;
