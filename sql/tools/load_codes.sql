-- tools: the stations `envdisclose load` pushes for: the first $1 current
-- station codes (valid_to IS NULL) in code order. $1 = how many.
SELECT station_code FROM station WHERE valid_to IS NULL ORDER BY station_code LIMIT $1;
