-- Monthly means per site and parameter for the trends of the site pages:
-- the 24 months up to the site's latest month.
SELECT site_code, month, parameter, n, n_below_dl, mean, all_below_dl, item_class, exceeds
FROM water_site_month_item
QUALIFY row_number() OVER (PARTITION BY site_code, month, parameter ORDER BY std_version DESC) = 1
    AND month > max(month) OVER (PARTITION BY site_code) - INTERVAL 24 MONTH
ORDER BY site_code, month, parameter
