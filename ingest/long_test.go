package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/envdisclose/envdisclose/store"
)

// longCSV is a long-layout file with shuffled columns, upper-case names,
// the pm2_5 alias, an extra column, a missing value and an AQI.
const longCSV = `Time,STATION_CODE,pm2_5,pm10,so2,no2,o3,co,aqi,note
2023-01-20 01:00:00,1001A,35,60,5,40,20,0.8,50,ok
2023-01-20 02:00:00,1001A,37.5,,6,41,19,0.9,53,
2023-01-20 01:00:00,1002A,12,20,3,10,60,0.3,,x
`

// wantLong is the air_hour content the file must produce.
const wantLong = `1001A 2023-01-20 01:00 35 60 5 40 20 0.8 50
1001A 2023-01-20 02:00 37.5 NULL 6 41 19 0.9 53
1002A 2023-01-20 01:00 12 20 3 10 60 0.3 NULL
`

func airDump(t *testing.T, st *store.Store) string {
	t.Helper()
	rows, err := st.DB.Query(`SELECT station_code || ' ' || strftime(time, '%Y-%m-%d %H:%M') || ' ' ||
		concat_ws(' ', coalesce(CAST(pm25 AS VARCHAR),'NULL'), coalesce(CAST(pm10 AS VARCHAR),'NULL'),
		coalesce(CAST(so2 AS VARCHAR),'NULL'), coalesce(CAST(no2 AS VARCHAR),'NULL'), coalesce(CAST(o3 AS VARCHAR),'NULL'),
		coalesce(CAST(co AS VARCHAR),'NULL'), coalesce(CAST(aqi_reported AS VARCHAR),'NULL'))
		FROM air_hour ORDER BY station_code, time`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.ReplaceAll(s, ".0 ", " ") + "\n")
	}
	return strings.ReplaceAll(b.String(), ".0\n", "\n")
}

