package publish

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// BenchmarkStationPages renders every station page (HTML, chart, CSV) of
// the bundled national sample (2,000+ stations, last 24 hours each): the
// work of a republish after a full hour of station pushes.
// go test -run '^$' -bench StationPages -benchtime 5x ./publish/
func BenchmarkStationPages(b *testing.B) {
	ctx := context.Background()
	fsys, err := envsql.FS("")
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, b.TempDir(), store.Options{SQL: fsys})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	paths, err := sample.WriteTo(filepath.Join(b.TempDir(), "sample"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ingest.Paths(ctx, st, paths, ingest.Options{Source: "bench"}); err != nil {
		b.Fatal(err)
	}
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil {
		b.Fatal(err)
	}
	tpl, err := parseTemplates()
	if err != nil {
		b.Fatal(err)
	}
	data, err := loadAir(ctx, st.DB)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		// As in an incremental build where every station changed: files are
		// synced together afterwards (syncFiles, timed here too).
		inc := &incState{prev: &buildState{Pages: map[string]string{}}, prevCSV: map[string][]csvEntry{}, linked: map[string]bool{}}
		s := &site{dir: b.TempDir(), now: time.Now().In(store.CST), tpl: tpl, data: data, rep: &Report{}, check: ctx.Err, inc: inc}
		if err := s.stations(); err != nil {
			b.Fatal(err)
		}
		if err := syncFiles(inc.written); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(data.Stations))/1000, "ms/station")
}
