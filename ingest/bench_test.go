package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// realWideDays reads the 4 real quotsoft days.
func realWideDays(t testing.TB) [][]byte {
	t.Helper()
	dir := realDir(t, "china_sites_quotsoft")
	var out [][]byte
	for _, d := range []string{"20230120", "20230121", "20230122", "20230123"} {
		b, err := os.ReadFile(filepath.Join(dir, "china_sites_"+d+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// shiftDay rewrites the date column of a real day file (date 2023012x) to
// day, giving a distinct file of realistic content.
func shiftDay(data []byte, day time.Time) []byte {
	i := bytes.IndexByte(data, '\n')
	old := data[i+1 : i+1+9] // "2023012x,"
	return bytes.ReplaceAll(data, old, []byte(day.Format("20060102")+","))
}

// BenchmarkWideIngest ingests one national day per op (2,026 stations × 24
// h × 15 types, the real 2023-01-20..23 files cycled with shifted dates, so
// air_hour grows like a year of data). ns/op = ns per file.
func BenchmarkWideIngest(b *testing.B) {
	st := openStore(b)
	loadStationList(b, st)
	days := realWideDays(b)
	ctx := context.Background()
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	opt := testOpts()
	opt.Source = "bench"
	var rows int64
	b.SetBytes(int64(len(days[0])))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		data := shiftDay(days[i%4], base.AddDate(0, 0, i))
		b.StartTimer()
		s, err := Bytes(ctx, st, "day", data, opt)
		if err != nil {
			b.Fatal(err)
		}
		rows += s.Entry.RowsAccepted
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)/float64(b.N), "station-hours/op")
}

// BenchmarkWidePaths is the CLI path: b.N national days written to a folder
// and ingested with Paths (read, receive and decode of the next file overlap
// the landing of the current one). ns/op = ns per file.
func BenchmarkWidePaths(b *testing.B) {
	st := openStore(b)
	loadStationList(b, st)
	days := realWideDays(b)
	dir := b.TempDir()
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < b.N; i++ {
		day := base.AddDate(0, 0, i)
		name := filepath.Join(dir, "china_sites_"+day.Format("20060102")+".csv")
		if err := os.WriteFile(name, shiftDay(days[i%4], day), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	opt := testOpts()
	opt.Source = "bench"
	b.ResetTimer()
	sums, err := Paths(context.Background(), st, []string{dir}, opt)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	var rows int64
	for _, s := range sums {
		rows += s.Entry.RowsAccepted
	}
	b.ReportMetric(float64(rows)/float64(b.N), "station-hours/op")
}

// BenchmarkWideSupersede re-sends corrected national days into a store that
// already holds 120 days: every station-hour of the file replaces a
// current one (copy to air_hour_superseded, DELETE, INSERT). ns/op = ns per
// corrected file.
func BenchmarkWideSupersede(b *testing.B) {
	st := openStore(b)
	loadStationList(b, st)
	days := realWideDays(b)
	ctx := context.Background()
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	opt := testOpts()
	const preload = 120
	for i := range preload {
		if _, err := Bytes(ctx, st, "day", shiftDay(days[i%4], base.AddDate(0, 0, i)), opt); err != nil {
			b.Fatal(err)
		}
	}
	var superseded int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		k := i % preload
		// another real day's values for the same date: a correction
		data := shiftDay(days[(k+1+i/preload)%4], base.AddDate(0, 0, k))
		b.StartTimer()
		s, err := Bytes(ctx, st, "correction", data, opt)
		if err != nil {
			b.Fatal(err)
		}
		superseded += s.Entry.RowsSuperseded
	}
	b.StopTimer()
	b.ReportMetric(float64(superseded)/float64(b.N), "superseded/op")
}
