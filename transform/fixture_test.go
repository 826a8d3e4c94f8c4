package transform

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envdisclose/envdisclose/internal/realdata"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Test fixtures: real data loaded straight into the input tables with
// DuckDB SQL (read_csv + UNPIVOT/PIVOT), independent of the ingest package.

func realDir(t testing.TB) string {
	t.Helper()
	return realdata.Dir(t)
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

func queryInt(t testing.TB, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n sql.NullInt64
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return n.Int64
}

// loadStations loads the UTF-8 national station list as one registry
// version valid since 1970-01-01.
func loadStations(t testing.TB, st *store.Store) {
	t.Helper()
	f := filepath.Join(realDir(t), "station_list", "NewSiteList_utf8.csv")
	mustExec(t, st.DB, `INSERT INTO station (station_code, name, city, province, prefecture, county, lon, lat, is_control, valid_from, valid_to, file_id)
		SELECT "监测点编码", "监测点名称", "城市", "省级行政区", "地级行政区", NULL,
		       TRY_CAST("经度" AS DOUBLE), TRY_CAST("纬度" AS DOUBLE), "对照点" = 'Y',
		       TIMESTAMP '1970-01-01', NULL, 0
		FROM read_csv(`+sqlQuote(f)+`, header = true, all_varchar = true)`)
}

// loadQuotsoft loads quotsoft daily files (wide: one column per station,
// one row per hour and type) into air_hour; the AQI row goes to
// aqi_reported. hour 0 of file D is labelled D 00:00 (= 24:00 of D-1).
func loadQuotsoft(t testing.TB, st *store.Store, days ...string) {
	t.Helper()
	var files []string
	for _, d := range days {
		files = append(files, sqlQuote(filepath.Join(realDir(t), "china_sites_quotsoft", "china_sites_"+d+".csv")))
	}
	// One Exec: the temporary tables live on one connection.
	mustExec(t, st.DB, `
		CREATE OR REPLACE TEMP TABLE q_wide AS
		SELECT * FROM read_csv([`+strings.Join(files, ",")+`], header = true, all_varchar = true, union_by_name = true, null_padding = true);
		CREATE OR REPLACE TEMP TABLE q_long AS
		UNPIVOT q_wide ON COLUMNS(* EXCLUDE (date, hour, type)) INTO NAME station_code VALUE v;
		INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
		SELECT station_code,
		       strptime(date, '%Y%m%d') + to_hours(CAST(hour AS INTEGER)) AS time,
		       max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'PM2.5'),
		       max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'PM10'),
		       max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'SO2'),
		       max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'NO2'),
		       max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'O3'),
		       max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'CO'),
		       CAST(max(TRY_CAST(v AS DOUBLE)) FILTER (WHERE type = 'AQI') AS INTEGER),
		       0
		FROM q_long
		WHERE v IS NOT NULL AND v <> '' AND date IS NOT NULL AND hour IS NOT NULL
		GROUP BY ALL;
		DROP TABLE q_wide; DROP TABLE q_long;`)
}

// markDirty records every natural day of air_hour in dirty_day.
func markDirty(t testing.TB, st *store.Store) {
	t.Helper()
	mustExec(t, st.DB, `INSERT INTO dirty_day SELECT DISTINCT 'air', CAST(time - INTERVAL 1 HOUR AS DATE), 0 FROM air_hour`)
}

func run(t testing.TB, st *store.Store, opt Options) Report {
	t.Helper()
	rep, err := Run(context.Background(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func fmtNull(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}
