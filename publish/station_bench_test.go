package publish

import (
	"context"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"
	"github.com/envdisclose/envdisclose/store"
)

// BenchmarkFullBuild publishes the whole portal of the bundled sample (the
// first build of serve, build, demo).
// go test -run '^$' -bench FullBuild -benchtime 3x ./publish/
func BenchmarkFullBuild(b *testing.B) {
	st := sampleStore(b)
	for b.Loop() {
		if _, err := Build(context.Background(), st, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStationPages renders every station page (HTML, chart, CSV) of
// the bundled national sample (2,000+ stations, last 24 hours each): the
// work of a republish after a full hour of station pushes.
// go test -run '^$' -bench StationPages -benchtime 5x ./publish/
func BenchmarkStationPages(b *testing.B) {
	ctx := context.Background()
	st := sampleStore(b)
	tpl, err := parseTemplates()
	if err != nil {
		b.Fatal(err)
	}
	data, err := loadAir(ctx, st.DB)
	if err != nil {
		b.Fatal(err)
	}
	// new: every file created; reused: written over the files of an older
	// build (as from the pool of free files, recycle.go).
	for _, reuse := range []bool{false, true} {
		name := map[bool]string{false: "new", true: "reused"}[reuse]
		b.Run(name, func(b *testing.B) {
			var dirs []string
			for b.Loop() {
				// As in an incremental build where every station changed: the
				// files are synced together afterwards (syncBuild, timed here too).
				inc := &incState{prev: &buildState{Pages: map[string]string{}}, prevCSV: map[string][]csvEntry{}, linked: map[string]bool{}}
				s := &site{dir: b.TempDir(), now: time.Now().In(store.CST), tpl: tpl, data: data, rep: &Report{}, check: ctx.Err, inc: inc}
				if reuse && len(dirs) > 0 {
					s.pool = dirs[len(dirs)-1]
				}
				dirs = append(dirs, s.dir)
				if err := s.stations(); err != nil {
					b.Fatal(err)
				}
				fsys, err := atomicfile.OpenFS(s.dir)
				if err != nil {
					b.Fatal(err)
				}
				if err := syncBuild(fsys, s.dir, s.written, nil); err != nil {
					b.Fatal(err)
				}
				fsys.Close()
				if reuse && len(dirs) > 1 && s.rep.Reused == 0 {
					b.Fatal("no file reused")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(data.Stations))/1000, "ms/station")
		})
	}
}

// BenchmarkLoadAir reads what the air pages are rendered from (every
// republish does it first).
// go test -run '^$' -bench LoadAir -benchtime 10x ./publish/
func BenchmarkLoadAir(b *testing.B) {
	ctx := context.Background()
	st := sampleStore(b)
	for b.Loop() {
		if _, err := loadAir(ctx, st.DB); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRepublishAllStations times an incremental republish after the
// latest hour of every station changed (what a saturated push load makes
// of each republish), with the previous builds pruned into the pool of
// free files between iterations as the server does.
// go test -run '^$' -bench RepublishAllStations -benchtime 10x ./publish/
func BenchmarkRepublishAllStations(b *testing.B) {
	ctx := context.Background()
	st := sampleStore(b)
	if _, err := Build(ctx, st, Options{}); err != nil {
		b.Fatal(err)
	}
	republish := func() IncrementalReport {
		if _, err := st.DB.ExecContext(ctx, `UPDATE air_aqi_hour SET aqi = aqi + 1
			WHERE time = (SELECT max(time) FROM air_aqi_hour)`); err != nil {
			b.Fatal(err)
		}
		rep, err := Incremental(ctx, st, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Full {
			b.Fatalf("full build: %s", rep.FullReason)
		}
		Prune(st, nil, nil)
		return rep
	}
	// Until the first builds are pruned the pool is empty: the steady
	// state starts after Keep+1 republishes.
	for range Keep + 2 {
		republish()
	}
	took := map[string]time.Duration{}
	written, reused := 0, 0
	for b.Loop() {
		rep := republish() // (the UPDATE and Prune are timed too: a few ms)
		for k, v := range rep.Took {
			took[k] += v
		}
		written, reused = written+rep.Files, reused+rep.Reused
	}
	b.ReportMetric(100*float64(reused)/float64(max(1, written)), "%reused")
	for k, v := range took {
		b.ReportMetric(v.Seconds()*1000/float64(b.N), k+"_ms")
	}
}
