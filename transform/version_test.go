package transform

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// insertDay writes 24 hours (labels day 01:00 ... day+1 00:00) of constant
// concentrations for one station; o3Peak replaces O3 at 14:00.
func insertDay(t testing.TB, db *sql.DB, station, day string, pm25, o3, o3Peak float64) {
	t.Helper()
	mustExec(t, db, `INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
		SELECT ?, CAST(? AS DATE) + to_hours(h), ?, 50, 10, 20, CASE WHEN h = 14 THEN ? ELSE ? END, 0.5, NULL, 0
		FROM range(1, 25) r(h)`, station, day, pm25, o3Peak, o3)
}

func TestVersionSwitch(t *testing.T) {
	st := openStore(t)
	mustExec(t, st.DB, `INSERT INTO station VALUES ('X1', 'x', '测试市', '测试省', '测试市', NULL, 0, 0, false, TIMESTAMP '1970-01-01', NULL, 0)`)
	// Same concentrations on both sides of 2026-03-01: PM2.5 70 all day,
	// O3 100 with one 1-hour peak of 300 (IAQI 150 on the O3 1-h table).
	insertDay(t, st.DB, "X1", "2026-02-28", 70, 100, 300)
	insertDay(t, st.DB, "X1", "2026-03-01", 70, 100, 300)
	// PM2.5 50 lies in the changed segment 35..60 (2026) / 35..75 (2012).
	insertDay(t, st.DB, "X2", "2026-02-28", 50, 100, 100)
	insertDay(t, st.DB, "X2", "2026-03-01", 50, 100, 100)
	markDirty(t, st)
	run(t, st, Options{})

	hour := func(station, ts string) (ver string, iaqi int) {
		if err := st.DB.QueryRow(`SELECT std_version, iaqi_pm25 FROM air_aqi_hour WHERE station_code = ? AND time = CAST(? AS TIMESTAMP)`, station, ts).Scan(&ver, &iaqi); err != nil {
			t.Fatal(err)
		}
		return
	}
	// 2026-03-01 00:00 is 24:00 of the natural day 2026-02-28.
	for _, c := range []struct {
		ts, ver string
		iaqi    int
	}{
		{"2026-02-28 12:00", "HJ633-2012", 94}, // 50 + (70-35)/(75-35)*50 = 93.75 -> 94
		{"2026-03-01 00:00", "HJ633-2012", 94}, // natural day 2026-02-28
		// 2026: 70 lies above the new IAQI-100 breakpoint 60, in the segment
		// 60..115 -> 100..150: 100 + (70-60)/(115-60)*50 = 109.1 -> 110.
		// (The linear formula on 35..60 would give 120, but 70 is not in that segment.)
		{"2026-03-01 01:00", "HJ633-2026", 110},
		{"2026-03-01 12:00", "HJ633-2026", 110},
	} {
		ver, iaqi := hour("X1", c.ts)
		if ver != c.ver || iaqi != c.iaqi {
			t.Errorf("%s: %s IAQI_PM2.5 %d, want %s %d", c.ts, ver, iaqi, c.ver, c.iaqi)
		}
	}
	if _, a := hour("X2", "2026-02-28 12:00"); a != 69 { // 50 + 15/40*50 = 68.75
		t.Errorf("X2 2012 IAQI %d, want 69", a)
	}
	if _, a := hour("X2", "2026-03-01 12:00"); a != 80 { // 50 + 15/25*50 = 80
		t.Errorf("X2 2026 IAQI %d, want 80", a)
	}

	type day struct {
		ver               string
		aqi               int
		primary           string
		iaqiO31h, iaqiO38 sql.NullInt64
		o31h, o38         float64
	}
	get := func(d string) day {
		var r day
		if err := st.DB.QueryRow(`SELECT std_version, aqi, primary_pollutant, iaqi_o3_1h, iaqi_o3_8h, o3_1h_max, o3_8h_max
			FROM air_station_day WHERE station_code = 'X1' AND day = CAST(? AS DATE)`, d).
			Scan(&r.ver, &r.aqi, &r.primary, &r.iaqiO31h, &r.iaqiO38, &r.o31h, &r.o38); err != nil {
			t.Fatal(err)
		}
		return r
	}
	// MDA8 = (7*100 + 300)/8 = 125 -> IAQI 50 + 25/60*50 = 70.8 -> 71.
	d12, d26 := get("2026-02-28"), get("2026-03-01")
	if d12.ver != "HJ633-2012" || d12.aqi != 150 || d12.primary != "O3" || d12.iaqiO31h.Int64 != 150 || d12.iaqiO38.Int64 != 71 {
		t.Errorf("2026-02-28 daily: %+v, want HJ633-2012 AQI 150 (O3 1-h max 300), primary O3", d12)
	}
	if d26.ver != "HJ633-2026" || d26.aqi != 110 || d26.primary != "PM2.5" || d26.iaqiO31h.Valid || d26.iaqiO38.Int64 != 71 {
		t.Errorf("2026-03-01 daily: %+v, want HJ633-2026 AQI 110 from PM2.5, O3 1-h max ignored", d26)
	}
	if d26.o31h != 300 || d26.o38 != 125 {
		t.Errorf("2026-03-01 concentrations o3_1h_max %v o3_8h_max %v, want 300 125", d26.o31h, d26.o38)
	}
}

