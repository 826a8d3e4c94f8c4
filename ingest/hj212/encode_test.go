package hj212

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestEncodeRoundTrip(t *testing.T) {
	for i := range 8 {
		m := genMessage(i)
		b, err := Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("##")) || !bytes.HasSuffix(b, []byte("\r\n")) {
			t.Fatalf("bad framing: %q", b)
		}
		got, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(Encode(genMessage(%d))): %v\n%s", i, err, b)
		}
		if !msgEqual(got, m) {
			t.Errorf("round trip %d:%s", i, diffMsg(got, m))
		}
	}
}

func TestEncodeExact(t *testing.T) {
	m := Message{
		QN: "20160801085857223", ST: "32", CN: "1062", PW: "100000", MN: "010000A8900016F000169DC0",
		Flag: 5, HasFlag: true, Params: []Param{{"RtdInterval", "30"}},
	}
	want := "##0101" + stdExampleSeg + "1C80\r\n"
	if got := string(MustEncode(m)); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	m = Message{ST: "31", CN: "2061", MN: "1", DataTime: time.Date(2026, 3, 1, 4, 0, 0, 0, time.UTC),
		Pollutants: []Pollutant{{Code: "a21026", Avg: Val(12.3), ZsAvg: Val(1e-7), Cou: Val(1e22), Flag: "N"}, {Code: "a21002", Flag: ""}}}
	seg := "ST=31;CN=2061;MN=1;CP=&&DataTime=20260301120000;a21026-Avg=12.3,a21026-Cou=1e22,a21026-ZsAvg=0.0000001,a21026-Flag=N;a21002-Flag=&&"
	if got := string(MustEncode(m)); got != string(frameStr(t, seg)) {
		t.Errorf("got  %q\nwant %q", got, frameStr(t, seg))
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		kind Kind
	}{
		{"semicolon in MN", Message{MN: "a;b"}, BadField},
		{"comma in value", Message{Pollutants: []Pollutant{{Code: "a21026", Flag: "N,"}}}, BadField},
		{"equals in code", Message{Pollutants: []Pollutant{{Code: "a=1", Flag: "N"}}}, BadField},
		{"empty code", Message{Pollutants: []Pollutant{{Flag: "N"}}}, BadField},
		{"NaN", Message{Pollutants: []Pollutant{{Code: "a21026", Rtd: Val(math.NaN())}}}, BadField},
		{"Inf", Message{Pollutants: []Pollutant{{Code: "a21026", Rtd: Val(math.Inf(1))}}}, BadField},
		{"param looks like pollutant", Message{Params: []Param{{"a21026-Rtd", "1"}}}, BadField},
		{"param DataTime", Message{Params: []Param{{"DataTime", "1"}}}, BadField},
		{"extra header is standard", Message{Extra: []Param{{"QN", "1"}}}, BadField},
		{"numeric extra", Message{Pollutants: []Pollutant{{Code: "a", Extra: []Param{{"Rtd", "1"}}}}}, BadField},
		{"dash in extra name", Message{Pollutants: []Pollutant{{Code: "a", Extra: []Param{{"x-y", "1"}}}}}, BadField},
		{"negative PNUM", Message{PNUM: -1}, BadField},
		{"year 10000", Message{DataTime: time.Date(10000, 1, 1, 0, 0, 0, 0, CST)}, BadField},
		{"too large", Message{Params: []Param{{"x", strings.Repeat("9", 10000)}}}, TooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Encode(tt.m)
			if KindOf(err) != tt.kind || b != nil {
				t.Errorf("Encode = %q, %v; want kind %v", b, err, tt.kind)
			}
		})
	}
	// AppendEncode leaves dst alone on error.
	dst := []byte("keep")
	out, err := AppendEncode(dst, &Message{MN: ";"})
	if err == nil || string(out) != "keep" {
		t.Errorf("AppendEncode = %q, %v", out, err)
	}
	if _, err := Frame(make([]byte, 10000)); KindOf(err) != TooLarge {
		t.Errorf("Frame of 10000 bytes: %v", err)
	}
}

