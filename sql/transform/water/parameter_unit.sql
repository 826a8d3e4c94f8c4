-- water: the canonical unit of a parameter. ? 1 = parameter code.
SELECT unit FROM water_std_parameter WHERE parameter = ?;
