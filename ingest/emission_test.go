package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/envdisclose/envdisclose/ingest/emission"
	"github.com/envdisclose/envdisclose/ingest/hj212"
	"github.com/envdisclose/envdisclose/internal/sample"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
)

// Outlets of the real Ningxia roster used by the emission tests.
const (
	// 宁夏赛马水泥有限公司, gas: pm 20, nox 320, so2 100 mg/m³ hourly, converted.
	entG1, outG1, mnG1 = "91640000054603712K", "91640000054603712K-01", "88888880000001"
	// 宁夏申银特钢股份有限公司, gas: nox 300, so2 180, pm 40.
	entG2, outG2, mnG2 = "640200200001404200", "640200200001404200-01", "88888880000002"
	// 宁夏王洼煤业有限公司, water: cod 50, nh3n 5 mg/L daily, measured.
	entW1, outW1, mnW1 = "91640000227682333U", "91640000227682333U-01", "88888880000003"
)

// seedPolluters loads the bundled Ningxia roster (it has no MN) and gives
// three outlets an MN.
func seedPolluters(t testing.TB, st *store.Store) {
	t.Helper()
	dir := t.TempDir()
	if _, err := sample.WritePolluters(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := polluter.LoadRoster(context.Background(), st, dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]string{{outG1, mnG1}, {outG2, mnG2}, {outW1, mnW1}} {
		if _, err := st.DB.Exec(`UPDATE outlet SET mn = ? WHERE outlet_code = ? AND valid_to IS NULL`, p[1], p[0]); err != nil {
			t.Fatal(err)
		}
	}
}

func ingestBytes(t testing.TB, st *store.Store, name string, data []byte) Summary {
	t.Helper()
	s, err := Bytes(context.Background(), st, name, data, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rejectsOf(t testing.TB, st *store.Store, id int64) []store.Reject {
	t.Helper()
	rj, err := st.Rejects(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rj
}

// checkRejects compares the rejects' "line:reason" list.
func checkRejects(t testing.TB, got []store.Reject, want []string) {
	t.Helper()
	var g []string
	for _, r := range got {
		g = append(g, fmt.Sprintf("%d:%s", r.Line, r.Reason))
	}
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rejects:\n%s\nwant:\n%s\n(%+v)", strings.Join(g, "\n"), strings.Join(want, "\n"), got)
	}
}

const emissionCSV = `enterprise,outlet,pollutant,time,value,converted_value,flow,flag
91640000054603712K,91640000054603712K-01,二氧化硫,2024-03-05 10:00,80,95.5,350000,N
宁夏赛马水泥有限公司,91640000054603712K-01,a21002,2024-03-05 10:00,200,250,350000,
91640000054603712K,88888880000001,PM,2024-03-05 10:00,12,15,,M
91640000054603712K,91640000054603712K-01,so2,2024-03-05 11:00,90,120,360000,N
91640000227682333U,91640000227682333U-01,COD,2024-03-05 10:00,30,,12.5,N
91640000054603712K,91640000054603712K-01,氧气含量,2024-03-05 10:00,8.5,,,N
XYZ,91640000054603712K-01,so2,2024-03-05 12:00,1,1,,N
91640000054603712K,NOPE-01,so2,2024-03-05 12:00,1,1,,N
91640000227682333U,91640000054603712K-01,so2,2024-03-05 12:00,1,1,,N
91640000054603712K,91640000054603712K-01,benzene,2024-03-05 12:00,1,1,,N
91640000054603712K,91640000054603712K-01,cod,2024-03-05 12:00,1,1,,N
91640000054603712K,91640000054603712K-01,so2,2024-03-05 12:00,abc,1,,N
91640000054603712K,91640000054603712K-01,so2,2024-03-05 12:00,-1,1,,N
91640000054603712K,91640000054603712K-01,so2,2024-03-05 12:00,1,1,,X
91640000054603712K,91640000054603712K-01,so2,2030-03-05 12:00,1,1,,N
91640000054603712K,91640000054603712K-01,so2,2024-03-05 10:00,1,1,,N
91640000054603712K,91640000054603712K-01,so2,2024-03-05 12:30,1,1,,N
`

var emissionCSVRejects = []string{
	"8:unknown enterprise",
	"9:unknown outlet",
	"10:outlet not of that enterprise",
	"11:unknown pollutant",
	"12:pollutant of another medium than the outlet",
	"13:not a number",
	"14:negative value",
	"15:data flag not one of N F M S D C T B",
	"16:time in the future",
	"17:duplicate outlet, pollutant and time in file",
	"18:time not on the hour",
}

func TestEmissionCSV(t *testing.T) {
	st := openStore(t)
	seedPolluters(t, st)
	s := ingestBytes(t, st, "emission.csv", []byte(emissionCSV))
	e := s.Entry
	if e.Kind != KindEmissionHourly || e.Outcome != store.OutcomePartial || e.RowsAccepted != 6 || e.RowsRejected != 11 {
		t.Fatalf("entry %+v", e)
	}
	checkRejects(t, rejectsOf(t, st, e.ID), emissionCSVRejects)
	if !strings.Contains(e.Message, "91640000054603712K-01/o2") {
		t.Errorf("message should note o2 without a limit: %q", e.Message)
	}
	// the values as stored
	var flag string
	var v, conv, flow float64
	if err := st.DB.QueryRow(`SELECT flag, value, converted_value, flow FROM emission_value
		WHERE outlet_code = ? AND pollutant = 'nox' AND time = TIMESTAMP '2024-03-05 10:00' AND period = 'hour'`, outG1).
		Scan(&flag, &v, &conv, &flow); err != nil {
		t.Fatal(err)
	}
	if flag != "N" || v != 200 || conv != 250 || flow != 350000 {
		t.Fatalf("nox row %s %v %v %v", flag, v, conv, flow)
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value WHERE pollutant = 'pm' AND flag = 'M' AND flow IS NULL`); n != 1 {
		t.Fatalf("pm row (by MN, flag M, no flow): %d", n)
	}
	if n := count(t, st, `SELECT count(*) FROM dirty_day WHERE dataset = 'emission' AND day = DATE '2024-03-05'`); n == 0 {
		t.Fatal("no dirty day")
	}

	// A corrected file supersedes one value and adds one.
	fix := "enterprise,outlet,pollutant,time,value,converted_value\n" +
		"91640000054603712K,91640000054603712K-01,so2,2024-03-05 11:00,70,85\n" +
		"91640000054603712K,91640000054603712K-01,so2,2024-03-05 12:00,70,85\n"
	s = ingestBytes(t, st, "fix.csv", []byte(fix))
	if e := s.Entry; e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 2 || e.RowsSuperseded != 1 {
		t.Fatalf("fix %+v", e)
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value_superseded WHERE converted_value = 120 AND superseded_by = ?`, s.Entry.ID); n != 1 {
		t.Fatalf("superseded rows %d", n)
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value WHERE outlet_code = ? AND pollutant = 'so2'`, outG1); n != 3 {
		t.Fatalf("current so2 rows %d", n)
	}
	// the same bytes again: nothing
	if s := ingestBytes(t, st, "fix-again.csv", []byte(fix)); !s.Duplicate {
		t.Fatalf("second fix not a duplicate: %+v", s)
	}
}

// TestEmissionXLSX lands a workbook in GBK-free Chinese headers, with date
// cells (Excel serial numbers), and supersedes the CSV's values.
func TestEmissionXLSX(t *testing.T) {
	st := openStore(t)
	seedPolluters(t, st)
	ingestBytes(t, st, "emission.csv", []byte(emissionCSV))
	f := excelize.NewFile()
	rows := [][]any{
		{"统一社会信用代码", "排放口编码", "污染物", "监测时间", "实测浓度", "折算浓度", "流量(m³/h)", "数据标记"},
		{entG1, outG1, "二氧化硫", time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC), 81.5, 96, 350000, "N"},
		{entG1, outG1, "NOx", time.Date(2024, 3, 5, 13, 0, 0, 0, time.UTC), 200, 250, 350000, "C"},
		{entW1, outW1, "氨氮", "2024-03-05 13:00", 2.5, nil, nil, nil},
		{entW1, outW1, "氨氮", "2024-03-05 13:00", 2.5, nil, nil, nil},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	s := ingestBytes(t, st, "emission.xlsx", buf.Bytes())
	e := s.Entry
	if e.Kind != KindEmissionHourly || e.Format != FormatXLSX || e.Outcome != store.OutcomePartial ||
		e.RowsAccepted != 3 || e.RowsSuperseded != 1 || e.RowsRejected != 1 {
		t.Fatalf("entry %+v", e)
	}
	checkRejects(t, rejectsOf(t, st, e.ID), []string{"5:duplicate outlet, pollutant and time in file"})
	if n := count(t, st, `SELECT count(*) FROM emission_value WHERE outlet_code = ? AND pollutant = 'so2'
		AND time = TIMESTAMP '2024-03-05 10:00' AND value = 81.5 AND converted_value = 96`, outG1); n != 1 {
		t.Fatal("serial date cell not landed at 10:00")
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value WHERE outlet_code = ? AND pollutant = 'nh3n' AND flag = 'N'`, outW1); n != 1 {
		t.Fatal("nh3n with empty flag not landed as N")
	}
}

// msgAt builds an hourly (or other CN) message.
func msgAt(mn, cn string, start time.Time, ps ...hj212.Pollutant) hj212.Message {
	st := hj212.STWasteGas
	if mn == mnW1 {
		st = hj212.STWasteWater
	}
	return hj212.Message{QN: start.Format("20060102150405") + "000", ST: st, CN: cn, PW: "123456", MN: mn,
		Flag: hj212.Flag2017, HasFlag: true, DataTime: start, Pollutants: ps}
}

func gasP(code string, avg, zs float64, flag string) hj212.Pollutant {
	return hj212.Pollutant{Code: code, Avg: hj212.Val(avg), ZsAvg: hj212.Val(zs), Flag: flag}
}

func cst(d, h, m int) time.Time { return time.Date(2024, 3, d, h, m, 0, 0, hj212.CST) }

// hj212File builds the test file: good hourly, daily, minute and
// real-time messages and the bad ones; it returns the file and its
// expected rejects.
func hj212File(t testing.TB) ([]byte, []string) {
	var b bytes.Buffer
	line := 0
	add := func(frame []byte) {
		b.Write(frame)
		line++
	}
	enc := func(m hj212.Message) []byte {
		f, err := hj212.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	flow := hj212.Pollutant{Code: "a00000", Avg: hj212.Val(100), Flag: "N"} // m³/s -> 360,000 m³/h
	// 1-4: G1 hours starting 09:00..12:00 (labels 10:00..13:00); so2 converted 150 > 100 at 10:00 start.
	for h, so2 := range []float64{60, 150, 70, 80} {
		flag := "N"
		if h == 3 {
			flag = "M"
		}
		add(enc(msgAt(mnG1, hj212.CNHourly, cst(5, 9+h, 0),
			gasP("a21026", so2*0.8, so2, flag), gasP("a21002", 200, 250, "N"), gasP("a34013", 8, 10, "N"),
			hj212.Pollutant{Code: "a19001", Avg: hj212.Val(8.5), Flag: "N"},
			hj212.Pollutant{Code: "a01012", Avg: hj212.Val(120), Flag: "N"}, flow)))
	}
	var want []string
	// 5: bad CRC
	f := enc(msgAt(mnG1, hj212.CNHourly, cst(5, 13, 0), gasP("a21026", 1, 1, "N")))
	i := bytes.LastIndex(f, []byte("\r\n"))
	copy(f[i-4:], "0000")
	add(f)
	want = append(want, "5:HJ 212 CRC mismatch")
	// 6: truncated (cut in the middle, the next message follows on the next line)
	f = enc(msgAt(mnG1, hj212.CNHourly, cst(5, 14, 0), gasP("a21026", 1, 1, "N")))
	b.Write(f[:len(f)/2])
	b.WriteString("\r\n")
	line++
	want = append(want, "6:truncated HJ 212 message")
	// 7: wrong length field (CRC right)
	f = enc(msgAt(mnG1, hj212.CNHourly, cst(5, 15, 0), gasP("a21026", 1, 1, "N")))
	n := len(f) - 6 - 4 - 2
	copy(f[2:6], fmt.Sprintf("%04d", n+3))
	add(f)
	want = append(want, "7:HJ 212 length field wrong")
	// 8: unknown MN
	add(enc(msgAt("99999990000009", hj212.CNHourly, cst(5, 9, 0), gasP("a21026", 1, 1, "N"))))
	want = append(want, "8:unknown MN")
	// 9: duplicate of line 1 (different values): refused, the first kept
	add(enc(msgAt(mnG1, hj212.CNHourly, cst(5, 9, 0), gasP("a21026", 1, 1, "N"))))
	want = append(want, "9:duplicate message")
	// 10: G2 with a 2005 code (02 = so2, no flag), an unknown code and a bad flag
	add(enc(msgAt(mnG2, hj212.CNHourly, cst(5, 9, 0),
		hj212.Pollutant{Code: "02", Avg: hj212.Val(50), ZsAvg: hj212.Val(55)},
		gasP("a99999", 1, 1, "N"), gasP("a21002", 100, 110, "Q"))))
	want = append(want, "10:data flag not one of N F M S D C T B", "10:unknown pollutant") // ordered by line, field
	// 11: a data answer (not data): skipped
	add(enc(hj212.Message{QN: "20240305100000000", ST: "91", CN: hj212.CNDataAnswer, MN: mnG1, Flag: 4, HasFlag: true}))
	// 12: G1 minute data (DataTime as sent) and 13: real time (Rtd / ZsRtd)
	add(enc(msgAt(mnG1, hj212.CNMinute, cst(5, 9, 10), gasP("a21026", 50, 60, "N"))))
	add(enc(msgAt(mnG1, hj212.CNRealtime, cst(5, 9, 10),
		hj212.Pollutant{Code: "a21026", Rtd: hj212.Val(51), ZsRtd: hj212.Val(61), Flag: "N"})))
	// 14: W1 daily (CN 2031) for 5 March: stored at 6 March 00:00, period day
	add(enc(msgAt(mnW1, hj212.CNDaily, cst(5, 0, 0),
		hj212.Pollutant{Code: "w01018", Avg: hj212.Val(60), Flag: "N"},
		hj212.Pollutant{Code: "w00000", Avg: hj212.Val(10), Flag: "N"})))
	// 15-38: W1 hours of 5 March, cod 60 mg/L (daily limit 50), flow 10 L/s
	for h := range 24 {
		add(enc(msgAt(mnW1, hj212.CNHourly, cst(5, h, 0),
			hj212.Pollutant{Code: "w01018", Avg: hj212.Val(60), Flag: "N"},
			hj212.Pollutant{Code: "w21003", Avg: hj212.Val(1.5), Flag: "N"},
			hj212.Pollutant{Code: "w00000", Avg: hj212.Val(10), Flag: "N"})))
	}
	// 39: a gas code at the water outlet; 40: an hour not on the hour
	add(enc(msgAt(mnW1, hj212.CNHourly, cst(6, 0, 0), gasP("a21026", 1, 1, "N"))))
	want = append(want, "39:pollutant of another medium than the outlet")
	add(enc(msgAt(mnW1, hj212.CNHourly, cst(6, 1, 30), hj212.Pollutant{Code: "w01018", Avg: hj212.Val(1), Flag: "N"})))
	want = append(want, "40:time not on the hour")
	if line != 40 {
		t.Fatalf("built %d lines", line)
	}
	return b.Bytes(), want
}

func TestEmissionHJ212(t *testing.T) {
	st := openStore(t)
	seedPolluters(t, st)
	data, want := hj212File(t)
	s := ingestBytes(t, st, "device.log", data)
	e := s.Entry
	// G1 4 hours × (so2, nox, pm, o2) + G2 1 + minute 1 + realtime 1 + W1 day 1 + 24 × 2
	if e.Kind != KindHJ212 || e.Format != FormatHJ212 || e.Outcome != store.OutcomePartial || e.RowsAccepted != 16+1+1+1+1+48 {
		t.Fatalf("entry %+v", e)
	}
	checkRejects(t, rejectsOf(t, st, e.ID), want)
	if e.RowsRejected != int64(len(want)) {
		t.Fatalf("rows_rejected %d, want %d", e.RowsRejected, len(want))
	}
	if !strings.Contains(e.Message, "a01012×4") || !strings.Contains(e.Message, "CN 9014×1") {
		t.Errorf("message %q", e.Message)
	}
	type row struct {
		outlet, pol, period, time, flag string
		v, conv, flow                   any
	}
	got := map[string]row{}
	rs, err := st.DB.Query(`SELECT outlet_code, pollutant, period, strftime(time, '%Y-%m-%d %H:%M'), flag, value, converted_value, flow FROM emission_value`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.outlet, &r.pol, &r.period, &r.time, &r.flag, &r.v, &r.conv, &r.flow); err != nil {
			t.Fatal(err)
		}
		got[r.outlet+" "+r.pol+" "+r.period+" "+r.time] = r
	}
	rs.Close()
	num := func(a any) float64 {
		if f, ok := a.(float64); ok {
			return f
		}
		return math.NaN()
	}
	for _, c := range []struct {
		key           string
		flag          string
		v, conv, flow float64 // NaN = NULL
	}{
		{outG1 + " so2 hour 2024-03-05 10:00", "N", 48, 60, 360000}, // DataTime 09:00 -> 10:00; first of the duplicates
		{outG1 + " so2 hour 2024-03-05 11:00", "N", 120, 150, 360000},
		{outG1 + " so2 hour 2024-03-05 13:00", "M", 64, 80, 360000},
		{outG1 + " o2 hour 2024-03-05 13:00", "N", 8.5, math.NaN(), 360000},
		{outG2 + " so2 hour 2024-03-05 10:00", "N", 50, 55, math.NaN()}, // 2005 code, no flag -> N
		{outG1 + " so2 minute 2024-03-05 09:10", "N", 50, 60, math.NaN()},
		{outG1 + " so2 realtime 2024-03-05 09:10", "N", 51, 61, math.NaN()},
		{outW1 + " cod day 2024-03-06 00:00", "N", 60, math.NaN(), 36},
		{outW1 + " cod hour 2024-03-05 01:00", "N", 60, math.NaN(), 36},
		{outW1 + " nh3n hour 2024-03-06 00:00", "N", 1.5, math.NaN(), 36},
	} {
		r, ok := got[c.key]
		if !ok {
			t.Errorf("missing %s", c.key)
			continue
		}
		same := func(a, b float64) bool { return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-9 }
		if r.flag != c.flag || !same(num(r.v), c.v) || !same(num(r.conv), c.conv) || !same(num(r.flow), c.flow) {
			t.Errorf("%s: %+v, want flag %s %v %v %v", c.key, r, c.flag, c.v, c.conv, c.flow)
		}
	}
	if _, ok := got[outG2+" nox hour 2024-03-05 10:00"]; ok {
		t.Error("nox with a bad flag landed")
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value WHERE time >= TIMESTAMP '2024-03-05 14:00' AND period = 'hour' AND outlet_code <> ?`, outW1); n != 0 {
		t.Errorf("%d values of refused messages landed", n)
	}

	// The same file again is a no-op.
	if s := ingestBytes(t, st, "device-copy.log", data); !s.Duplicate {
		t.Fatalf("same bytes not a duplicate: %+v", s.Entry)
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value`); n != e.RowsAccepted {
		t.Fatalf("%d values after the duplicate, want %d", n, e.RowsAccepted)
	}

	// The transform finds the planted exceedances: G1 so2 converted 150 >
	// 100 in the hour ending 11:00, and W1 cod 60 > 50 on the day 5 March.
	rep, err := polluter.Run(context.Background(), st, polluter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ExceedHours != 1 {
		t.Errorf("exceed hours %d, want 1", rep.ExceedHours)
	}
	var mult float64
	if err := st.DB.QueryRow(`SELECT multiple FROM emission_hour_eval WHERE exceeds AND outlet_code = ? AND pollutant = 'so2'
		AND time = TIMESTAMP '2024-03-05 11:00'`, outG1).Scan(&mult); err != nil || mult != 0.5 {
		t.Errorf("so2 exceedance: %v %v", mult, err)
	}
	var valid, exceeds bool
	var hours int
	if err := st.DB.QueryRow(`SELECT day_valid, exceeds_daily, hours_received FROM emission_day WHERE outlet_code = ? AND pollutant = 'cod' AND day = DATE '2024-03-05'`, outW1).
		Scan(&valid, &exceeds, &hours); err != nil || !valid || !exceeds || hours != 24 {
		t.Errorf("cod day: valid %v exceeds %v hours %d err %v", valid, exceeds, hours, err)
	}
	if n := count(t, st, `SELECT count(*) FROM polluter_noncompliant_month WHERE month = DATE '2024-03-01' AND outlet_code IN (?, ?)`, outG1, outW1); n != 2 {
		t.Errorf("noncompliant rows %d, want 2", n)
	}
}

// TestGenerateHJ212 ingests two generated days of the three outlets.
func TestGenerateHJ212(t *testing.T) {
	st := openStore(t)
	seedPolluters(t, st)
	specs := []emission.OutletSpec{
		{MN: mnG1, Medium: "gas", Pollutants: []emission.PollutantSpec{{Code: "a21026", Limit: 100}, {Code: "a21002", Limit: 320}, {Code: "a34013", Limit: 20}}},
		{MN: mnW1, Medium: "water", Pollutants: []emission.PollutantSpec{{Code: "w01018", Limit: 50}, {Code: "w21003", Base: 2}}},
	}
	var buf bytes.Buffer
	n, err := emission.GenerateHJ212(&buf, specs, cst(1, 0, 0), cst(3, 0, 0), 7)
	if err != nil || n != 96 {
		t.Fatalf("generated %d messages: %v", n, err)
	}
	var again bytes.Buffer
	if _, err := emission.GenerateHJ212(&again, specs, cst(1, 0, 0), cst(3, 0, 0), 7); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("not deterministic")
	}
	s := ingestBytes(t, st, "gen.hj212", buf.Bytes())
	// gas: 3 pollutants + o2, water 2, per hour
	if e := s.Entry; e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 48*4+48*2 {
		t.Fatalf("entry %+v", e)
	}
	if n := count(t, st, `SELECT count(*) FROM emission_value WHERE time = TIMESTAMP '2024-03-01 01:00' AND outlet_code = ?`, outG1); n != 4 {
		t.Fatalf("first hour: %d values", n)
	}
	if _, err := polluter.Run(context.Background(), st, polluter.Options{}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, st, `SELECT count(*) FROM emission_day WHERE outlet_code IN (?, ?) AND hours_received = 24`, outG1, outW1); n == 0 {
		t.Fatal("no complete day evaluated")
	}
}

func TestIsHJ212(t *testing.T) {
	for s, want := range map[string]bool{
		"##0100QN=":          true,
		"\r\n  ##0012abc":    true,
		"\xef\xbb\xbf##0001": true,
		"#0100":              false,
		"##01a0":             false,
		"outlet,pollutant":   false,
	} {
		if got := emission.IsHJ212([]byte(s)); got != want {
			t.Errorf("IsHJ212(%q) = %v", s, got)
		}
	}
}
