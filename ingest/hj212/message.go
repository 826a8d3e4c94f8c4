package hj212

import "time"

// CST is China Standard Time (UTC+8), the zone of every HJ 212 timestamp.
var CST = time.FixedZone("CST", 8*3600)

// Command codes (CN) for the messages this package is mostly used with.
const (
	CNRealtime      = "2011" // real-time data (实时数据)
	CNMinute        = "2051" // minute data (分钟数据)
	CNHourly        = "2061" // hourly data (小时数据)
	CNDaily         = "2031" // daily data (日数据)
	CNRequestAnswer = "9011" // request answer (请求应答), CP has QnRtn
	CNExecResult    = "9012" // execution result (执行结果), CP has ExeRtn
	CNNotifyAnswer  = "9013" // notification answer (通知应答)
	CNDataAnswer    = "9014" // data answer (数据应答)
)

// System codes (ST). The values follow the HJ 212-2017 system-code table
// (as reproduced in linqiu126/hcu hcusrc/l2codec/zhbhjt212msg.h).
const (
	STSurfaceWater = "21" // 地表水质量监测
	STAirQuality   = "22" // 空气质量监测
	STNoise        = "23" // 声环境质量监测
	STWasteGas     = "31" // 大气环境污染源 (flue gas)
	STWasteWater   = "32" // 地表水体环境污染源 (wastewater)
	STSystem       = "91" // 系统交互 (used by replies)
)

// Values of the Flag header field. Flag is the decimal form of the bits
// V5 V4 V3 V2 V1 V0 D A: A (bit 0) asks the receiver to answer, D (bit 1)
// says PNUM/PNO are present (the data is split into packets) and V5..V0
// (bits 2..7) give the protocol version: 0 for HJ/T 212-2005, 1 for
// HJ 212-2017. So Flag=4 is a 2017 message needing no answer and Flag=5 one
// that must be answered.
const (
	FlagAnswer    = 1 << 0 // A: the receiver must answer
	FlagSubpacket = 1 << 1 // D: the message is one packet of several
	Flag2017      = 1 << 2 // protocol version 1 (HJ 212-2017) in V5..V0
)

// Protocol versions as returned by [Message.Version].
const (
	Version2005 = 0
	Version2017 = 1
)

// Data flags sent in "code-Flag=" (数据标记). [DataFlagMeaning] describes them.
const (
	DataNormal        = "N" // 在线监控（监测）仪器仪表工作正常
	DataStopped       = "F" // 排放源停运
	DataMaintenance   = "M" // 维护
	DataManual        = "S" // 手工输入的设定值
	DataFault         = "D" // 故障
	DataCalibration   = "C" // 校准
	DataOverRange     = "T" // 超测定上限
	DataCommunication = "B" // 通讯异常
)

// DataFlagMeaning returns an English description of a data flag, or "" if
// the flag is not one of the codes listed by the standard.
func DataFlagMeaning(flag string) string {
	switch flag {
	case DataNormal:
		return "normal"
	case DataStopped:
		return "source stopped"
	case DataMaintenance:
		return "maintenance"
	case DataManual:
		return "manually entered value"
	case DataFault:
		return "instrument fault"
	case DataCalibration:
		return "calibration"
	case DataOverRange:
		return "above measuring range"
	case DataCommunication:
		return "communication failure"
	}
	return ""
}

