-- Monthly results per enterprise (polluter_month), oldest first.
SELECT enterprise_id, month, outlets, exceed_hours, exceed_days, max_multiple, completeness_pct,
       mdc_hours, mdc_near_exceed_hours, suspicious_mdc_share, generated
FROM polluter_month
ORDER BY month, enterprise_id
