package wide

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

func check(t testing.TB, codes ...string) obs.Check {
	t.Helper()
	lim, err := obs.DefaultLimits()
	if err != nil {
		t.Fatal(err)
	}
	return obs.NewCheck(obs.NewRegistry(codes), lim, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
}

func TestDecodeSmall(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "small.csv"))
	if err != nil {
		t.Fatal(err)
	}
	b, rj, err := Decode(data, check(t, "1001A", "1002A"))
	if err != nil {
		t.Fatal(err)
	}
	// 1001A h0 (AQI+PM2.5), 1002A h0 (PM2.5), 1001A h1; 1002A h1 has only a
	// refused -1 and a rolling value: not stored.
	if b.Len() != 3 {
		t.Fatalf("rows %d: %+v", b.Len(), b)
	}
	if b.StationOf(0) != "1001A" || b.AQI[0] != 50 || !b.AQIValid[0] || b.Val[obs.PM25][0] != 35 {
		t.Fatalf("first row %+v", b)
	}
	if want := obs.WallMicros(2023, 1, 20, 0); b.Time[0] != want {
		t.Fatalf("hour 0 time %d, want %d (2023-01-20 00:00)", b.Time[0], want)
	}
	recs := rj.Records()
	if len(recs) != 2 || recs[0].Reason != obs.ReasonNegative || recs[0].Field != "1002A" || recs[0].Line != 5 ||
		recs[1].Reason != obs.ReasonUnknownStation || recs[1].Field != "9999Z" {
		t.Fatalf("rejects %+v", recs)
	}
}

// BenchmarkDecodeReal decodes one real national day (no database).
func BenchmarkDecodeReal(b *testing.B) {
	p := filepath.Join("..", "..", "..", "shared", "data", "real", "china_sites_quotsoft", "china_sites_20230122.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Skip(err)
	}
	var codes []string
	f, _ := obs.SplitCSV(data[:bytes.IndexByte(data, '\n')], nil)
	for _, c := range f[3:] {
		codes = append(codes, string(c))
	}
	chk := check(b, codes...)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Decode(data, chk); err != nil {
			b.Fatal(err)
		}
	}
}
