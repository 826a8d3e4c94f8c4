package ingest

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// Text encodings recorded in the ledger.
const (
	EncUTF8    = "utf-8"
	EncGB18030 = "gb18030"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// toUTF8 returns text as UTF-8 and the encoding it was in, deciding by
// validity alone: valid UTF-8 (a BOM is dropped) is UTF-8; otherwise the
// text must decode as GB18030 (a superset of GBK and GB2312) without a
// single invalid sequence. A file whose non-ASCII lines are partly valid
// UTF-8 and partly not is refused as mixed: decoding it either way would
// garble half of it.
func toUTF8(data []byte) ([]byte, string, *obs.FileError) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return data, EncUTF8, nil
	}
	if mixedUTF8(data) {
		return nil, "", &obs.FileError{Reason: obs.ReasonMixedEncoding}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, "", &obs.FileError{Reason: obs.ReasonEncoding}
	}
	return out, EncGB18030, nil
}

// mixedUTF8 reports whether some line holds at least two multi-byte UTF-8
// characters and is valid UTF-8 while another non-ASCII line is not valid
// UTF-8. Genuine GBK text practically never forms a whole line of valid
// multi-byte UTF-8.
func mixedUTF8(data []byte) bool {
	var validML, invalid bool
	obs.Lines(data, func(_ int64, line []byte) bool {
		if utf8.Valid(line) {
			if utf8.RuneCount(line) <= len(line)-4 { // >= 2 multi-byte runes
				validML = true
			}
		} else {
			invalid = true
		}
		return !(validML && invalid)
	})
	return validML && invalid
}

// looksBinary reports NUL bytes or many control characters in the first
// 8 KiB: CSV text has neither.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			ctl++
		}
	}
	return ctl > len(head)/100+1
}
