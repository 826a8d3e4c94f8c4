-- Display names of the pollutant codes used in primary_pollutant
-- (std_pollutant, loaded from sql/standards/pollutant.csv by the transform).
SELECT code, display_cn FROM std_pollutant ORDER BY sort_order
