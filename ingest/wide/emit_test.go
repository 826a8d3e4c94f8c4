package wide

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// TestEmitSameAsAppend: the column-wise emit gives exactly the batch that
// appending row by row with obs.Batch.Append gives, on a real national day
// with some columns refused.
func TestEmitSameAsAppend(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "real", "china_sites_quotsoft", "china_sites_20230122.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skip(err)
	}
	f, _ := obs.SplitCSV(data[:bytes.IndexByte(data, '\n')], nil)
	var codes []string
	for _, c := range f[3:] {
		codes = append(codes, string(c))
	}
	chk := check(t, codes[:len(codes)-50]...)
	d := decoder{chk: chk, rj: obs.NewRejects(), slotOf: map[int64]int{}}
	obs.Lines(data, func(n int64, line []byte) bool {
		if n == 1 {
			fields, ok := obs.SplitCSV(line, nil)
			return d.header(fields, ok) == nil
		}
		if len(line) > 0 {
			d.row(n, line, nil)
		}
		return true
	})
	got := d.emit()
	// reference: hour by hour, station by station, through Append
	want := obs.NewBatch(0)
	var vals [obs.NPollutants]float64
	for _, s := range d.slots {
		for i, st := range d.state {
			if st < 0 {
				continue
			}
			has := false
			for k := range nSlots {
				has = has || s.vals[k][i] == s.vals[k][i]
			}
			if !has {
				continue
			}
			for p := range obs.NPollutants {
				vals[p] = s.vals[p][i]
			}
			aqi := int32(-1)
			if v := s.vals[aqiSlot][i]; v == v {
				aqi = int32(v)
			}
			want.Append(d.codes[i], s.time, &vals, aqi)
		}
	}
	if want.Len() < 30000 {
		t.Fatalf("reference has only %d rows", want.Len())
	}
	// emit codes the stations through a dictionary; Append keeps a string
	// per row.
	if got.Dict == nil || len(got.Code) != got.Len() || len(got.Station) != 0 {
		t.Fatalf("emit: no dictionary-coded stations (%d codes, %d strings)", len(got.Code), len(got.Station))
	}
	plain := *got
	plain.Station = make([]string, got.Len())
	for i := range plain.Station {
		plain.Station[i] = got.StationOf(i)
	}
	plain.Dict, plain.Code = nil, nil
	got = &plain
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("emit differs from Append: %d rows vs %d", got.Len(), want.Len())
	}
}
