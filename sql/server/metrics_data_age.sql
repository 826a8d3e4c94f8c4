-- serve, /metrics: the end of the latest hour with data per station (one
-- GROUP BY on air_hour; its zonemaps make max(time) cheap). $1 = at most
-- this many stations.
SELECT station_code, max(time)
FROM air_hour
GROUP BY station_code
ORDER BY station_code
LIMIT $1;
