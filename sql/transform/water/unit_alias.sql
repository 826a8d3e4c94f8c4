-- water: the canonical unit of a normalised unit spelling and the factor
-- converting a value to it. ? 1 = the unit spelling.
SELECT canonical_unit, factor FROM water_std_unit WHERE unit_alias = ?;
