package ingest

import (
	"math"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// TestAirGroupRecord checks the zero-copy Arrow columns against the batch
// they wrap: values, NULLs where a value or the AQI is missing, codes and
// the constant file id.
func TestAirGroupRecord(t *testing.T) {
	b := obs.NewBatch(0)
	codes := []string{"1001A", "2999Z", "", "1001A", "北京01"}
	for i, code := range codes {
		var v [obs.NPollutants]float64
		for p := range v {
			v[p] = float64(i*10 + p)
			if (i+p)%3 == 0 {
				v[p] = math.NaN()
			}
		}
		aqi := int32(i * 7)
		if i == 2 {
			aqi = -1
		}
		b.Append(code, obs.WallMicros(2025, 1, 1, i), &v, aqi)
	}
	// The same batch with its codes dictionary-coded (as the wide decoder
	// makes them), as a dictionary column and as plain strings.
	d := *b
	d.Station, d.Dict = nil, []string{"北京01", "1001A", "", "2999Z"}
	for _, c := range codes {
		d.Code = append(d.Code, int32(slices.Index(d.Dict, c)))
	}
	for _, v := range []struct {
		b    *obs.Batch
		dict bool
	}{{b, false}, {&d, false}, {&d, true}} {
		checkGroupRecord(t, v.b, codes, v.dict)
	}
}

func checkGroupRecord(t *testing.T, b *obs.Batch, codes []string, dict bool) {
	t.Helper()
	rec := airGroupRecord(b, 42, dict)
	defer rec.Release()
	if rec.NumRows() != int64(len(codes)) || rec.NumCols() != 10 {
		t.Fatalf("record %d rows × %d cols", rec.NumRows(), rec.NumCols())
	}
	var st interface {
		IsNull(int) bool
	}
	value := func(i int) string { return rec.Column(0).(*array.String).Value(i) }
	if dict {
		da := rec.Column(0).(*array.Dictionary)
		st = da
		value = func(i int) string { return da.Dictionary().(*array.String).Value(da.GetValueIndex(i)) }
	} else {
		st = rec.Column(0).(*array.String)
	}
	ts := rec.Column(1).(*array.Timestamp)
	aqi := rec.Column(8).(*array.Int32)
	ids := rec.Column(9).(*array.Int64)
	for i, code := range codes {
		if value(i) != code || st.IsNull(i) {
			t.Errorf("dict %v row %d: station %q, want %q", dict, i, value(i), code)
		}
		if int64(ts.Value(i)) != b.Time[i] {
			t.Errorf("row %d: time %d, want %d", i, ts.Value(i), b.Time[i])
		}
		for p := range obs.NPollutants {
			col := rec.Column(2 + p).(*array.Float64)
			wantNull := (i+p)%3 == 0
			if col.IsNull(i) != wantNull {
				t.Errorf("row %d %s: null %v, want %v", i, obs.PollutantNames[p], col.IsNull(i), wantNull)
			} else if !wantNull && col.Value(i) != float64(i*10+p) {
				t.Errorf("row %d %s: %v, want %d", i, obs.PollutantNames[p], col.Value(i), i*10+p)
			}
		}
		if aqi.IsNull(i) != (i == 2) || (i != 2 && aqi.Value(i) != int32(i*7)) {
			t.Errorf("row %d: aqi %v (null %v)", i, aqi.Value(i), aqi.IsNull(i))
		}
		if ids.Value(i) != 42 || ids.IsNull(i) {
			t.Errorf("row %d: file_id %d", i, ids.Value(i))
		}
	}
	// A column without a missing value carries no bitmap at all.
	if rec.Column(9).NullN() != 0 || rec.Column(9).Data().Buffers()[0] != nil {
		t.Errorf("file_id column has a validity bitmap")
	}
}
