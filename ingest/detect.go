package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/envdisclose/envdisclose/ingest/emission"
	"github.com/envdisclose/envdisclose/ingest/incident"
	"github.com/envdisclose/envdisclose/ingest/long"
	"github.com/envdisclose/envdisclose/ingest/obs"
	ingestsql "github.com/envdisclose/envdisclose/ingest/sql"
	"github.com/envdisclose/envdisclose/ingest/stationlist"
	"github.com/envdisclose/envdisclose/ingest/water"
	"github.com/envdisclose/envdisclose/ingest/wide"
)

// File kinds and formats recorded in the ledger.
const (
	KindStationList = "station-list"
	KindAirWide     = "air-wide"
	KindAirLong     = "air-long"
	KindWaterSites  = water.KindSites
	KindWaterSample = water.KindSamples
	KindWaterCNEMC  = water.KindCNEMC
	KindIncidents   = incident.Kind
	KindUnknown     = "unknown"

	FormatCSV     = "csv"
	FormatParquet = "parquet"
	FormatArrow   = "arrow"
)

// maxDecompressed bounds a gzip member's decompressed size.
const maxDecompressed = 1 << 30

// expected describes the recognised headers, for the unrecognised-header
// reject.
const expected = "want one of: station list (" + "监测点编码,监测点名称,城市,经度,纬度,对照点,省级行政区,地级行政区[,区县]" +
	"); wide hourly (date,hour,type,<station codes>); long hourly (station_code,time,pm25,pm10,so2,no2,o3,co[,aqi]); " +
	water.Expected + "; " + incident.Expected + "; " + emission.Expected + "; or HJ 212 messages (##dddd…)"

var (
	magicGzip        = []byte{0x1f, 0x8b}
	magicParquet     = []byte("PAR1")
	magicArrowFile   = []byte("ARROW1")
	magicArrowStream = []byte{0xff, 0xff, 0xff, 0xff}
)

// decoded is what a file turned into.
type decoded struct {
	kind, format, encoding string
	air                    *obs.Batch
	stations               *stationlist.List
	water                  *water.Samples // water-samples, water-cnemc-auto
	sites                  *water.Sites   // water-sites
	incidents              []incident.Incident
	emission               *emission.Rows // emission-hourly, hj212
	isIncidents            bool
	note                   string // added to the ledger message
	rj                     *obs.Rejects
	only                   string // set before decoding: the one station the file may carry (push by a station token)
}

// decode detects the format, encoding and kind of data from its content and
// decodes it. A file that cannot be used at all returns an *obs.FileError;
// other errors are internal.
func (r *run) decode(ctx context.Context, data []byte, d *decoded) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error decoding: %v", p)
		}
	}()
	if len(bytes.TrimSpace(data)) == 0 {
		return &obs.FileError{Reason: obs.ReasonEmpty}
	}
	if bytes.HasPrefix(data, magicGzip) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return &obs.FileError{Reason: obs.ReasonGzip, Value: err.Error()}
		}
		plain, err := io.ReadAll(io.LimitReader(zr, maxDecompressed+1))
		if err != nil {
			return &obs.FileError{Reason: obs.ReasonGzip, Value: err.Error()}
		}
		if len(plain) > maxDecompressed {
			return &obs.FileError{Reason: obs.ReasonTooLarge, Value: strconv.Itoa(maxDecompressed) + " bytes"}
		}
		if bytes.HasPrefix(plain, magicGzip) {
			return &obs.FileError{Reason: obs.ReasonGzip, Value: "nested gzip"}
		}
		return r.decode(ctx, plain, d)
	}
	switch {
	case bytes.HasPrefix(data, magicParquet):
		d.format = FormatParquet
		return r.decodeParquet(ctx, data, d)
	case bytes.HasPrefix(data, magicArrowFile), bytes.HasPrefix(data, magicArrowStream):
		d.format = FormatArrow
		return r.decodeArrow(ctx, data, d)
	case bytes.HasPrefix(data, magicZip):
		d.format = FormatXLSX
		t, err := readXLSX(data)
		if err != nil {
			return err
		}
		return r.decodeTable(ctx, t, d)
	case emission.IsHJ212(data):
		return r.decodeHJ212(ctx, data, d)
	case looksBinary(data):
		return &obs.FileError{Reason: obs.ReasonBinary}
	}
	d.format = FormatCSV
	text, enc, ferr := toUTF8(data)
	if ferr != nil {
		return ferr
	}
	d.encoding = enc
	return r.decodeText(ctx, text, d)
}

// firstLine returns the trimmed fields of the first line of text.
func firstLine(text []byte) []string {
	line := text
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, "\r")
	f, _ := obs.SplitCSV(line, nil)
	names := make([]string, len(f))
	for i, b := range f {
		names[i] = strings.TrimSpace(string(b))
	}
	return names
}

func (r *run) decodeText(ctx context.Context, text []byte, d *decoded) error {
	names := firstLine(text)
	switch {
	case wide.IsHeader(names):
		d.kind = KindAirWide
		reg, err := r.registry(ctx)
		if err != nil {
			return err
		}
		d.air, d.rj, err = wide.Decode(text, r.check(reg, d.only))
		return err
	case stationlist.IsHeader(names):
		d.kind = KindStationList
		var err error
		d.stations, d.rj, err = stationlist.Decode(text)
		return err
	case long.IsHeader(names):
		d.kind = KindAirLong
		reg, err := r.registry(ctx)
		if err != nil {
			return err
		}
		d.air, d.rj, err = long.DecodeCSV(text, r.check(reg, d.only))
		return err
	case emission.IsHeader(names), water.Detect(names) != "", incident.IsHeader(names):
		t, err := obs.TableFromCSV(text)
		if err != nil {
			return err
		}
		return r.decodeTable(ctx, t, d)
	}
	d.kind = KindUnknown
	return unknownHeader(names)
}

