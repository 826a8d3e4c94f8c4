package transform

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite transform/testdata/golden files")

const goldenMonthQuery = `SELECT region_level, region, coalesce(province, '') AS province, strftime(month, '%Y-%m') AS month, std_version,
	days, valid_days, pm25, pm10, so2, no2, co_p95, o3_p90, good_days, good_ratio,
	days_l1, days_l2, days_l3, days_l4, days_l5, days_l6,
	composite_index, rank, rank_in_province, composite_index_last_year, change_pct, valid, coalesce(validity_note, '') AS validity_note
	FROM air_region_month
	WHERE (region_level = 'city' AND province IN ('北京市', '河北省'))
	   OR (region_level = 'province' AND region IN ('北京市', '河北省'))
	ORDER BY region_level, region`

func queryCSV(t *testing.T, db *sql.DB, q string) []byte {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(cols)
	for rows.Next() {
		v := make([]any, len(cols))
		p := make([]any, len(cols))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(cols))
		for i, x := range v {
			rec[i] = fmtNull(x)
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

// TestGoldenRegionMonth: monthly statistics and ranks of the cities of
// Beijing and Hebei (and the two provinces) from the four real quotsoft
// days (2023-01-19 ... 2023-01-23; a partial month, so valid = false).
// Rewrite with: go test -tags duckdb_arrow ./transform/ -run TestGoldenRegionMonth -update
func TestGoldenRegionMonth(t *testing.T) {
	st := openStore(t)
	loadStations(t, st)
	loadQuotsoft(t, st, "20230120", "20230121", "20230122", "20230123")
	run(t, st, Options{All: true})
	got := queryCSV(t, st.DB, goldenMonthQuery)
	path := filepath.Join("testdata", "golden", "region_month.csv")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d:\n got  %s\n want %s", i+1, g, w)
			}
		}
	}
	// Sanity: Beijing city-level values are means of its urban stations.
	if n := queryInt(t, st.DB, `SELECT max(n_stations) FROM air_region_day WHERE region_level = 'city' AND region = '北京'`); n != 11 {
		t.Logf("北京 has %d urban stations in the registry", n)
	}
}

// TestPercentileHJ663: the A.6 formula on hand-computed cases, and that it
// equals quantile_cont (linear interpolation at 1 + (n-1)p) on random data.
func TestPercentileHJ663(t *testing.T) {
	st := openStore(t)
	cases := []struct {
		list string
		p    float64
		want float64
	}{
		{"[1,2,3,4,5,6,7,8,9,10]", 95, 9.55}, // k = 1 + 9*0.95 = 9.55 -> 9 + (10-9)*0.55
		{"[1,2,3,4,5,6,7,8,9,10]", 90, 9.1},  // k = 9.1
		{"[0.4,0.8,1.2,2.0]", 95, 1.88},      // k = 3.85 -> 1.2 + 0.8*0.85
		{"[100,120,150]", 90, 144},           // k = 2.8 -> 120 + 30*0.8
		{"[42]", 90, 42},                     // n = 1
		{"[5,5,5,9]", 50, 5},                 // k = 2.5 -> 5 + 0*0.5
		{"[10,20,30,40,50,60,70,80,90,100,110,120,130,140,150,160,170,180,190,200,210,220,230,240,250,260,270,280,290,300]", 90, 271}, // k = 27.1
	}
	for _, c := range cases {
		var got float64
		if err := st.DB.QueryRow(`SELECT hj663_percentile(list_sort(` + c.list + `::DOUBLE[]), ` + fmtFloat(c.p) + `)`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("percentile %v of %s = %v, want %v", c.p, c.list, got, c.want)
		}
	}
	var diff float64
	if err := st.DB.QueryRow(`WITH s AS (SELECT g, random() * 100 AS x FROM range(1, 40) r(n), range(200) t(g) WHERE n <= 1 + g % 31)
		SELECT max(d) FROM (
			SELECT g, abs(hj663_percentile(list_sort(list(x)), 95) - quantile_cont(x, 0.95))
			        + abs(hj663_percentile(list_sort(list(x)), 90) - quantile_cont(x, 0.90)) AS d
			FROM s GROUP BY g)`).Scan(&diff); err != nil {
		t.Fatal(err)
	}
	if diff > 1e-9 {
		t.Errorf("hj663_percentile differs from quantile_cont by %v", diff)
	}
	var nilP sql.NullFloat64
	_ = st.DB.QueryRow(`SELECT hj663_percentile([]::DOUBLE[], 95)`).Scan(&nilP)
	if nilP.Valid {
		t.Error("percentile of an empty list should be NULL")
	}
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
