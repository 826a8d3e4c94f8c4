package hj212

import (
	"strings"
	"testing"
	"time"
)

// The example the 2017 standard gives for its CRC (quoted at
// https://www.cnblogs.com/axin85/p/12002363.html).
const stdExampleSeg = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"

func TestCRCStandardExample(t *testing.T) {
	if got := CRC16([]byte(stdExampleSeg)); got != 0x1C80 {
		t.Fatalf("CRC16 = %04X, want 1C80", got)
	}
	if len(stdExampleSeg) != 101 {
		t.Fatalf("example length %d, want 101 (##0101)", len(stdExampleSeg))
	}
	m, err := Parse([]byte("##0101" + stdExampleSeg + "1C80\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.CN != "1062" || m.ST != STWasteWater || !m.NeedsAnswer() || m.Version() != Version2017 || m.MN != "010000A8900016F000169DC0" {
		t.Errorf("unexpected header: %+v", m)
	}
	if v, ok := m.Param("RtdInterval"); !ok || v != "30" {
		t.Errorf("RtdInterval = %q, %v", v, ok)
	}
	if qt, ok := m.QNTime(); !ok || !qt.Equal(time.Date(2016, 8, 1, 8, 58, 57, 223e6, CST)) {
		t.Errorf("QNTime = %v, %v", qt, ok)
	}
	// Lowercase hex is accepted.
	if _, err := Parse([]byte("##0101" + stdExampleSeg + "1c80")); err != nil {
		t.Errorf("lowercase CRC: %v", err)
	}
}

func TestCRCTableMatchesBitwise(t *testing.T) {
	bitwise := func(b []byte) uint16 {
		r := uint16(0xFFFF)
		for _, c := range b {
			r = (r >> 8) ^ uint16(c)
			for range 8 {
				lsb := r & 1
				r >>= 1
				if lsb != 0 {
					r ^= 0xA001
				}
			}
		}
		return r
	}
	for _, s := range []string{"", "a", stdExampleSeg, "\xff\x00\x80GBK\xd5\xfd"} {
		if CRC16([]byte(s)) != bitwise([]byte(s)) || crc16String(s) != bitwise([]byte(s)) {
			t.Errorf("table CRC differs from bitwise for %q", s)
		}
	}
}

func TestParseValid(t *testing.T) {
	dt := time.Date(2026, 3, 1, 12, 0, 0, 0, CST)
	tests := []struct {
		name  string
		seg   string
		check func(t *testing.T, m Message)
	}{{
		name: "2011 gas realtime with Zs and Flag",
		seg:  "QN=20260301120000123;ST=31;CN=2011;PW=123456;MN=88888880000001;Flag=5;CP=&&DataTime=20260301120000;a21026-Rtd=12.3,a21026-ZsRtd=15.1,a21026-Flag=N;a21002-Rtd=-0.5,a21002-Flag=D,a21002-EFlag=A1,a21002-SampleTime=20260301115900&&",
		check: func(t *testing.T, m Message) {
			if m.ST != STWasteGas || m.CN != CNRealtime || !m.NeedsAnswer() || m.Version() != Version2017 || !m.DataTime.Equal(dt) {
				t.Errorf("header: %+v", m)
			}
			if m.DataTime.Location() != CST {
				t.Errorf("DataTime zone %v, want CST", m.DataTime.Location())
			}
			so2 := m.Pollutant("a21026")
			if so2 == nil || so2.Rtd != Val(12.3) || so2.ZsRtd != Val(15.1) || so2.Flag != "N" || so2.Avg.Valid {
				t.Errorf("a21026 = %+v", so2)
			}
			nox := m.Pollutant("a21002")
			if nox == nil || nox.Rtd != Val(-0.5) || nox.Flag != DataFault || nox.EFlag != "A1" ||
				len(nox.Extra) != 1 || nox.Extra[0] != (Param{"SampleTime", "20260301115900"}) {
				t.Errorf("a21002 = %+v", nox)
			}
		},
	}, {
		name: "2051 water minute",
		seg:  "QN=20260301120500000;ST=32;CN=2051;PW=123456;MN=88888880000002;Flag=4;CP=&&DataTime=20260301120000;w01018-Avg=35.2,w01018-Min=30.1,w01018-Max=40.0,w01018-Cou=1.76,w01018-Flag=N;w21003-Avg=1.2,w21003-Flag=N&&",
		check: func(t *testing.T, m Message) {
			if m.ST != STWasteWater || m.CN != CNMinute || m.NeedsAnswer() || len(m.Pollutants) != 2 {
				t.Errorf("header: %+v", m)
			}
			cod := m.Pollutant("w01018")
			if cod.Avg != Val(35.2) || cod.Min != Val(30.1) || cod.Max != Val(40) || cod.Cou != Val(1.76) {
				t.Errorf("w01018 = %+v", cod)
			}
		},
	}, {
		name: "2061 gas hourly with ZsAvg, values split over groups",
		seg:  "QN=20260301130000000;ST=31;CN=2061;PW=123456;MN=88888880000001;Flag=4;CP=&&DataTime=20260301120000;a21026-Avg=12.3,a21026-ZsAvg=14.9;a21002-Avg=31;a21026-Flag=N&&",
		check: func(t *testing.T, m Message) {
			if len(m.Pollutants) != 2 || m.Pollutants[0].Code != "a21026" {
				t.Fatalf("pollutants: %+v", m.Pollutants)
			}
			if p := m.Pollutants[0]; p.ZsAvg != Val(14.9) || p.Flag != "N" {
				t.Errorf("a21026 = %+v", p)
			}
		},
	}, {
		name: "2031 water daily",
		seg:  "QN=20260302000000000;ST=32;CN=2031;PW=123456;MN=88888880000002;Flag=4;CP=&&DataTime=20260301000000;w21011-Avg=0.31,w21011-Cou=0.38,w21011-Flag=N&&",
		check: func(t *testing.T, m Message) {
			if m.CN != CNDaily || m.Pollutant("w21011").Cou != Val(0.38) {
				t.Errorf("%+v", m)
			}
		},
	}, {
		name: "2005 edition: no QN/Flag, 6-char MN, old codes, no -Flag",
		seg:  "ST=31;CN=2011;PW=123456;MN=630100;CP=&&DataTime=20200108143205;B02-Rtd=9.8;01-Rtd=20.1,01-ZsRtd=22.0;02-Rtd=40.5&&",
		check: func(t *testing.T, m Message) {
			if m.HasFlag || m.Version() != Version2005 || m.NeedsAnswer() || m.MN != "630100" || m.QN != "" {
				t.Errorf("header: %+v", m)
			}
			so2 := m.Pollutant("02")
			info, ok := so2.Info()
			if !ok || info.StdCode != "a21026" || info.Edition != "2005" || so2.Flag != "" {
				t.Errorf("02 → %+v %v", info, ok)
			}
		},
	}, {
		name: "subpackets",
		seg:  "QN=20260301130000000;ST=31;CN=2061;PW=123456;MN=88888880000001;Flag=7;PNUM=3;PNO=2;CP=&&DataTime=20260301120000;a21026-Avg=1&&",
		check: func(t *testing.T, m Message) {
			if !m.Subpacketed() || !m.NeedsAnswer() || m.PNUM != 3 || m.PNO != 2 {
				t.Errorf("%+v", m)
			}
		},
	}, {
		name: "GBK bytes in a field",
		seg:  "QN=20260301120000000;ST=32;CN=2011;PW=123456;MN=88888880000002;Flag=4;CP=&&DataTime=20260301120000;w01018-Rtd=35.2,w01018-Info=\xd5\xfd\xb3\xa3\xd4\xcb\xd0\xd0&&",
		check: func(t *testing.T, m Message) {
			p := m.Pollutant("w01018")
			if p == nil || len(p.Extra) != 1 || p.Extra[0].Value != "\xd5\xfd\xb3\xa3\xd4\xcb\xd0\xd0" {
				t.Errorf("%+v", p)
			}
		},
	}, {
		name: "unknown pollutant code and header field, non-numeric value, empty CP",
		seg:  "QN=1;ST=31;CN=2011;MN=X;Vendor=acme;CP=&&x99999-Rtd=1.5,a21026-Rtd=--&&",
		check: func(t *testing.T, m Message) {
			x := m.Pollutant("x99999")
			if _, ok := x.Info(); ok || x.Rtd != Val(1.5) {
				t.Errorf("x99999: %+v", x)
			}
			if _, ok := m.Pollutant("a21026").Info(); !ok {
				t.Errorf("a21026 should be known")
			}
			if p := m.Pollutant("a21026"); p.Rtd.Valid || len(p.Extra) != 1 || p.Extra[0] != (Param{"Rtd", "--"}) {
				t.Errorf("a21026: %+v", p)
			}
			if len(m.Extra) != 1 || m.Extra[0] != (Param{"Vendor", "acme"}) {
				t.Errorf("extra: %+v", m.Extra)
			}
			if _, ok := m.QNTime(); ok {
				t.Errorf("QN=1 should not be a time")
			}
		},
	}, {
		name: "data answer with empty CP",
		seg:  "QN=20260301120000123;ST=91;CN=9014;PW=123456;MN=88888880000001;Flag=4;CP=&&&&",
		check: func(t *testing.T, m Message) {
			if m.CN != CNDataAnswer || m.Pollutants != nil || !m.DataTime.IsZero() {
				t.Errorf("%+v", m)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, end := range []string{"\r\n", "\n", ""} {
				m, err := Parse(append(frameStr(t, tt.seg)[:len(tt.seg)+10], end...))
				if err != nil {
					t.Fatalf("end %q: %v", end, err)
				}
				tt.check(t, m)
				// Round trip.
				b, err := Encode(m)
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				m2, err := Parse(b)
				if err != nil {
					t.Fatalf("Parse(Encode): %v\n%s", err, b)
				}
				if !msgEqual(m2, m) {
					t.Errorf("round trip differs:%s", diffMsg(m2, m))
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	good := string(frameStr(t, stdExampleSeg)) // ##0101...1C80\r\n
	tests := []struct {
		name   string
		in     string
		kind   Kind
		substr string
		offset int64
	}{
		{"bad CRC", strings.Replace(good, "1C80", "8A41", 1), BadCRC, "CRC mismatch: message says 8A41, computed 1C80", 107},
		{"CRC not hex", strings.Replace(good, "1C80", "1G80", 1), BadCRC, `CRC field "1G80" is not 4 hex digits`, 107},
		{"truncated", good[:60], Truncated, "declares a 101-byte data segment but the input ends after 54 bytes", 60},
		{"truncated in header", "##01", Truncated, "inside the ## header", 4},
		{"empty", "", Truncated, "empty input", 0},
		{"length too long", strings.Replace(good, "##0101", "##0105", 1), BadLength, "length field says 105 but the data segment is 101 bytes", 2},
		{"length too short", strings.Replace(good, "##0101", "##0099", 1), BadLength, "length field says 99 but the data segment is 101 bytes", 2},
		{"length much too short", strings.Replace(good, "##0101", "##0050", 1), BadLength, "says 50", 2},
		{"length not digits", strings.Replace(good, "##0101", "##01a1", 1), BadLength, `length field "01a1" is not 4 decimal digits`, 4},
		{"missing ##", good[2:], BadFrame, "not ##", 0},
		{"single #", good[1:], BadFrame, "not ##", 0},
		{"junk after CRC", good[:len(good)-2] + "xx", BadFrame, "after the CRC", 111},
		{"missing CP", string(frameStr(t, "QN=1;ST=31;CN=2011")), BadField, "missing CP", 24},
		{"CP not wrapped", string(frameStr(t, "QN=1;CP=a=1")), BadField, "not wrapped", 11},
		{"CP not closed", string(frameStr(t, "QN=1;CP=&&a=1&")), BadField, "not closed", 20},
		{"bad DataTime", string(frameStr(t, "CN=2011;CP=&&DataTime=20260230120000&&")), BadField, `DataTime "20260230120000" is not a valid`, 28},
		{"bad Flag", string(frameStr(t, "CN=2011;Flag=x;CP=&&&&")), BadField, `Flag "x" is not a decimal`, 19},
		{"header without =", string(frameStr(t, "CN=2011;junk;CP=&&&&")), BadField, `header field "junk"`, 14},
		{"CP item without =", string(frameStr(t, "CN=2011;CP=&&a21026-Rtd&&")), BadField, `CP item "a21026-Rtd"`, 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %T %v is not *Error", err, err)
			}
			if e.Kind != tt.kind || KindOf(err) != tt.kind {
				t.Errorf("kind %v, want %v (%v)", e.Kind, tt.kind, err)
			}
			if !strings.Contains(err.Error(), tt.substr) || !strings.HasPrefix(err.Error(), "hj212: ") {
				t.Errorf("error %q does not contain %q", err, tt.substr)
			}
			if e.Offset != tt.offset {
				t.Errorf("offset %d, want %d (%v)", e.Offset, tt.offset, err)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Kind: BadCRC, Msg: "CRC mismatch: message says 1C80, computed 8A41", Field: "CRC", Offset: 107, Line: 3}
	want := "hj212: CRC mismatch: message says 1C80, computed 8A41 (field CRC, line 3, byte 107)"
	if e.Error() != want {
		t.Errorf("got %q, want %q", e.Error(), want)
	}
	if BadCRC.String() != "BadCRC" || Kind(99).String() != "Kind(99)" {
		t.Error("Kind.String")
	}
	if KindOf(nil) != 0 {
		t.Error("KindOf(nil)")
	}
}

func TestCodes(t *testing.T) {
	for code, std := range map[string]string{
		"a21026": "a21026", "a21002": "a21002", "a34013": "a34013", "a21005": "a21005", "a19001": "a19001",
		"a01011": "a01011", "a01012": "a01012", "a01013": "a01013", "a01014": "a01014", "a00000": "a00000",
		"w01018": "w01018", "w21003": "w21003", "w21011": "w21011", "w21001": "w21001", "w01001": "w01001",
		"w00000": "w00000", "w01010": "w01010",
		"02": "a21026", "03": "a21002", "01": "a34013", "011": "w01018", "060": "w21003", "B02": "a00000", "B01": "w00000",
		"a21026z": "a21026", "02z": "a21026",
	} {
		c, ok := LookupCode(code)
		if !ok || c.StdCode != std || c.Code != code || StdCode(code) != std {
			t.Errorf("LookupCode(%q) = %+v, %v; want std %s", code, c, ok, std)
		}
		if c.Medium != "gas" && c.Medium != "water" {
			t.Errorf("%s medium %q", code, c.Medium)
		}
	}
	if _, ok := LookupCode("x99999"); ok {
		t.Error("x99999 known")
	}
	if StdCode("x99999") != "x99999" {
		t.Error("StdCode of unknown code")
	}
	all := Codes()
	if len(all) < 80 {
		t.Errorf("only %d codes", len(all))
	}
	for _, c := range all {
		if s, ok := LookupCode(c.StdCode); !ok || s.Edition != "2017" {
			t.Errorf("%s maps to %s, which is not a 2017 code in the table", c.Code, c.StdCode)
		}
	}
}
