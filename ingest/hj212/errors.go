package hj212

import (
	"errors"
	"strconv"
	"strings"
)

// Kind classifies an [Error].
type Kind uint8

// Error kinds.
const (
	// BadFrame means the "##" header or the bytes after the CRC are wrong.
	BadFrame Kind = iota + 1
	// BadLength means the 4-digit length field is not decimal or does not
	// match the data segment.
	BadLength
	// BadCRC means the CRC field is not 4 hex digits or does not match the
	// CRC computed over the data segment.
	BadCRC
	// BadField means the data segment is framed correctly but a field in it
	// is malformed (for example a DataTime that is not a date, or a missing CP).
	BadField
	// Truncated means the input ended, or the next message started, before
	// the message was complete.
	Truncated
	// TooLarge means the message declares a data segment longer than the
	// configured limit, or an encoded data segment would not fit the 4-digit
	// length field.
	TooLarge
)

var kindNames = [...]string{
	BadFrame:  "BadFrame",
	BadLength: "BadLength",
	BadCRC:    "BadCRC",
	BadField:  "BadField",
	Truncated: "Truncated",
	TooLarge:  "TooLarge",
}

// String returns the name of the kind, e.g. "BadCRC".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Error describes a malformed message. Parse and Encode return it, and a
// [Scanner] returns one per bad message and then carries on.
type Error struct {
	Kind Kind
	// Msg says what is wrong, without the "hj212: " prefix.
	Msg string
	// Field is the name of the offending field ("CRC", "DataTime",
	// "a21026-Rtd", ...), or "" if the problem is not within one field.
	Field string
	// Offset is the byte offset at which the problem was found: from the
	// first '#' of the message for Parse, from the start of the stream for a
	// Scanner. It is -1 if unknown (e.g. for Encode).
	Offset int64
	// Line is the 1-based line of the stream on which the message starts,
	// or 0 when not scanning a stream.
	Line int
}

// Error formats the error, e.g.
// "hj212: CRC mismatch: message says 1C80, computed 8A41 (field CRC, byte 107)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("hj212: ")
	b.WriteString(e.Msg)
	if e.Field == "" && e.Offset < 0 && e.Line == 0 {
		return b.String()
	}
	b.WriteString(" (")
	sep := ""
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(e.Field)
		sep = ", "
	}
	if e.Line > 0 {
		b.WriteString(sep)
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		sep = ", "
	}
	if e.Offset >= 0 {
		b.WriteString(sep)
		b.WriteString("byte ")
		b.WriteString(strconv.FormatInt(e.Offset, 10))
	}
	b.WriteString(")")
	return b.String()
}

// KindOf returns the Kind of err if it is (or wraps) an *Error, and 0
// otherwise.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

func newErr(k Kind, off int, field, msg string) *Error {
	return &Error{Kind: k, Msg: msg, Field: field, Offset: int64(off)}
}