func TestEncodeCompactWhenTooLarge(t *testing.T) {
	// 700 values of 1.25e12 fit in 9999 bytes written "125e10" but not
	// written plain ("1250000000000"), so Encode must fall back to compact
	// numbers.
	m := Message{CN: "2011"}
	for range 700 {
		m.Pollutants = append(m.Pollutants, Pollutant{Code: "a", Rtd: Val(125e10)})
	}
	out, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("a-Rtd=125e10")) {
		t.Errorf("expected compact numbers in %.80q", out)
	}
	got, err := Parse(out)
	if err != nil || len(got.Pollutants) != 1 || got.Pollutants[0].Rtd != Val(125e10) {
		t.Errorf("Parse: %v", err)
	}
}

func TestAppendNum(t *testing.T) {
	for _, tt := range []struct {
		f       float64
		plain   string
		compact string
	}{
		{12.3, "12.3", "12.3"},
		{-0.5, "-0.5", "-0.5"},
		{100000, "100000", "1e5"},
		{1.25e12, "1250000000000", "125e10"},
		{1e22, "1e22", "1e22"},
		{1.5e-9, "0.0000000015", "1.5e-9"},
		{1.5e-30, "1.5e-30", "15e-31"},
		{0, "0", "0"},
	} {
		if got := string(appendNum(nil, tt.f, false)); got != tt.plain {
			t.Errorf("plain %v = %s, want %s", tt.f, got, tt.plain)
		}
		if got := string(appendNum(nil, tt.f, true)); got != tt.compact {
			t.Errorf("compact %v = %s, want %s", tt.f, got, tt.compact)
		}
		for _, s := range []string{tt.plain, tt.compact} {
			if f, ok := parseNum(s); !ok || f != tt.f {
				t.Errorf("parseNum(%s) = %v, %v", s, f, ok)
			}
		}
	}
}

func TestReplies(t *testing.T) {
	req, err := Parse(MustEncode(genMessage(0)))
	if err != nil {
		t.Fatal(err)
	}
	if !req.NeedsAnswer() {
		t.Fatal("generated message should ask for an answer")
	}
	tests := []struct {
		m     Message
		cn    string
		param string
	}{
		{DataAnswer(&req), CNDataAnswer, ""},
		{NotifyAnswer(&req), CNNotifyAnswer, ""},
		{RequestAnswer(&req, QnRtnReady), CNRequestAnswer, "QnRtn=1"},
		{ExecResult(&req, ExeRtnOK), CNExecResult, "ExeRtn=1"},
	}
	for _, tt := range tests {
		b := MustEncode(tt.m)
		want := "QN=" + req.QN + ";ST=91;CN=" + tt.cn + ";PW=123456;MN=" + req.MN + ";Flag=4;CP=&&" + tt.param + "&&"
		if string(b) != string(frameStr(t, want)) {
			t.Errorf("got %q, want %q", b, frameStr(t, want))
		}
		r, err := Parse(b)
		if err != nil || r.NeedsAnswer() || r.Version() != Version2017 {
			t.Errorf("reply %s: %v %+v", tt.cn, err, r)
		}
	}
	old := Message{ST: "31", CN: "2011", MN: "630100"}
	if r := DataAnswer(&old); r.HasFlag {
		t.Errorf("reply to a 2005 message without Flag must not add one: %+v", r)
	}
}

func TestDataFlagMeaning(t *testing.T) {
	for _, f := range []string{"N", "F", "M", "S", "D", "C", "T", "B"} {
		if DataFlagMeaning(f) == "" {
			t.Errorf("no meaning for %s", f)
		}
	}
	if DataFlagMeaning("Z") != "" {
		t.Error("Z has a meaning")
	}
}
