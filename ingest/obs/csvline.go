package obs

import "bytes"

// Lines iterates over the lines of text: it calls f with each line (without
// its LF or CRLF terminator) and its 1-based number, and stops early when f
// returns false.
func Lines(text []byte, f func(n int64, line []byte) bool) {
	var n int64
	for len(text) > 0 {
		n++
		i := bytes.IndexByte(text, '\n')
		var line []byte
		if i < 0 {
			line, text = text, nil
		} else {
			line, text = text[:i], text[i+1:]
		}
		if k := len(line); k > 0 && line[k-1] == '\r' {
			line = line[:k-1]
		}
		if !f(n, line) {
			return
		}
	}
}

// SplitCSV splits one CSV line into fields, appending to dst[:0]. Fields
// are sub-slices of line unless quoted; quoted fields ("a,b", "say ""hi""")
// are unquoted into fresh memory. ok is false for malformed quoting (a
// quoted field spanning lines is malformed here: the supported layouts have
// none).
func SplitCSV(line []byte, dst [][]byte) (fields [][]byte, ok bool) {
	dst = dst[:0]
	if bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line), true
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
		}
	}
	for {
		if len(line) > 0 && line[0] == '"' {
			var buf []byte
			i := 1
			for {
				j := bytes.IndexByte(line[i:], '"')
				if j < 0 {
					return dst, false
				}
				buf = append(buf, line[i:i+j]...)
				i += j + 1
				if i < len(line) && line[i] == '"' {
					buf = append(buf, '"')
					i++
					continue
				}
				break
			}
			dst = append(dst, buf)
			if i == len(line) {
				return dst, true
			}
			if line[i] != ',' {
				return dst, false
			}
			line = line[i+1:]
			continue
		}
		i := bytes.IndexByte(line, ',')
		f := line
		if i >= 0 {
			f = line[:i]
		}
		if bytes.IndexByte(f, '"') >= 0 {
			return dst, false
		}
		dst = append(dst, f)
		if i < 0 {
			return dst, true
		}
		line = line[i+1:]
	}
}

// Trim removes ASCII spaces and tabs around b.
func Trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
