package transform

import (
	"testing"
)

// TestTouchedHours: after a push-like change (new values of a few
// station-hours from a new file, and one station-hour that was missing),
// an incremental run recomputes only those station-hours (hour AQI),
// those stations' days (station days) and those hours (region hours), and
// every result table equals a full recompute.
func TestTouchedHours(t *testing.T) {
	st := openStore(t)
	loadStations(t, st)
	loadQuotsoft(t, st, "20230120", "20230121")
	// One station-hour arrives later (the "new hour" of the push).
	mustExec(t, st.DB, `CREATE TABLE held AS SELECT * FROM air_hour WHERE station_code = '1003A' AND time = TIMESTAMP '2023-01-20 11:00'`)
	if n := queryInt(t, st.DB, `SELECT count(*) FROM held`); n != 1 {
		t.Fatalf("fixture: %d rows held", n)
	}
	mustExec(t, st.DB, `DELETE FROM air_hour WHERE station_code = '1003A' AND time = TIMESTAMP '2023-01-20 11:00'`)
	markDirty(t, st)
	if rep := run(t, st, Options{}); rep.HourScope != scopeTouched {
		t.Errorf("first run (every row marked through its file): scope %s", rep.HourScope)
	}

	// File 7: corrected values of two stations at two hours (one of them
	// 00:00, the last hour of natural day 2023-01-20) and the held hour.
	mustExec(t, st.DB, `UPDATE air_hour SET pm25 = pm25 + 80, o3 = o3 + 100, file_id = 7
		WHERE station_code IN ('1001A', '1002A') AND time IN (TIMESTAMP '2023-01-20 10:00', TIMESTAMP '2023-01-21 00:00')`)
	mustExec(t, st.DB, `UPDATE held SET file_id = 7`)
	mustExec(t, st.DB, `INSERT INTO air_hour SELECT * FROM held`)
	mustExec(t, st.DB, `INSERT INTO dirty_day VALUES ('air', DATE '2023-01-20', 7)`)
	rep := run(t, st, Options{})
	if rep.HourScope != scopeTouched {
		t.Fatalf("incremental run: scope %s, want %s", rep.HourScope, scopeTouched)
	}
	if got := rep.Rows["air_aqi_hour"]; got != 5 {
		t.Errorf("hour AQI rows written: %d, want the 5 touched station-hours", got)
	}
	regionsPerHour := queryInt(t, st.DB, `SELECT count(*) FROM air_region_hour WHERE time = TIMESTAMP '2023-01-20 10:00'`)
	if got := rep.Rows["air_region_hour"]; got != 3*regionsPerHour {
		t.Errorf("region hour rows written: %d, want %d (3 touched hours x %d regions)", got, 3*regionsPerHour, regionsPerHour)
	}
	if got := rep.Rows["air_station_day"]; got != 3 {
		t.Errorf("station days written: %d, want the 3 touched stations' day", got)
	}
	if n := queryInt(t, st.DB, `SELECT count(*) FROM air_touched_hour`); n != 0 {
		t.Errorf("%d touched hours left after the run", n)
	}

	tables := []string{"air_aqi_hour", "air_region_hour", "air_station_day", "air_region_day", "air_region_month"}
	for _, tb := range tables {
		mustExec(t, st.DB, `CREATE TABLE snap_`+tb+` AS SELECT * FROM `+tb)
	}
	if rep := run(t, st, Options{All: true}); rep.HourScope != scopeDay {
		t.Errorf("full run: scope %s", rep.HourScope)
	}
	for _, tb := range tables {
		n := queryInt(t, st.DB, `SELECT count(*) FROM ((SELECT * FROM `+tb+` EXCEPT ALL SELECT * FROM snap_`+tb+`)
			UNION ALL (SELECT * FROM snap_`+tb+` EXCEPT ALL SELECT * FROM `+tb+`))`)
		if n != 0 {
			t.Errorf("%s: %d rows differ between the incremental and the full recompute", tb, n)
		}
	}
	// The correction is in the results (the comparison above is not of two
	// stale copies).
	if n := queryInt(t, st.DB, `SELECT count(*) FROM air_aqi_hour a JOIN air_hour h USING (station_code, time)
		WHERE h.file_id = 7 AND a.aqi IS NOT NULL`); n != 5 {
		t.Errorf("%d of the 5 new station-hours have an AQI", n)
	}
}

// TestTouchedLandingDuringRun: a file that lands while an incremental run
// is in progress (after the run took its marks) keeps its mark, and the
// next run computes its hours; the results then equal a full recompute.
func TestTouchedLandingDuringRun(t *testing.T) {
	st := openStore(t)
	loadStations(t, st)
	loadQuotsoft(t, st, "20230120")
	mustExec(t, st.DB, `CREATE TABLE held AS SELECT * FROM air_hour
		WHERE station_code IN ('1001A', '1002A') AND time = TIMESTAMP '2023-01-20 11:00'`)
	mustExec(t, st.DB, `DELETE FROM air_hour WHERE station_code IN ('1001A', '1002A') AND time = TIMESTAMP '2023-01-20 11:00'`)
	markDirty(t, st)
	run(t, st, Options{})

	// File 7 (1001A) starts the run; file 8 (1002A, same day) lands during it.
	mustExec(t, st.DB, `INSERT INTO air_hour SELECT * REPLACE (7 AS file_id) FROM held WHERE station_code = '1001A'`)
	mustExec(t, st.DB, `INSERT INTO dirty_day VALUES ('air', DATE '2023-01-20', 7)`)
	rep, err := Run(t.Context(), st, Options{afterTouched: func() {
		mustExec(t, st.DB, `INSERT INTO air_hour SELECT * REPLACE (8 AS file_id) FROM held WHERE station_code = '1002A'`)
		mustExec(t, st.DB, `INSERT INTO dirty_day VALUES ('air', DATE '2023-01-20', 8)`)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HourScope != scopeTouched {
		t.Fatalf("scope %s", rep.HourScope)
	}
	if n := queryInt(t, st.DB, `SELECT count(*) FROM dirty_day WHERE file_id = 8`); n != 1 {
		t.Fatalf("the mark of the file that landed during the run: %d left, want 1", n)
	}
	if n := queryInt(t, st.DB, `SELECT count(*) FROM dirty_day WHERE file_id = 7`); n != 0 {
		t.Errorf("the run's own mark: %d left", n)
	}
	run(t, st, Options{})
	if n := queryInt(t, st.DB, `SELECT count(*) FROM air_aqi_hour WHERE station_code = '1002A' AND time = TIMESTAMP '2023-01-20 11:00'`); n != 1 {
		t.Fatalf("the hour that landed during the run has %d AQI rows after the next run", n)
	}
	tables := []string{"air_aqi_hour", "air_region_hour", "air_station_day", "air_region_day", "air_region_month"}
	for _, tb := range tables {
		mustExec(t, st.DB, `CREATE TABLE snap_`+tb+` AS SELECT * FROM `+tb)
	}
	run(t, st, Options{All: true})
	for _, tb := range tables {
		n := queryInt(t, st.DB, `SELECT count(*) FROM ((SELECT * FROM `+tb+` EXCEPT ALL SELECT * FROM snap_`+tb+`)
			UNION ALL (SELECT * FROM snap_`+tb+` EXCEPT ALL SELECT * FROM `+tb+`))`)
		if n != 0 {
			t.Errorf("%s: %d rows differ from a full recompute", tb, n)
		}
	}
}