// Message is one decoded HJ 212 data segment.
//
// Strings hold the bytes as sent (GBK text is not converted). A field that
// was absent is the zero value, except where a Has* field says otherwise.
type Message struct {
	// QN is the request code, normally a timestamp YYYYMMDDhhmmsszzz; it is
	// kept verbatim because replies must echo it. See QNTime.
	QN string
	ST string // system code, e.g. "31"; see the ST* constants
	CN string // command code, e.g. "2061"; see the CN* constants
	PW string // access password
	MN string // device (monitoring point) identifier; 14 chars in 2005, up to 24 in 2017

	Flag    int  // packet flag, see the Flag* constants; meaningful if HasFlag
	HasFlag bool // whether the Flag field was present (2005 devices often omit it)

	PNUM int // total number of packets, 0 if absent
	PNO  int // number of this packet (from 1), 0 if absent

	// DataTime is CP's DataTime in China Standard Time, or the zero Time
	// if absent.
	DataTime time.Time

	// Pollutants holds the values of each pollutant code, in order of first
	// appearance.
	Pollutants []Pollutant

	// Params are the other items of CP (e.g. RtdInterval=30, QnRtn=1), in
	// order.
	Params []Param

	// Extra are header fields this package does not know, in order.
	Extra []Param
}

// Param is a key=value item that has no dedicated field.
type Param struct {
	Key, Value string
}

// Value is a numeric reading together with its presence.
type Value struct {
	V     float64
	Valid bool // whether the value was present and numeric
}

// Get returns the value and whether it is present.
func (v Value) Get() (float64, bool) { return v.V, v.Valid }

// Val returns a present Value holding f.
func Val(f float64) Value { return Value{V: f, Valid: true} }

// Pollutant holds the fields sent for one pollutant code.
type Pollutant struct {
	// Code is the code as sent: "a21026" (2017) or "02" (2005). Use
	// LookupCode or Info to map it.
	Code string

	Rtd   Value // real-time value (实时值)
	Avg   Value // average (平均值)
	Min   Value // minimum
	Max   Value // maximum
	Cou   Value // cumulative amount (累计值), e.g. emitted mass or flow volume
	ZsRtd Value // converted (折算) real-time value
	ZsAvg Value // converted average
	ZsMin Value // converted minimum
	ZsMax Value // converted maximum

	// Flag is the data flag (e.g. "N"; see the Data* constants), "" if absent
	// as in many 2005 messages.
	Flag string
	// EFlag is the 2017 equipment flag, "" if absent.
	EFlag string

	// Extra holds the other fields (e.g. SampleTime) and any of the numeric
	// fields above whose value was not a finite decimal number, in order.
	Extra []Param
}

// Info looks the pollutant's code up in the code table.
func (p *Pollutant) Info() (CodeInfo, bool) { return LookupCode(p.Code) }

// NeedsAnswer reports whether the sender asked for an answer (Flag bit A).
func (m *Message) NeedsAnswer() bool { return m.HasFlag && m.Flag&FlagAnswer != 0 }

// Subpacketed reports whether the message is one packet of a split message
// (Flag bit D), in which case PNUM and PNO say which.
func (m *Message) Subpacketed() bool { return m.HasFlag && m.Flag&FlagSubpacket != 0 }

// Version returns the protocol version from Flag bits V5..V0:
// Version2005 (also when Flag is absent) or Version2017.
func (m *Message) Version() int {
	if !m.HasFlag {
		return Version2005
	}
	return (m.Flag >> 2) & 0x3F
}

// QNTime returns QN as a time in China Standard Time, and false if QN is not
// a valid YYYYMMDDhhmmsszzz timestamp.
func (m *Message) QNTime() (time.Time, bool) {
	if len(m.QN) != 17 {
		return time.Time{}, false
	}
	t, ok := parseTime14(m.QN[:14])
	if !ok {
		return time.Time{}, false
	}
	ms, ok := atoiDigits(m.QN[14:])
	if !ok {
		return time.Time{}, false
	}
	return t.Add(time.Duration(ms) * time.Millisecond), true
}

// Pollutant returns the pollutant with the given code (as sent), or nil.
func (m *Message) Pollutant(code string) *Pollutant {
	for i := range m.Pollutants {
		if m.Pollutants[i].Code == code {
			return &m.Pollutants[i]
		}
	}
	return nil
}

// Param returns the value of the CP parameter key and whether it is present.
func (m *Message) Param(key string) (string, bool) {
	for _, p := range m.Params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}
