package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/envdisclose/envdisclose/store"
)

// seedSmallRegistry loads testdata/stations_small.csv (1001A..1003A).
func seedSmallRegistry(t *testing.T, st *store.Store) {
	t.Helper()
	s, err := Paths(context.Background(), st, []string{filepath.Join("testdata", "stations_small.csv")}, testOpts())
	if err != nil || s[0].Entry.Outcome != store.OutcomeAccepted {
		t.Fatalf("seed registry: %v %+v", err, s)
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		file     string
		outcome  string
		reason   string // the first reject's reason ("" = no reject)
		line     int64
		field    string
		accepted int64
	}{
		{"empty.csv", store.OutcomeRejected, "empty file", 0, "", 0},
		{"header_only.csv", store.OutcomeRejected, "no data rows", 0, "", 0},
		{"unknown_header.csv", store.OutcomeRejected, "unrecognised header", 1, "", 0},
		{"binary_junk.bin", store.OutcomeRejected, "binary content, not CSV, Parquet or Arrow IPC", 0, "", 0},
		{"truncated.parquet", store.OutcomeRejected, "unreadable Parquet file", 0, "", 0},
		{"truncated.arrow", store.OutcomeRejected, "unreadable Arrow IPC data", 0, "", 0},
		{"truncated.csv.gz", store.OutcomeRejected, "unreadable gzip data", 0, "", 0},
		{"invalid_text.csv", store.OutcomeRejected, "text is neither valid UTF-8 nor valid GB18030", 0, "", 0},
		{"mixed_encoding.csv", store.OutcomeRejected, "mixed text encodings (UTF-8 and GB18030 lines)", 0, "", 0},
		{"missing_time_column.csv", store.OutcomeRejected, "missing required column", 1, "time", 0},
		{"wrong_column_count.csv", store.OutcomePartial, "wrong column count", 3, "", 1},
		{"bad_quoting.csv", store.OutcomePartial, "malformed CSV quoting", 3, "", 1},
		{"non_numeric.csv", store.OutcomePartial, "not a number", 3, "pm25", 1},
		{"negative.csv", store.OutcomePartial, "negative value", 3, "pm25", 1},
		{"beyond_range.csv", store.OutcomePartial, "beyond physical range", 3, "co", 1},
		{"bad_time.csv", store.OutcomePartial, "bad time", 3, "time", 1},
		{"not_on_hour.csv", store.OutcomePartial, "time not on the hour", 3, "time", 1},
		{"future.csv", store.OutcomePartial, "time in the future", 3, "time", 1},
		{"unknown_station.csv", store.OutcomePartial, "unknown station", 3, "station_code", 1},
		{"duplicate_station_hour.csv", store.OutcomePartial, "duplicate station-hour in file", 3, "station_code", 1},
		{"bom_utf8.csv", store.OutcomeAccepted, "", 0, "", 1},
		{"crlf.csv", store.OutcomeAccepted, "", 0, "", 1},
		{"wide_hour_24.csv", store.OutcomePartial, "hour outside 0-23", 3, "hour", 2},
		{"wide_bad_date.csv", store.OutcomePartial, "bad date", 3, "date", 2},
		{"wide_unknown_type.csv", store.OutcomePartial, "unknown type", 3, "type", 2},
		{"wide_duplicate_type.csv", store.OutcomePartial, "duplicate hour and type in file", 3, "type", 2},
		{"wide_aqi_fraction.csv", store.OutcomePartial, "AQI not an integer", 2, "1002A", 1},
		{"wide_unknown_station.csv", store.OutcomePartial, "unknown station", 1, "9999Z", 2},
		{"stationlist_gbk_bad_flag.csv", store.OutcomePartial, "control flag not Y or N", 3, "对照点", 1},
		// water and incidents (water sites W001, W002 from ../water_sites_small.csv)
		{"xlsx_not_workbook.xlsx", store.OutcomeRejected, "unreadable XLSX workbook", 0, "", 0},
		{"xlsx_no_sheets.xlsx", store.OutcomeRejected, "workbook has no sheets", 0, "", 0},
		{"water_unknown_unit.csv", store.OutcomePartial, "unknown unit", 3, "unit", 1},
		{"water_nd_without_dl.csv", store.OutcomePartial, "not detected, no detection limit", 3, "value", 1},
		{"water_ph_15.csv", store.OutcomePartial, "pH outside 0-14", 3, "value", 1},
		{"water_unknown_site.csv", store.OutcomePartial, "unknown site", 3, "site_code", 1},
		{"water_duplicate.csv", store.OutcomePartial, "duplicate site, time and parameter in file", 3, "site_code", 1},
		{"water_unknown_parameter.csv", store.OutcomePartial, "unknown parameter", 3, "parameter", 1},
		{"water_samples_gbk.csv", store.OutcomeAccepted, "", 0, "", 1},
		{"water_sites_bad_body.csv", store.OutcomePartial, "water body not river or lake", 3, "水体类型", 1},
		{"cnemc_bad_class.csv", store.OutcomePartial, "unknown water class", 3, "水质类别", 2},
		{"incident_reported_before.csv", store.OutcomePartial, "reported before it occurred", 3, "报告时间", 1},
		{"incident_loss_text.csv", store.OutcomePartial, "not a number", 3, "直接经济损失(万元)", 1},
		{"incident_unknown_level.csv", store.OutcomePartial, "unknown incident level", 3, "事件级别", 1},
		{"incident_negative.csv", store.OutcomePartial, "negative value", 3, "死亡人数", 1},
		{"incident_duplicate_id.csv", store.OutcomePartial, "duplicate incident id in file", 3, "事件编号", 1},
		{"incident_bad_date.csv", store.OutcomePartial, "bad date", 3, "发生时间", 1},
		{"incident_missing_county.csv", store.OutcomeRejected, "missing required column", 1, "county", 0},
		// key-polluter emission values (Ningxia roster, see seedPolluters)
		{"emission_unknown_enterprise.csv", store.OutcomePartial, "unknown enterprise", 3, "enterprise", 1},
		{"emission_unknown_outlet.csv", store.OutcomePartial, "unknown outlet", 3, "outlet", 1},
		{"emission_outlet_enterprise.csv", store.OutcomePartial, "outlet not of that enterprise", 3, "outlet", 1},
		{"emission_unknown_pollutant.csv", store.OutcomePartial, "unknown pollutant", 3, "pollutant", 1},
		{"emission_medium.csv", store.OutcomePartial, "pollutant of another medium than the outlet", 3, "pollutant", 1},
		{"emission_bad_flag.csv", store.OutcomePartial, "data flag not one of N F M S D C T B", 3, "flag", 1},
		{"emission_negative.csv", store.OutcomePartial, "negative value", 3, "value", 1},
		{"emission_non_numeric.csv", store.OutcomePartial, "not a number", 3, "converted_value", 1},
		{"emission_future.csv", store.OutcomePartial, "time in the future", 3, "time", 1},
		{"emission_duplicate.csv", store.OutcomePartial, "duplicate outlet, pollutant and time in file", 3, "outlet", 1},
		{"emission_missing_value.csv", store.OutcomePartial, "no value (and flag N)", 3, "value", 1},
		{"emission_missing_time.csv", store.OutcomeRejected, "missing required column", 1, "time", 0},
		{"emission_gbk.csv", store.OutcomeAccepted, "", 0, "", 1},
		{"hj212_bad_crc.hj212", store.OutcomePartial, "HJ 212 CRC mismatch", 2, "CRC", 1},
		{"hj212_truncated.hj212", store.OutcomePartial, "truncated HJ 212 message", 2, "", 1},
		{"hj212_bad_length.hj212", store.OutcomePartial, "HJ 212 length field wrong", 2, "length", 1},
		{"hj212_unknown_mn.hj212", store.OutcomePartial, "unknown MN", 2, "MN", 1},
		{"hj212_duplicate.hj212", store.OutcomePartial, "duplicate message", 2, "MN", 1},
		{"hj212_unknown_code.hj212", store.OutcomePartial, "unknown pollutant", 2, "a99999", 2},
		{"hj212_future.hj212", store.OutcomePartial, "time in the future", 2, "DataTime", 1},
		{"hj212_negative.hj212", store.OutcomePartial, "negative value", 2, "a21026", 1},
		{"hj212_no_data.hj212", store.OutcomeRejected, "no HJ 212 data messages (CN 2011, 2051, 2061, 2031)", 0, "", 0},
	}
	st := openStore(t)
	seedSmallRegistry(t, st)
	seedPolluters(t, st)
	ctx := context.Background()
	if s, err := Paths(ctx, st, []string{filepath.Join("testdata", "water_sites_small.csv")}, testOpts()); err != nil ||
		s[0].Entry.Outcome != store.OutcomeAccepted || s[0].Entry.Kind != KindWaterSites {
		t.Fatalf("seed water sites: %v %+v", err, s)
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "malformed", c.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Bytes(ctx, st, c.file, data, testOpts())
			if err != nil {
				t.Fatal(err)
			}
			e := s.Entry
			if e.Outcome != c.outcome || e.RowsAccepted != c.accepted {
				t.Fatalf("outcome %s accepted %d, want %s %d (message %q)", e.Outcome, e.RowsAccepted, c.outcome, c.accepted, e.Message)
			}
			rj, err := st.Rejects(ctx, e.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if c.reason == "" {
				if len(rj) != 0 {
					t.Fatalf("unexpected rejects %+v", rj)
				}
				return
			}
			if len(rj) == 0 {
				t.Fatalf("no reject, want %q", c.reason)
			}
			if rj[0].Reason != c.reason || rj[0].Line != c.line || rj[0].Field != c.field {
				t.Fatalf("reject %+v, want reason %q line %d field %q", rj[0], c.reason, c.line, c.field)
			}
			if len(s.Reasons) == 0 || s.Reasons[0].Reason != c.reason {
				t.Fatalf("summary reasons %+v", s.Reasons)
			}
			t.Logf("%s: %s", c.file, e.Message)
		})
	}
}
