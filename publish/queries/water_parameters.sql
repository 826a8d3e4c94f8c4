-- Parameter names, units and reporting decimals (water_std_parameter).
SELECT parameter, name_zh, name_en, unit, decimals
FROM water_std_parameter
ORDER BY parameter