// decodeTable decodes the tabular kinds (emission, water, incidents) of a CSV file
// or a workbook's first sheet.
func (r *run) decodeTable(ctx context.Context, t *obs.Table, d *decoded) error {
	var err error
	switch kind := water.Detect(t.Header); {
	case emission.IsHeader(t.Header):
		return r.decodeEmissionTable(ctx, t, d)
	case kind != "":
		d.kind = kind
		chk, cerr := r.waterCheck(ctx, kind == water.KindSamples)
		if cerr != nil {
			return cerr
		}
		switch kind {
		case water.KindSites:
			d.sites, d.rj, err = water.DecodeSites(t)
		case water.KindSamples:
			if chk.RegistryEmpty {
				return &obs.FileError{Reason: obs.ReasonWaterRegistryAbsent}
			}
			d.water, d.rj, err = water.DecodeSamples(t, chk)
		case water.KindCNEMC:
			var ignored []string
			d.water, d.rj, ignored, err = water.DecodeCNEMC(t, chk)
			if len(ignored) > 0 {
				d.note = "columns not stored: " + strings.Join(ignored, ",")
			}
		}
		return err
	case incident.IsHeader(t.Header):
		d.kind, d.isIncidents = KindIncidents, true
		d.incidents, d.rj, err = incident.Decode(t, incident.Check{NowMicros: r.nowMicros()})
		return err
	}
	d.kind = KindUnknown
	return unknownHeader(t.Header)
}

func unknownHeader(names []string) *obs.FileError {
	h := strings.Join(names, ",")
	if r := []rune(h); len(r) > 120 {
		h = string(r[:120]) + "…"
	}
	return &obs.FileError{Reason: obs.ReasonUnknownHeader, Line: 1,
		Value: fmt.Sprintf("got %q (%d columns); %s", h, len(names), expected)}
}

// decodeRecords decodes Arrow record batches (only the long layout comes
// in columnar formats).
func (r *run) decodeRecords(ctx context.Context, rr array.RecordReader, d *decoded) error {
	names := make([]string, rr.Schema().NumFields())
	for i, f := range rr.Schema().Fields() {
		names[i] = f.Name
	}
	if !long.IsSchema(rr.Schema()) {
		d.kind = KindUnknown
		return unknownHeader(names)
	}
	d.kind = KindAirLong
	reg, err := r.registry(ctx)
	if err != nil {
		return err
	}
	d.air, d.rj, err = long.DecodeRecords(rr, r.check(reg, d.only))
	return err
}

// decodeArrow reads Arrow IPC, file ("ARROW1") or stream format.
func (r *run) decodeArrow(ctx context.Context, data []byte, d *decoded) (err error) {
	defer func() { // the IPC reader may panic on corrupt metadata
		if p := recover(); p != nil {
			err = &obs.FileError{Reason: obs.ReasonArrow, Value: fmt.Sprint(p)}
		}
	}()
	var schema *arrow.Schema
	var recs []arrow.RecordBatch
	defer func() {
		for _, rec := range recs {
			rec.Release()
		}
	}()
	if bytes.HasPrefix(data, magicArrowFile) {
		fr, err := ipc.NewFileReader(bytes.NewReader(data))
		if err != nil {
			return &obs.FileError{Reason: obs.ReasonArrow, Value: err.Error()}
		}
		defer fr.Close()
		schema = fr.Schema()
		for i := range fr.NumRecords() {
			rec, err := fr.RecordBatch(i)
			if err != nil {
				return &obs.FileError{Reason: obs.ReasonArrow, Value: err.Error()}
			}
			rec.Retain()
			recs = append(recs, rec)
		}
	} else {
		sr, err := ipc.NewReader(bytes.NewReader(data))
		if err != nil {
			return &obs.FileError{Reason: obs.ReasonArrow, Value: err.Error()}
		}
		defer sr.Release()
		schema = sr.Schema()
		for sr.Next() {
			rec := sr.RecordBatch()
			rec.Retain()
			recs = append(recs, rec)
		}
		if err := sr.Err(); err != nil && !errors.Is(err, io.EOF) {
			return &obs.FileError{Reason: obs.ReasonArrow, Value: err.Error()}
		}
	}
	rr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		return &obs.FileError{Reason: obs.ReasonArrow, Value: err.Error()}
	}
	defer rr.Release()
	return r.decodeRecords(ctx, rr, d)
}

// decodeParquet reads Parquet through DuckDB's reader (from a temporary
// copy of the bytes) and decodes its Arrow result.
func (r *run) decodeParquet(ctx context.Context, data []byte, d *decoded) error {
	if len(data) < 12 || !bytes.HasSuffix(data, magicParquet) {
		return &obs.FileError{Reason: obs.ReasonParquet, Value: "truncated: no footer"}
	}
	f, err := os.CreateTemp("", "envdisclose-ingest-*.parquet")
	if err != nil {
		return fmt.Errorf("temporary parquet copy: %w", err)
	}
	defer os.Remove(f.Name())
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("temporary parquet copy: %w", werr)
	}
	q, err := ingestsql.Statement("read_parquet")
	if err != nil {
		return err
	}
	var decErr error
	err = r.st.Raw(ctx, func(_ *sql.Conn, dc driver.Conn) error {
		return queryArrow(ctx, dc, q, func(rr array.RecordReader) error {
			decErr = r.decodeRecords(ctx, rr, d)
			return nil
		}, f.Name())
	})
	if err != nil {
		msg := err.Error()
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return &obs.FileError{Reason: obs.ReasonParquet, Value: msg}
	}
	return decErr
}
