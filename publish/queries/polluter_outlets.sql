-- Current outlets (排放口) with their current limits, one row per outlet
-- and limit (outlets without a limit once, with NULL limit columns).
WITH o AS (
    SELECT * FROM outlet
    QUALIFY row_number() OVER (PARTITION BY outlet_code ORDER BY valid_to IS NULL DESC, valid_from DESC) = 1
)
SELECT o.enterprise_id, o.outlet_code, o.name, o.medium, coalesce(o.mn, ''),
       l.pollutant, l.limit_value, coalesce(l.unit, ''), coalesce(l.direction, ''), coalesce(l.limit_basis, ''),
       coalesce(l.use_converted, false), coalesce(l.standard_name, '')
FROM o
LEFT JOIN outlet_limit l ON l.outlet_code = o.outlet_code AND l.valid_to IS NULL
ORDER BY o.enterprise_id, o.outlet_code, l.pollutant, l.limit_basis DESC
