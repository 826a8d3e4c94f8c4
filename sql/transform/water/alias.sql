-- water: the parameter (and unit, may be NULL) of a normalised column
-- header or alias (transform/water.NormalizeName). ? 1 = the alias.
SELECT parameter, unit FROM water_std_alias WHERE alias = ? LIMIT 1;
