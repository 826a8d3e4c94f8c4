package long

import (
	"fmt"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// IsSchema reports whether an Arrow schema looks like the long layout.
func IsSchema(s *arrow.Schema) bool { return IsHeader(fieldNames(s)) }

func fieldNames(s *arrow.Schema) []string {
	names := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		names[i] = f.Name
	}
	return names
}

// DecodeRecords validates the long layout from Arrow record batches (Arrow
// IPC, or Parquet read through DuckDB). Reject lines are 1-based row
// numbers. Typed columns are accepted as they are: numbers for the
// pollutants, strings or timestamps for time (a timestamp with a time zone
// is converted to CST; one without is taken as CST wall clock).
func DecodeRecords(rr array.RecordReader, chk obs.Check) (*obs.Batch, *obs.Rejects, error) {
	l, err := ParseHeader(fieldNames(rr.Schema()))
	if err != nil {
		return nil, nil, err
	}
	conv := make([]cellFunc, l.nField)
	for r, p := range l.pos {
		if p < 0 {
			continue
		}
		f := rr.Schema().Field(p)
		if conv[p], err = converter(f.Type); err != nil {
			return nil, nil, &obs.FileError{Reason: obs.ReasonColumnType, Field: f.Name, Value: f.Type.String() + " for " + roleNames[r]}
		}
	}
	d := newRowDecoder(l, chk)
	cells := make([][]byte, l.nField)
	bufs := make([][]byte, l.nField)
	var row int64
	for rr.Next() {
		rec := rr.RecordBatch()
		for i := range int(rec.NumRows()) {
			row++
			for p, fn := range conv {
				if fn == nil {
					cells[p] = nil
					continue
				}
				bufs[p] = fn(bufs[p][:0], rec.Column(p), i)
				cells[p] = bufs[p]
			}
			d.row(row, cells)
		}
	}
	if err := rr.Err(); err != nil {
		return nil, nil, &obs.FileError{Reason: obs.ReasonArrow, Value: err.Error()}
	}
	return d.finish()
}

// cellFunc appends the text of row i of a column to dst ("" for null).
type cellFunc func(dst []byte, a arrow.Array, i int) []byte

func converter(t arrow.DataType) (cellFunc, error) {
	switch tt := t.(type) {
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		return func(dst []byte, a arrow.Array, i int) []byte {
			if a.IsNull(i) {
				return dst
			}
			return append(dst, a.(interface{ Value(int) string }).Value(i)...)
		}, nil
	case *arrow.Float64Type:
		return floatCell(func(a arrow.Array, i int) float64 { return a.(*array.Float64).Value(i) }), nil
	case *arrow.Float32Type:
		return floatCell(func(a arrow.Array, i int) float64 { return float64(a.(*array.Float32).Value(i)) }), nil
	case *arrow.Int64Type:
		return intCell(func(a arrow.Array, i int) int64 { return a.(*array.Int64).Value(i) }), nil
	case *arrow.Int32Type:
		return intCell(func(a arrow.Array, i int) int64 { return int64(a.(*array.Int32).Value(i)) }), nil
	case *arrow.Int16Type:
		return intCell(func(a arrow.Array, i int) int64 { return int64(a.(*array.Int16).Value(i)) }), nil
	case *arrow.Int8Type:
		return intCell(func(a arrow.Array, i int) int64 { return int64(a.(*array.Int8).Value(i)) }), nil
	case *arrow.Uint32Type:
		return intCell(func(a arrow.Array, i int) int64 { return int64(a.(*array.Uint32).Value(i)) }), nil
	case *arrow.Uint16Type:
		return intCell(func(a arrow.Array, i int) int64 { return int64(a.(*array.Uint16).Value(i)) }), nil
	case *arrow.TimestampType:
		var loc *time.Location
		if tt.TimeZone != "" {
			var err error
			if loc, err = tt.GetZone(); err != nil {
				return nil, err
			}
		}
		unit := tt.Unit
		return func(dst []byte, a arrow.Array, i int) []byte {
			if a.IsNull(i) {
				return dst
			}
			t := a.(*array.Timestamp).Value(i).ToTime(unit)
			if loc != nil {
				c := t.In(cst)
				t = time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), time.UTC)
			}
			return t.AppendFormat(dst, "2006-01-02 15:04:05.999999999")
		}, nil
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}

func floatCell(get func(arrow.Array, int) float64) cellFunc {
	return func(dst []byte, a arrow.Array, i int) []byte {
		if a.IsNull(i) {
			return dst
		}
		v := get(a, i)
		if v != v {
			return dst
		}
		return strconv.AppendFloat(dst, v, 'g', -1, 64)
	}
}

func intCell(get func(arrow.Array, int) int64) cellFunc {
	return func(dst []byte, a arrow.Array, i int) []byte {
		if a.IsNull(i) {
			return dst
		}
		return strconv.AppendInt(dst, get(a, i), 10)
	}
}