// TestStandardsGuard: changing the CSV rows of a version that has results
// fails Run, naming the version, unless AcceptStandardChange is set.
func TestStandardsGuard(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	insertDay(t, st.DB, "X1", "2025-06-01", 70, 100, 100)
	markDirty(t, st)
	run(t, st, Options{})
	var used bool
	if err := st.DB.QueryRow(`SELECT used FROM std_version_hash WHERE version = 'HJ633-2012'`).Scan(&used); err != nil || !used {
		t.Fatalf("HJ633-2012 not marked used (%v)", err)
	}
	// Running again with the same CSVs: nothing to reload.
	if rep := run(t, st, Options{}); rep.StandardsReloaded {
		t.Error("standards reloaded although unchanged")
	}

	mod := fstest.MapFS{}
	if err := fs.WalkDir(st.SQL, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(st.SQL, p)
		if err != nil {
			return err
		}
		if p == "standards/iaqi_breakpoint.csv" {
			b = []byte(strings.Replace(string(b), "HJ633-2012,pm25_24h,100,75,", "HJ633-2012,pm25_24h,100,76,", 1))
		}
		mod[p] = &fstest.MapFile{Data: b}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	orig := st.SQL
	st.SQL = mod
	defer func() { st.SQL = orig }()

	_, err := Run(ctx, st, Options{})
	if err == nil || !strings.Contains(err.Error(), "HJ633-2012") {
		t.Fatalf("Run with a changed used version: err = %v, want an error naming HJ633-2012", err)
	}
	var before int
	_ = st.DB.QueryRow(`SELECT iaqi_pm25 FROM air_aqi_hour WHERE station_code = 'X1' AND time = TIMESTAMP '2025-06-01 12:00'`).Scan(&before)

	rep, err := Run(ctx, st, Options{AcceptStandardChange: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.ChangedVersions) != 1 || rep.ChangedVersions[0] != "HJ633-2012" || rep.Days != 1 {
		t.Errorf("accepted change: report %+v", rep)
	}
	var after int
	_ = st.DB.QueryRow(`SELECT iaqi_pm25 FROM air_aqi_hour WHERE station_code = 'X1' AND time = TIMESTAMP '2025-06-01 12:00'`).Scan(&after)
	if before != 94 || after != 93 { // 50 + 35/41*50 = 92.7 -> 93
		t.Errorf("IAQI before/after the accepted change = %d/%d, want 94/93", before, after)
	}
	// An unused version (2026) may change freely.
	if _, err := Run(ctx, st, Options{}); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
