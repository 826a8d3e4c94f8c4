-- water: counts of the months in water_run for the run report: sample
-- times classified, of which without any evaluated item; sites with
-- samples but no registry row; site-months, of which valid; region-months.
-- No parameters.
SELECT
  (SELECT count(*) FROM water_sample_class c, water_run r
    WHERE c.sampled_at >= r.month_from AND c.sampled_at < r.month_to + INTERVAL 1 MONTH),
  (SELECT count(*) FROM water_sample_class c, water_run r
    WHERE c.sampled_at >= r.month_from AND c.sampled_at < r.month_to + INTERVAL 1 MONTH AND c.class IS NULL),
  (SELECT count(DISTINCT s.site_code) FROM water_sample s, water_run r
    WHERE s.sampled_at >= r.month_from AND s.sampled_at < r.month_to + INTERVAL 1 MONTH
      AND NOT EXISTS (SELECT 1 FROM water_site w WHERE w.site_code = s.site_code)),
  (SELECT count(*) FROM water_site_month m, water_run r WHERE m.month BETWEEN r.month_from AND r.month_to),
  (SELECT count(*) FROM water_site_month m, water_run r WHERE m.month BETWEEN r.month_from AND r.month_to AND m.valid),
  (SELECT count(*) FROM water_region_month m, water_run r WHERE m.month BETWEEN r.month_from AND r.month_to);
