package ingest

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/envdisclose/envdisclose/ingest/incident"
	"github.com/envdisclose/envdisclose/ingest/water"
)

var tsType = &arrow.TimestampType{Unit: arrow.Microsecond}

// Arrow helpers: empty text and NaN become NULL.
func appendStr(b array.Builder, s string) {
	sb := b.(*array.StringBuilder)
	if s == "" {
		sb.AppendNull()
	} else {
		sb.Append(s)
	}
}

func appendF64(b array.Builder, v float64) {
	fb := b.(*array.Float64Builder)
	if math.IsNaN(v) {
		fb.AppendNull()
	} else {
		fb.Append(v)
	}
}

func appendTS(b array.Builder, us int64, ok bool) {
	tb := b.(*array.TimestampBuilder)
	if ok {
		tb.Append(arrow.Timestamp(us))
	} else {
		tb.AppendNull()
	}
}

func appendI32(b array.Builder, v int64, ok bool) {
	ib := b.(*array.Int32Builder)
	if ok {
		ib.Append(int32(v))
	} else {
		ib.AppendNull()
	}
}

var waterSchema = arrow.NewSchema([]arrow.Field{
	{Name: "site_code", Type: arrow.BinaryTypes.String},
	{Name: "sampled_at", Type: tsType},
	{Name: "parameter", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "below_dl", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "detection_limit", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "unit", Type: arrow.BinaryTypes.String},
}, nil)

// waterRecord turns sample values into one Arrow record batch.
func waterRecord(s *water.Samples) arrow.RecordBatch {
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), waterSchema)
	defer rb.Release()
	rb.Reserve(s.Len())
	rb.Field(0).(*array.StringBuilder).AppendValues(s.Site, nil)
	ts := make([]arrow.Timestamp, s.Len())
	for i, t := range s.Time {
		ts[i] = arrow.Timestamp(t)
	}
	rb.Field(1).(*array.TimestampBuilder).AppendValues(ts, nil)
	rb.Field(2).(*array.StringBuilder).AppendValues(s.Param, nil)
	for i := range s.Site {
		appendF64(rb.Field(3), s.Value[i])
		appendF64(rb.Field(5), s.DL[i])
	}
	rb.Field(4).(*array.BooleanBuilder).AppendValues(s.BelowDL, nil)
	rb.Field(6).(*array.StringBuilder).AppendValues(s.Unit, nil)
	return rb.NewRecordBatch()
}

var reportedSchema = arrow.NewSchema([]arrow.Field{
	{Name: "site_code", Type: arrow.BinaryTypes.String},
	{Name: "sampled_at", Type: tsType},
	{Name: "reported_class", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

func reportedRecord(rs []water.Reported) arrow.RecordBatch {
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), reportedSchema)
	defer rb.Release()
	for _, r := range rs {
		rb.Field(0).(*array.StringBuilder).Append(r.Site)
		rb.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(r.Time))
		appendI32(rb.Field(2), int64(r.Class), r.Class > 0)
	}
	return rb.NewRecordBatch()
}

var waterSiteSchema = arrow.NewSchema([]arrow.Field{
	{Name: "site_code", Type: arrow.BinaryTypes.String},
	{Name: "name", Type: arrow.BinaryTypes.String},
	{Name: "province", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "city", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "county", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "basin", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "river", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "water_body", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "is_drinking_source", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "drinking_level", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "is_assessed", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "target_class", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "network", Type: arrow.BinaryTypes.String},
	{Name: "lon", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "lat", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
}, nil)

func waterSiteRecord(l *water.Sites) arrow.RecordBatch {
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), waterSiteSchema)
	defer rb.Release()
	for _, s := range l.Sites {
		rb.Field(0).(*array.StringBuilder).Append(s.Code)
		rb.Field(1).(*array.StringBuilder).Append(s.Name)
		for i, v := range []string{s.Province, s.City, s.County, s.Basin, s.River, s.WaterBody} {
			appendStr(rb.Field(2+i), v)
		}
		rb.Field(8).(*array.BooleanBuilder).Append(s.Drinking)
		appendStr(rb.Field(9), s.DrinkingLevel)
		rb.Field(10).(*array.BooleanBuilder).Append(s.Assessed)
		appendI32(rb.Field(11), int64(s.TargetClass), s.TargetClass > 0)
		rb.Field(12).(*array.StringBuilder).Append(s.Network)
		appendF64(rb.Field(13), s.Lon)
		appendF64(rb.Field(14), s.Lat)
	}
	return rb.NewRecordBatch()
}

var incidentSchema = arrow.NewSchema([]arrow.Field{
	{Name: "incident_id", Type: arrow.BinaryTypes.String},
	{Name: "occurred_at", Type: tsType},
	{Name: "reported_at", Type: tsType, Nullable: true},
	{Name: "county", Type: arrow.BinaryTypes.String},
	{Name: "location", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "type", Type: arrow.BinaryTypes.String},
	{Name: "level_given", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "deaths", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "injured", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "evacuated", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "economic_loss_cny", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "water_interruption", Type: arrow.BinaryTypes.String},
	{Name: "cross_boundary", Type: arrow.BinaryTypes.String},
	{Name: "cause", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "measures", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "status", Type: arrow.BinaryTypes.String},
	{Name: "closed_at", Type: tsType, Nullable: true},
	{Name: "description", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

func incidentRecord(list []incident.Incident) arrow.RecordBatch {
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), incidentSchema)
	defer rb.Release()
	for _, in := range list {
		rb.Field(0).(*array.StringBuilder).Append(in.ID)
		appendTS(rb.Field(1), in.Occurred, true)
		appendTS(rb.Field(2), in.Reported, in.ReportedOK)
		rb.Field(3).(*array.StringBuilder).Append(in.County)
		appendStr(rb.Field(4), in.Location)
		rb.Field(5).(*array.StringBuilder).Append(in.Type)
		appendI32(rb.Field(6), int64(in.Level), in.Level > 0)
		appendI32(rb.Field(7), in.Deaths, in.Deaths >= 0)
		appendI32(rb.Field(8), in.Injured, in.Injured >= 0)
		appendI32(rb.Field(9), in.Evacuated, in.Evacuated >= 0)
		appendF64(rb.Field(10), in.Loss)
		rb.Field(11).(*array.StringBuilder).Append(in.WaterInterruption)
		rb.Field(12).(*array.StringBuilder).Append(in.CrossBoundary)
		appendStr(rb.Field(13), in.Cause)
		appendStr(rb.Field(14), in.Measures)
		rb.Field(15).(*array.StringBuilder).Append(in.Status)
		appendTS(rb.Field(16), in.Closed, in.ClosedOK)
		appendStr(rb.Field(17), in.Descript)
	}
	return rb.NewRecordBatch()
}
