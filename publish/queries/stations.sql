-- Current stations (SCD2: valid_to IS NULL), in display order.
SELECT station_code, name, coalesce(city, ''), coalesce(province, ''), coalesce(county, ''), is_control
FROM station
WHERE valid_to IS NULL
ORDER BY province NULLS LAST, city NULLS LAST, is_control, station_code
