package ingest

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/envdisclose/envdisclose/ingest/obs"
	"github.com/envdisclose/envdisclose/ingest/stationlist"
)

// airSchema is the Arrow shape of staged air rows (time: CST wall clock,
// no zone, so DuckDB sees a plain TIMESTAMP).
var airSchema = arrow.NewSchema([]arrow.Field{
	{Name: "station_code", Type: arrow.BinaryTypes.String},
	{Name: "time", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	{Name: "pm25", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "pm10", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "so2", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "no2", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "o3", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "co", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "aqi_reported", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

// airDictSchema is airSchema with the station codes dictionary-encoded
// (a batch with obs.Batch.Dict: DuckDB reads the codes once per batch).
var airDictSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: "station_code", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}}},
	airSchema.Fields()[1:]...), nil)

// airRecord turns a batch into one Arrow record batch (caller releases).
// The time, value and AQI columns are the batch's own slices, not copies
// (only the validity bitmaps and the station strings are built here), so
// the batch must not change while the record is alive.
func airRecord(b *obs.Batch) arrow.RecordBatch {
	cols := airColumns(b, b.Dict != nil)
	schema := airSchema
	if b.Dict != nil {
		schema = airDictSchema
	}
	rec := array.NewRecordBatch(schema, cols, int64(b.Len()))
	releaseAll(cols)
	return rec
}

// airColumns are the columns of airSchema over b, or of airDictSchema
// when dict is set, which needs b.Dict (caller releases each).
func airColumns(b *obs.Batch, dict bool) []arrow.Array {
	n := b.Len()
	cols := make([]arrow.Array, 0, len(airSchema.Fields())+1)
	switch {
	case dict:
		cols = append(cols, dictColumn(b.Dict, b.Code[:n]))
	case b.Dict != nil:
		codes := make([]string, n)
		for i := range codes {
			codes[i] = b.Dict[b.Code[i]]
		}
		cols = append(cols, stringColumn(codes))
	default:
		cols = append(cols, stringColumn(b.Station[:n]))
	}
	cols = append(cols, fixedColumn(airSchema.Field(1).Type, n, arrow.Int64Traits.CastToBytes(b.Time[:n]), nil))
	for p := range obs.NPollutants {
		cols = append(cols, fixedColumn(arrow.PrimitiveTypes.Float64, n, arrow.Float64Traits.CastToBytes(b.Val[p][:n]), b.Valid[p][:n]))
	}
	cols = append(cols, fixedColumn(arrow.PrimitiveTypes.Int32, n, arrow.Int32Traits.CastToBytes(b.AQI[:n]), b.AQIValid[:n]))
	return cols
}

// fixedColumn wraps the little-endian values of a fixed-width column
// without copying them; valid (nil = all valid) becomes the validity
// bitmap, left out when every value is valid.
func fixedColumn(dt arrow.DataType, n int, values []byte, valid []bool) arrow.Array {
	var bitmap *memory.Buffer
	nulls := 0
	if valid != nil {
		bits := make([]byte, bitutil.BytesForBits(int64(n)))
		for i, ok := range valid {
			if ok {
				bitutil.SetBit(bits, i)
			} else {
				nulls++
			}
		}
		if nulls > 0 {
			bitmap = memory.NewBufferBytes(bits)
		}
	}
	data := array.NewData(dt, n, []*memory.Buffer{bitmap, memory.NewBufferBytes(values)}, nil, nulls, 0)
	defer data.Release()
	return array.MakeFromData(data)
}

// stringColumn builds a non-null string column in one pass (offsets and
// bytes sized up front).
func stringColumn(ss []string) arrow.Array {
	size := 0
	for _, s := range ss {
		size += len(s)
	}
	offsets := make([]int32, len(ss)+1)
	bytes := make([]byte, 0, size)
	for i, s := range ss {
		bytes = append(bytes, s...)
		offsets[i+1] = int32(len(bytes))
	}
	data := array.NewData(arrow.BinaryTypes.String, len(ss), []*memory.Buffer{nil,
		memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offsets)), memory.NewBufferBytes(bytes)}, nil, 0, 0)
	defer data.Release()
	return array.MakeFromData(data)
}

// dictColumn is a dictionary-encoded string column: the indexes are
// codes' own memory, the dictionary is dict.
func dictColumn(dict []string, codes []int32) arrow.Array {
	values := stringColumn(dict)
	defer values.Release()
	idx := fixedColumn(arrow.PrimitiveTypes.Int32, len(codes), arrow.Int32Traits.CastToBytes(codes), nil)
	defer idx.Release()
	return array.NewDictionaryArray(airDictSchema.Field(0).Type, idx, values)
}

func releaseAll(cols []arrow.Array) {
	for _, c := range cols {
		c.Release()
	}
}

// airGroupSchema is airSchema plus the file each row came from, for the
// one-statement landing of a group of files.
var airGroupSchema = arrow.NewSchema(append(append([]arrow.Field(nil), airSchema.Fields()...),
	arrow.Field{Name: "file_id", Type: arrow.PrimitiveTypes.Int64}), nil)

// airGroupDictSchema is airDictSchema plus file_id.
var airGroupDictSchema = arrow.NewSchema(append(append([]arrow.Field(nil), airDictSchema.Fields()...),
	arrow.Field{Name: "file_id", Type: arrow.PrimitiveTypes.Int64}), nil)

// airGroupRecord is airRecord with a constant file_id column; dict picks
// the dictionary-encoded station column (every record of one statement
// has the same schema, so a group uses it only when all its batches have
// a Dict).
func airGroupRecord(b *obs.Batch, fileID int64, dict bool) arrow.RecordBatch {
	n := b.Len()
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = fileID
	}
	cols := append(airColumns(b, dict), fixedColumn(arrow.PrimitiveTypes.Int64, n, arrow.Int64Traits.CastToBytes(ids), nil))
	schema := airGroupSchema
	if dict {
		schema = airGroupDictSchema
	}
	rec := array.NewRecordBatch(schema, cols, int64(n))
	releaseAll(cols)
	return rec
}

var stationSchema = arrow.NewSchema([]arrow.Field{
	{Name: "station_code", Type: arrow.BinaryTypes.String},
	{Name: "name", Type: arrow.BinaryTypes.String},
	{Name: "city", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "province", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "prefecture", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "county", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "lon", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "lat", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "is_control", Type: arrow.FixedWidthTypes.Boolean},
}, nil)

// stationRecord turns a station list into one Arrow record batch; empty
// text and NaN coordinates become NULL.
func stationRecord(l *stationlist.List) arrow.RecordBatch {
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), stationSchema)
	defer rb.Release()
	str := func(i int, s string) {
		b := rb.Field(i).(*array.StringBuilder)
		if s == "" {
			b.AppendNull()
		} else {
			b.Append(s)
		}
	}
	num := func(i int, v float64) {
		b := rb.Field(i).(*array.Float64Builder)
		if math.IsNaN(v) {
			b.AppendNull()
		} else {
			b.Append(v)
		}
	}
	for _, s := range l.Stations {
		rb.Field(0).(*array.StringBuilder).Append(s.Code)
		rb.Field(1).(*array.StringBuilder).Append(s.Name)
		str(2, s.City)
		str(3, s.Province)
		str(4, s.Prefecture)
		str(5, s.County)
		num(6, s.Lon)
		num(7, s.Lat)
		rb.Field(8).(*array.BooleanBuilder).Append(s.Control)
	}
	return rb.NewRecordBatch()
}
