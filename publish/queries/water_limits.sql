-- Class limits of GB 3838 (water_std_class_limit), for the markLines of
-- the site trends.
SELECT std_version, parameter, water_body, class, direction, lo, hi
FROM water_std_class_limit
ORDER BY std_version, parameter, water_body, class
