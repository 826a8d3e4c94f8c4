package transform

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOracleQuotsoft: every station-hour of the four china_sites days that
// carries an official AQI must get exactly that AQI.
func TestOracleQuotsoft(t *testing.T) {
	st := openStore(t)
	loadStations(t, st)
	loadQuotsoft(t, st, "20230120", "20230121", "20230122", "20230123")
	rep := run(t, st, Options{All: true})
	t.Logf("run: %d days, %d months, rows %v, took %v", rep.Days, rep.Months, rep.Rows, rep.Total)

	total := queryInt(t, st.DB, `SELECT count(*) FROM air_hour WHERE aqi_reported IS NOT NULL`)
	match := queryInt(t, st.DB, `SELECT count(*) FROM air_hour h JOIN air_aqi_hour a USING (station_code, time)
		WHERE h.aqi_reported IS NOT NULL AND a.aqi = h.aqi_reported`)
	t.Logf("quotsoft oracle: %d / %d official hourly AQIs reproduced", match, total)
	if total != 157750 {
		t.Errorf("expected 157,750 official AQIs in the fixture, got %d", total)
	}
	if match != total {
		rows, err := st.DB.QueryContext(context.Background(), `SELECT h.station_code, strftime(h.time, '%Y-%m-%d %H:%M'), a.aqi, h.aqi_reported,
			h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co
			FROM air_hour h LEFT JOIN air_aqi_hour a USING (station_code, time)
			WHERE h.aqi_reported IS NOT NULL AND a.aqi IS DISTINCT FROM h.aqi_reported
			ORDER BY 1, 2 LIMIT 50`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			v := make([]any, 10)
			p := make([]any, 10)
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			t.Errorf("mismatch %v %v ours=%v official=%v pm25=%v pm10=%v so2=%v no2=%v o3=%v co=%v",
				v[0], v[1], fmtNull(v[2]), v[3], fmtNull(v[4]), fmtNull(v[5]), fmtNull(v[6]), fmtNull(v[7]), fmtNull(v[8]), fmtNull(v[9]))
		}
	}
	// The SO2 > 800 case of PROVENANCE.md.
	if got := queryInt(t, st.DB, `SELECT iaqi_so2 FROM air_aqi_hour WHERE station_code = '2647A' AND time = TIMESTAMP '2023-01-22 12:00'`); got != 200 {
		t.Errorf("2647A 2023-01-22 12:00 SO2 IAQI = %d, want 200", got)
	}
	if n := queryInt(t, st.DB, `SELECT count(*) FROM air_aqi_hour WHERE std_version <> 'HJ633-2012'`); n != 0 {
		t.Errorf("%d hours not on HJ633-2012", n)
	}
}

type cnemcFeature struct {
	Properties map[string]string `json:"properties"`
}

// TestOracleCNEMCFeed: AQI, primary pollutant and category of the two
// CNEMC feed snapshots (o3_24h holds the 1-hour O3 in that feed).
func TestOracleCNEMCFeed(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(realDir(t), "cnemc_realtime_aqi")
	for _, name := range []string{"cnemc_stations_2017-07-07T16.json", "cnemc_stations_2018-02-20T07.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			var fc struct {
				Features []cnemcFeature `json:"features"`
			}
			if err := json.Unmarshal(b, &fc); err != nil {
				t.Fatal(err)
			}
			st := openStore(t)
			num := func(s string) any {
				f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
				if err != nil {
					return nil // "-;", "—"
				}
				return f
			}
			want := map[string][3]string{}
			var q strings.Builder
			var args []any
			q.WriteString(`INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id) VALUES `)
			for i, f := range fc.Features {
				p := f.Properties
				if i > 0 {
					q.WriteString(",")
				}
				q.WriteString("(?, CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, ?, ?, 0)")
				var aqi any
				if v, err := strconv.Atoi(p["aqi"]); err == nil {
					aqi = v
					want[p["stationcode"]] = [3]string{p["aqi"], p["primarypollutant"], p["quality"]}
				}
				// Feed quirk: o3_24h is the current 1-hour O3.
				args = append(args, p["stationcode"], strings.Replace(p["timepoint"], "T", " ", 1),
					num(p["pm2_5"]), num(p["pm10"]), num(p["so2"]), num(p["no2"]), num(p["o3_24h"]), num(p["co"]), aqi)
			}
			mustExec(t, st.DB, q.String(), args...)
			run(t, st, Options{All: true})

			rows, err := st.DB.QueryContext(ctx, `SELECT a.station_code, a.aqi, a.category,
				(SELECT string_agg(p.display_cn, ',' ORDER BY u.i)
				   FROM (SELECT unnest(string_split(a.primary_pollutant, ',')) AS code, generate_subscripts(string_split(a.primary_pollutant, ','), 1) AS i) u
				   JOIN std_pollutant p ON p.code = u.code)
				FROM air_aqi_hour a`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var nAQI, nPrim, nCat, n int
			for rows.Next() {
				var code string
				var aqi sql.NullInt64
				var cat, prim sql.NullString
				if err := rows.Scan(&code, &aqi, &cat, &prim); err != nil {
					t.Fatal(err)
				}
				w, ok := want[code]
				if !ok {
					continue
				}
				n++
				wantPrim := w[1]
				if wantPrim == "-;" {
					wantPrim = ""
				}
				if fmt.Sprint(aqi.Int64) == w[0] {
					nAQI++
				} else {
					t.Errorf("%s: aqi %v, official %s", code, aqi.Int64, w[0])
				}
				if prim.String == wantPrim {
					nPrim++
				} else {
					t.Errorf("%s: primary %q, official %q", code, prim.String, wantPrim)
				}
				if cat.String == w[2] {
					nCat++
				} else {
					t.Errorf("%s: category %q, official %q", code, cat.String, w[2])
				}
			}
			if n != len(want) {
				t.Errorf("compared %d stations, %d have an official AQI", n, len(want))
			}
			t.Logf("%s: AQI %d/%d, primary pollutant %d/%d, category %d/%d", name, nAQI, len(want), nPrim, len(want), nCat, len(want))
		})
	}
}
