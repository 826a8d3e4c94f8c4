package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
	"github.com/envdisclose/envdisclose/ingest/wide"
)

// longCSVOf renders a batch in the long layout (the reference input).
func longCSVOf(b *obs.Batch) []byte {
	var buf bytes.Buffer
	buf.WriteString("station_code,time,pm25,pm10,so2,no2,o3,co,aqi\n")
	for i := range b.Len() {
		buf.WriteString(b.StationOf(i))
		buf.WriteByte(',')
		buf.WriteString(obs.MicrosToWall(b.Time[i]).Format(time.DateTime))
		for p := range obs.NPollutants {
			buf.WriteByte(',')
			if b.Valid[p][i] {
				buf.WriteString(strconv.FormatFloat(b.Val[p][i], 'f', -1, 64))
			}
		}
		buf.WriteByte(',')
		if b.AQIValid[i] {
			buf.WriteString(strconv.Itoa(int(b.AQI[i])))
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkDuckDBLongCSV is the reference for BenchmarkWideIngest: DuckDB's
// own read_csv of the same station-hours in the long layout, one INSERT …
// SELECT per day file (no validation, no ledger, no supersede). ns/op = ns
// per file.
func BenchmarkDuckDBLongCSV(b *testing.B) {
	st := openStore(b)
	loadStationList(b, st)
	ctx := context.Background()
	r, err := newRun(st, testOpts())
	if err != nil {
		b.Fatal(err)
	}
	reg, err := r.registry(ctx)
	if err != nil {
		b.Fatal(err)
	}
	days := realWideDays(b)
	dir := b.TempDir()
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	var names []string
	for i := 0; i < b.N; i++ {
		day := base.AddDate(0, 0, i)
		batch, _, err := wide.Decode(shiftDay(days[i%4], day), r.check(reg, ""))
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Join(dir, day.Format("20060102")+".csv")
		if err := os.WriteFile(name, longCSVOf(batch), 0o644); err != nil {
			b.Fatal(err)
		}
		names = append(names, name)
	}
	b.ResetTimer()
	for _, n := range names {
		if _, err := st.DB.ExecContext(ctx, `INSERT INTO air_hour SELECT station_code, time, pm25, pm10, so2, no2, o3, co, aqi, 0
			FROM read_csv(?, header = true, columns = {'station_code': 'VARCHAR', 'time': 'TIMESTAMP', 'pm25': 'DOUBLE',
			'pm10': 'DOUBLE', 'so2': 'DOUBLE', 'no2': 'DOUBLE', 'o3': 'DOUBLE', 'co': 'DOUBLE', 'aqi': 'INTEGER'})`, n); err != nil {
			b.Fatal(err)
		}
	}
}
