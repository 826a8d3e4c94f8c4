package transform

import (
	"testing"
)

// TestDirtyDays: after a change to one day, only that day (and its month)
// is recomputed, and the results equal a full recompute.
func TestDirtyDays(t *testing.T) {
	st := openStore(t)
	loadStations(t, st)
	// Natural days 2023-01-20 (hours 01..23 of file 20230120 + hour 0 of
	// 20230121) and 2023-01-21 (+ the partial days at the edges).
	loadQuotsoft(t, st, "20230120", "20230121")
	markDirty(t, st)
	rep1 := run(t, st, Options{})
	if rep1.Days != 3 { // 2023-01-19 (hour 0 only), 20, 21 (hours 1..23)
		t.Fatalf("first run computed %d days, want 3", rep1.Days)
	}
	if n := queryInt(t, st.DB, `SELECT count(*) FROM dirty_day`); n != 0 {
		t.Fatalf("%d dirty days left", n)
	}

	// Change one day: +40 µg/m³ PM2.5 on every station-hour of 2023-01-20.
	mustExec(t, st.DB, `UPDATE air_hour SET pm25 = pm25 + 40
		WHERE time > TIMESTAMP '2023-01-20 00:00' AND time <= TIMESTAMP '2023-01-21 00:00'`)
	mustExec(t, st.DB, `INSERT INTO dirty_day VALUES ('air', DATE '2023-01-20', 1)`)
	stations := queryInt(t, st.DB, `SELECT count(DISTINCT station_code) FROM air_hour
		WHERE time > TIMESTAMP '2023-01-20 00:00' AND time <= TIMESTAMP '2023-01-21 00:00'`)
	hours := queryInt(t, st.DB, `SELECT count(*) FROM air_hour
		WHERE time > TIMESTAMP '2023-01-20 00:00' AND time <= TIMESTAMP '2023-01-21 00:00'`)
	regionDays := queryInt(t, st.DB, `SELECT count(*) FROM air_region_day WHERE day = DATE '2023-01-20'`)
	months := queryInt(t, st.DB, `SELECT count(*) FROM air_region_month`)

	rep2 := run(t, st, Options{})
	if rep2.Days != 1 || rep2.Months != 1 || rep2.Batches != 1 {
		t.Errorf("second run: %d days, %d months, %d batches; want 1, 1, 1", rep2.Days, rep2.Months, rep2.Batches)
	}
	for table, want := range map[string]int64{
		"air_aqi_hour":     hours,
		"air_station_day":  stations,
		"air_region_day":   regionDays,
		"air_region_month": months,
	} {
		if got := rep2.Rows[table]; got != want {
			t.Errorf("second run wrote %d rows to %s, want %d (only 2023-01-20)", got, table, want)
		}
	}
	t.Logf("incremental run: %v rows in %v", rep2.Rows, rep2.Total)

	// Same results as a full recompute.
	tables := []string{"air_aqi_hour", "air_station_day", "air_region_day", "air_region_month"}
	for _, tb := range tables {
		mustExec(t, st.DB, `CREATE TABLE snap_`+tb+` AS SELECT * FROM `+tb)
	}
	rep3 := run(t, st, Options{All: true})
	if rep3.Days != 3 {
		t.Errorf("full run computed %d days, want 3", rep3.Days)
	}
	for _, tb := range tables {
		n := queryInt(t, st.DB, `SELECT count(*) FROM ((SELECT * FROM `+tb+` EXCEPT ALL SELECT * FROM snap_`+tb+`)
			UNION ALL (SELECT * FROM snap_`+tb+` EXCEPT ALL SELECT * FROM `+tb+`))`)
		if n != 0 {
			t.Errorf("%s: %d rows differ between the incremental and the full recompute", tb, n)
		}
	}
	if d := queryInt(t, st.DB, `SELECT count(*) FROM air_station_day a JOIN snap_air_station_day b USING (station_code, day)
		WHERE a.day = DATE '2023-01-20' AND a.pm25 IS DISTINCT FROM b.pm25`); d != 0 {
		t.Errorf("%d station-days differ", d)
	}
}