func ingestOne(t *testing.T, st *store.Store, name string, data []byte) Summary {
	t.Helper()
	s, err := Bytes(context.Background(), st, name, data, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLongCSV(t *testing.T) {
	st := openStore(t)
	seedSmallRegistry(t, st)
	s := ingestOne(t, st, "long.csv", []byte(longCSV))
	if e := s.Entry; e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 3 || e.Kind != KindAirLong || e.Format != FormatCSV {
		t.Fatalf("%+v", e)
	}
	if got := airDump(t, st); got != wantLong {
		t.Fatalf("air_hour:\n%s\nwant:\n%s", got, wantLong)
	}
	// A one-row correction in another file supersedes exactly that row.
	fix := "station_code,time,pm25,pm10,so2,no2,o3,co\n1002A,2023-01-20 01:00,13,20,3,10,60,0.3\n"
	s = ingestOne(t, st, "fix.csv", []byte(fix))
	if s.Entry.RowsSuperseded != 1 || s.Entry.Outcome != store.OutcomeAccepted {
		t.Fatalf("%+v", s.Entry)
	}
	want := strings.Replace(wantLong, "1002A 2023-01-20 01:00 12 20 3 10 60 0.3 NULL", "1002A 2023-01-20 01:00 13 20 3 10 60 0.3 NULL", 1)
	if got := airDump(t, st); got != want {
		t.Fatalf("after fix:\n%s", got)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour_superseded WHERE pm25 = 12 AND superseded_by = ?`, s.Entry.ID); n != 1 {
		t.Fatal("old value not kept")
	}
}

func TestLongCSVGzipFolder(t *testing.T) {
	st := openStore(t)
	seedSmallRegistry(t, st)
	dir := t.TempDir()
	p := filepath.Join(dir, "long.csv.gz")
	if err := os.WriteFile(p, gz(t, []byte(longCSV)), 0o644); err != nil {
		t.Fatal(err)
	}
	sums, err := Paths(context.Background(), st, []string{dir}, testOpts())
	if err != nil || len(sums) != 1 || sums[0].Entry.RowsAccepted != 3 {
		t.Fatalf("%v %+v", err, sums)
	}
	if got := airDump(t, st); got != wantLong {
		t.Fatalf("air_hour:\n%s", got)
	}
}

func TestLongParquet(t *testing.T) {
	st := openStore(t)
	seedSmallRegistry(t, st)
	src := filepath.Join(t.TempDir(), "long.csv")
	if err := os.WriteFile(src, []byte(longCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	// Parquet written by DuckDB, with time as TIMESTAMPTZ (an instant) and
	// typed numeric columns.
	pq := filepath.Join(t.TempDir(), "long.parquet")
	if _, err := st.DB.Exec(`COPY (SELECT STATION_CODE AS station_code, CAST(Time AS TIMESTAMPTZ) AS time,
		pm2_5 AS "PM2.5", pm10, so2, no2, o3, co, CAST(aqi AS INTEGER) AS aqi FROM read_csv('` + src + `', all_varchar = false))
		TO '` + pq + `' (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	s := ingestOne(t, st, "long.parquet", data)
	if e := s.Entry; e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 3 || e.Format != FormatParquet || e.Kind != KindAirLong {
		t.Fatalf("%+v", e)
	}
	if got := airDump(t, st); got != wantLong {
		t.Fatalf("air_hour:\n%s", got)
	}
}

// longRecord builds the long layout as Arrow (time as a zoned timestamp in
// UTC, to check the conversion to CST).
func longRecord(t *testing.T) arrow.RecordBatch {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "station_code", Type: arrow.BinaryTypes.String},
		{Name: "time", Type: &arrow.TimestampType{Unit: arrow.Second, TimeZone: "UTC"}},
		{Name: "pm25", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "pm10", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
		{Name: "so2", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "no2", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "o3", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "co", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "aqi", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	utc := func(s string) arrow.Timestamp {
		tm, err := time.ParseInLocation(time.DateTime, s, store.CST)
		if err != nil {
			t.Fatal(err)
		}
		return arrow.Timestamp(tm.Unix())
	}
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"1001A", "1001A", "1002A"}, nil)
	b.Field(1).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{
		utc("2023-01-20 01:00:00"), utc("2023-01-20 02:00:00"), utc("2023-01-20 01:00:00")}, nil)
	b.Field(2).(*array.Float64Builder).AppendValues([]float64{35, 37.5, 12}, nil)
	b.Field(3).(*array.Float32Builder).AppendValues([]float32{60, 0, 20}, []bool{true, false, true})
	b.Field(4).(*array.Int64Builder).AppendValues([]int64{5, 6, 3}, nil)
	b.Field(5).(*array.Float64Builder).AppendValues([]float64{40, 41, 10}, nil)
	b.Field(6).(*array.Float64Builder).AppendValues([]float64{20, 19, 60}, nil)
	b.Field(7).(*array.StringBuilder).AppendValues([]string{"0.8", "0.9", "0.3"}, nil)
	b.Field(8).(*array.Int32Builder).AppendValues([]int32{50, 53, 0}, []bool{true, true, false})
	return b.NewRecordBatch()
}

func TestLongArrowIPC(t *testing.T) {
	rec := longRecord(t)
	defer rec.Release()
	var file, stream bytes.Buffer
	fw, err := ipc.NewFileWriter(&file, ipc.WithSchema(rec.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	sw := ipc.NewWriter(&stream, ipc.WithSchema(rec.Schema()))
	if err := sw.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"file.arrow": file.Bytes(), "stream.arrows": stream.Bytes()} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			seedSmallRegistry(t, st)
			s := ingestOne(t, st, name, data)
			if e := s.Entry; e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 3 || e.Format != FormatArrow {
				t.Fatalf("%+v %v", e, s.Reasons)
			}
			if got := airDump(t, st); got != wantLong {
				t.Fatalf("air_hour:\n%s", got)
			}
		})
	}
}

func TestEmptyRegistry(t *testing.T) {
	st := openStore(t)
	s := ingestOne(t, st, "long.csv", []byte(longCSV))
	if s.Entry.Outcome != store.OutcomeRejected || len(s.Reasons) != 1 ||
		s.Reasons[0] != (ReasonCount{Reason: "unknown station (the station registry is empty)", Count: 3}) {
		t.Fatalf("%+v %+v", s.Entry, s.Reasons)
	}
}
