package transform

import (
	"testing"
)

// TestRegionHourOneStationCities: a city with a single urban assessment
// station has that station's concentrations as its real-time values, so
// its real-time AQI must equal the station's officially published AQI
// (CO is rounded to 1 decimal for the region per GB/T 8170, which may move
// an AQI only where CO decides it). Cities with more stations are checked
// for the mean and the validity share.
func TestRegionHourOneStationCities(t *testing.T) {
	st := openStore(t)
	loadStations(t, st)
	loadQuotsoft(t, st, "20230120", "20230121", "20230122", "20230123")
	markDirty(t, st)
	run(t, st, Options{})

	total := queryInt(t, st.DB, `SELECT count(*) FROM air_region_hour WHERE region_level = 'city'`)
	if total == 0 {
		t.Fatal("no city region-hours")
	}
	// One-station cities: region AQI vs the station's official AQI.
	q := `WITH one AS (
	        SELECT city, any_value(station_code) AS station_code FROM station
	        WHERE NOT is_control AND valid_to IS NULL GROUP BY city HAVING count(*) = 1)
	      SELECT count(*), count(*) FILTER (WHERE r.aqi IS DISTINCT FROM h.aqi_reported)
	      FROM one o
	      JOIN air_hour h ON h.station_code = o.station_code AND h.aqi_reported IS NOT NULL
	      JOIN air_region_hour r ON r.region_level = 'city' AND r.region = o.city AND r.time = h.time`
	var n, bad int64
	if err := st.DB.QueryRow(q).Scan(&n, &bad); err != nil {
		t.Fatal(err)
	}
	if n == 0 || float64(bad) > 0.001*float64(n) {
		t.Fatalf("one-station cities: %d region-hours, %d differ from the official station AQI", n, bad)
	}
	t.Logf("one-station cities: %d region-hours, %d differ (CO rounding)", n, bad)

	// Beijing at the Spring Festival midnight: the mean of its urban
	// stations' rounded PM2.5, and 12 of 12 stations reporting is valid.
	var mean, got float64
	var nRep, nSt int64
	var valid bool
	if err := st.DB.QueryRow(`SELECT round_even(avg(round_even(h.pm25, 0)), 0) FROM air_hour h JOIN station s USING (station_code)
		WHERE s.city = '北京' AND NOT s.is_control AND h.time = TIMESTAMP '2023-01-22 01:00:00' AND h.pm25 IS NOT NULL`).Scan(&mean); err != nil {
		t.Fatal(err)
	}
	if err := st.DB.QueryRow(`SELECT pm25, n_reporting, n_stations, valid FROM air_region_hour
		WHERE region_level = 'city' AND region = '北京' AND time = TIMESTAMP '2023-01-22 01:00:00'`).Scan(&got, &nRep, &nSt, &valid); err != nil {
		t.Fatal(err)
	}
	if got != mean || nRep > nSt || valid != (float64(nRep) >= 0.75*float64(nSt)) {
		t.Fatalf("北京 2023-01-22 01:00: pm25 %v (want %v), %d of %d reporting, valid %v", got, mean, nRep, nSt, valid)
	}
}

// TestRoundHalfEven0: the fast integer rounding equals GB/T 8170 (the
// gbt8170 macro, exact up to 6 decimals) on ties and on a million random
// concentrations with up to 3 decimals; values just off a tie go the way
// the digits say.
func TestRoundHalfEven0(t *testing.T) {
	st := openStore(t)
	n := queryInt(t, st.DB, `SELECT count(*) FROM (
		SELECT unnest([0.5, 1.5, 2.5, 3.5, 34.5, 35.5, 7.0, 0.0, 999.5, 1000.5]) AS x
		UNION ALL SELECT round(random() * 2000, 1) FROM range(1000000)
		UNION ALL SELECT round(random() * 2000, 3) FROM range(100000)) WHERE round_half_even0(x) <> gbt8170(x, 0)`)
	if n != 0 {
		t.Fatalf("%d values round differently", n)
	}
	if a, b := queryInt(t, st.DB, `SELECT round_half_even0(2.4999999)`), queryInt(t, st.DB, `SELECT round_half_even0(2.5000001)`); a != 2 || b != 3 {
		t.Fatalf("near ties: %d %d", a, b)
	}
}
