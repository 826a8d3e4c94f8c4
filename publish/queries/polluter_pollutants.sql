-- Names, units and display decimals of the emission pollutants.
SELECT pollutant, name_zh, name_en, unit, decimals FROM emission_std_pollutant ORDER BY pollutant
