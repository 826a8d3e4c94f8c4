package ingest

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
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

// airRecord turns a batch into one Arrow record batch (caller releases).
func airRecord(b *obs.Batch) arrow.RecordBatch {
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), airSchema)
	defer rb.Release()
	rb.Reserve(b.Len())
	rb.Field(0).(*array.StringBuilder).AppendValues(b.Station, nil)
	ts := make([]arrow.Timestamp, b.Len())
	for i, t := range b.Time {
		ts[i] = arrow.Timestamp(t)
	}
	rb.Field(1).(*array.TimestampBuilder).AppendValues(ts, nil)
	for p := range obs.NPollutants {
		rb.Field(2+p).(*array.Float64Builder).AppendValues(b.Val[p], b.Valid[p])
	}
	rb.Field(8).(*array.Int32Builder).AppendValues(b.AQI, b.AQIValid)
	return rb.NewRecordBatch()
}

// airGroupSchema is airSchema plus the file each row came from, for the
// one-statement landing of a group of files.
var airGroupSchema = arrow.NewSchema(append(append([]arrow.Field(nil), airSchema.Fields()...),
	arrow.Field{Name: "file_id", Type: arrow.PrimitiveTypes.Int64}), nil)

// airGroupRecord is airRecord with a constant file_id column.
func airGroupRecord(b *obs.Batch, fileID int64) arrow.RecordBatch {
	rec := airRecord(b)
	defer rec.Release()
	ib := array.NewInt64Builder(memory.NewGoAllocator())
	defer ib.Release()
	ib.Reserve(b.Len())
	for range b.Len() {
		ib.UnsafeAppend(fileID)
	}
	ids := ib.NewArray()
	defer ids.Release()
	cols := append(append([]arrow.Array(nil), rec.Columns()...), ids)
	return array.NewRecordBatch(airGroupSchema, cols, int64(b.Len()))
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
