// Package hj212 decodes and encodes messages of HJ 212-2017
// (污染物在线监控（监测）系统数据传输标准), the protocol that online
// monitoring equipment at key polluters uses to report emissions, and
// tolerates the common HJ/T 212-2005 variants still in the field.
//
// # Wire format
//
// A framed message (a "communication packet") is
//
//	## LLLL <data segment> CCCC CR LF
//
// where LLLL is the data-segment length in bytes as 4 decimal digits, CCCC is
// the CRC-16 of the data segment as 4 hexadecimal digits (see [CRC16]) and the
// data segment is ASCII except for free-text values, which devices send in GBK.
// The length counts bytes, so a GBK character counts 2. This package never
// decodes GBK: string fields hold the raw bytes.
//
// The data segment is a list of header fields separated by ';' followed by the
// command parameters wrapped in "CP=&&" and "&&":
//
//	QN=20260301123000000;ST=31;CN=2061;PW=123456;MN=88888880000001;Flag=4;CP=&&DataTime=20260301120000;a21026-Avg=12.3,a21026-Flag=N;a21002-Avg=30&&
//
// Inside CP, ';' separates groups and ',' separates items of a group; an item
// "code-Field=value" is a value of one pollutant (Rtd, Avg, Min, Max, Cou,
// ZsRtd, ZsAvg, Flag, ...), any other item is a command parameter such as
// DataTime.
//
// # Use
//
// [Parse] decodes one framed message; [Scanner] reads a stream of messages
// (a file or a TCP connection), resynchronising after bad input. [Encode]
// and [Frame] build framed messages, and [DataAnswer], [RequestAnswer],
// [ExecResult] and [NotifyAnswer] build the replies a platform sends back.
// [LookupCode] resolves pollutant codes of both editions.
//
// Errors from parsing are *[Error] values whose [Kind] says what is wrong and
// whose Offset says where.
package hj212
