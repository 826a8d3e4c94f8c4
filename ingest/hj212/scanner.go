package hj212

import (
	"bytes"
	"fmt"
	"io"
)

// DefaultMaxDataLen is the data-segment limit a [Scanner] applies unless
// told otherwise: four times the standard's 1024 bytes, because devices that
// report many pollutants routinely exceed 1024 instead of splitting packets.
const DefaultMaxDataLen = 4 * StdMaxDataLen

var (
	hashHash = []byte("##")
	lfHash   = []byte("\n##")
)

// Scanner reads framed messages from a stream such as a file of messages or
// a TCP connection.
//
// It finds each message by its "##" header, so CR LF, a bare LF, no line
// end at all, and junk between messages are all tolerated; junk is skipped
// and counted (see Discarded). After a bad message it reports an *[Error]
// and resumes the search two bytes after that message's "##", so a message
// that was cut short by the next one loses only itself. A message is
// returned as soon as its last CRC byte arrives, so a peer that waits for a
// reply before sending CR LF does not stall it.
//
// A line feed followed by "##" inside a message's declared extent is taken
// to mean the message was cut short and the next one has begun, so such a
// message is reported as Truncated even if it would pass [Parse]; the
// standard's messages are printable ASCII/GBK and never contain line feeds.
// This keeps the results independent of how the input is split into reads.
//
// Memory is bounded: the Scanner holds at most one maximum-size frame plus
// a read buffer, whatever the input.
type Scanner struct {
	r       io.Reader
	maxData int

	buf        []byte
	start, end int   // unread bytes are buf[start:end]
	base       int64 // stream offset of buf[0]
	line       int   // line number of buf[start]
	eof        bool
	rerr       error

	raw     []byte
	off     int64
	msgLine int

	discarded int64
	resync    bool
}

// NewScanner returns a Scanner reading from r with a data-segment limit of
// DefaultMaxDataLen.
func NewScanner(r io.Reader) *Scanner {
	return &Scanner{r: r, maxData: DefaultMaxDataLen, line: 1}
}

// SetMaxDataLen sets the largest data segment, in bytes, the Scanner
// accepts; longer messages are reported as TooLarge errors and skipped. n is
// clamped to 1..MaxLengthField. It must be called before the first Next.
func (s *Scanner) SetMaxDataLen(n int) {
	if s.buf != nil {
		panic("hj212: SetMaxDataLen called after Next")
	}
	s.maxData = min(max(n, 1), MaxLengthField)
}

// Next returns the next message.
//
// If the next message is malformed, Next returns an *[Error] (with Offset
// and Line counted from the start of the stream) and the caller may call
// Next again to continue after it. At the end of the stream Next returns
// io.EOF; if reading fails it returns the read error, and keeps returning
// it.
func (s *Scanner) Next() (Message, error) {
	if s.buf == nil {
		s.buf = make([]byte, s.maxData+10+4096)
	}
	s.raw = nil
	for {
		w := s.buf[s.start:s.end]
		i := bytes.Index(w, hashHash)
		if i < 0 {
			k := len(w)
			if k > 0 && w[k-1] == '#' && !s.eof {
				k-- // might be the first half of "##"
			}
			s.skip(k)
			if s.eof {
				if s.rerr != nil {
					return Message{}, s.rerr
				}
				return Message{}, io.EOF
			}
			s.fill()
			continue
		}
		s.skip(i)
		s.resync = false
		s.off = s.base + int64(s.start)
		s.msgLine = s.line
		return s.frame()
	}
}

// Raw returns the bytes of the message (or, after an error, of the bad
// message as far as it was read) last returned by Next. The slice is only
// valid until the next call to Next.
func (s *Scanner) Raw() []byte { return s.raw }

// Offset returns the stream offset of the "##" of the message last returned
// by Next.
func (s *Scanner) Offset() int64 { return s.off }

// Line returns the 1-based line on which the message last returned by Next
// starts.
func (s *Scanner) Line() int { return s.msgLine }

// Discarded returns the number of bytes skipped so far that were neither
// part of a message nor whitespace between messages. Bytes of messages
// reported as errors are not counted.
func (s *Scanner) Discarded() int64 { return s.discarded }

// frame decodes the message starting at buf[start].
func (s *Scanner) frame() (Message, error) {
	if !s.need(6) {
		return s.bad(newErr(Truncated, s.end-s.start, "length", "stream ends inside the ## header or the length field"), s.end-s.start)
	}
	n, err := frameHeader(s.buf[s.start : s.start+6])
	if err != nil {
		return s.bad(err, 6)
	}
	if n > s.maxData {
		return s.bad(newErr(TooLarge, 2, "length",
			fmt.Sprintf("message declares a %d-byte data segment, over the limit of %d", n, s.maxData)), 6)
	}
	total := 6 + n + 4
	if !s.needFrame(total) {
		avail := s.buf[s.start:s.end]
		if e := s.diagnose(avail, n); e != nil {
			return s.bad(e, len(avail))
		}
		return s.bad(newErr(Truncated, len(avail), "",
			fmt.Sprintf("stream ends after %d of the %d bytes the message declares", len(avail), total)), len(avail))
	}
	frame := s.buf[s.start : s.start+total]
	if i := bytes.Index(frame[6:], lfHash); i >= 0 {
		// Decided the same way however the input was chunked: needFrame
		// gives up on such a frame when it arrives in pieces.
		return s.bad(newErr(Truncated, 6+i+1, "",
			fmt.Sprintf("message cut short: a new message starts after %d of the %d data bytes it declares", i+1, n)), total)
	}
	var m Message
	if e := parseFrame(&m, frame, n); e != nil {
		if d := s.diagnose(s.buf[s.start:s.end], n); d != nil {
			e = d
		}
		return s.bad(e, total)
	}
	s.raw = frame
	s.line += bytes.Count(frame, []byte{'\n'})
	s.start += total
	return m, nil
}

// diagnose explains a frame that failed: a wrong length field (detected by
// a correct CRC before the next line end) or a message cut short by the
// next one.
func (s *Scanner) diagnose(avail []byte, n int) *Error {
	if i := bytes.IndexByte(avail[6:], '\n'); i >= 0 {
		if e := lengthHint(avail[:6+i+1], n); e != nil {
			return e
		}
	}
	if i := bytes.Index(avail[6:min(len(avail), 6+n+4)], lfHash); i >= 0 {
		return newErr(Truncated, 6+i+1, "",
			fmt.Sprintf("message cut short: a new message starts after %d of the %d data bytes it declares", i+1, n))
	}
	return nil
}

// bad records a per-message error spanning span bytes from buf[start] and
// arranges to resume the search just after the message's "##".
func (s *Scanner) bad(e *Error, span int) (Message, error) {
	e.Offset += s.off
	e.Line = s.msgLine
	s.raw = s.buf[s.start : s.start+span]
	s.start += 2
	s.resync = true
	return Message{}, e
}

// skip drops k bytes from buf[start], counting lines and junk.
func (s *Scanner) skip(k int) {
	w := s.buf[s.start : s.start+k]
	s.line += bytes.Count(w, []byte{'\n'})
	if !s.resync {
		for _, c := range w {
			if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				s.discarded++
			}
		}
	}
	s.start += k
}

// need reads until k bytes are buffered; it reports false at the end of
// the stream.
func (s *Scanner) need(k int) bool {
	for s.end-s.start < k {
		if s.eof {
			return false
		}
		s.fill()
	}
	return true
}

// needFrame is need for a whole frame, but gives up early if the data
// already read contains the start of a new line beginning with "##": the
// message was cut short, and waiting for more bytes would only swallow the
// next message (or block a TCP stream).
func (s *Scanner) needFrame(total int) bool {
	scanned := s.start + 6
	for s.end-s.start < total {
		if scanned < s.end && bytes.Contains(s.buf[max(scanned-2, s.start+6):min(s.end, s.start+total)], lfHash) {
			return false
		}
		scanned = s.end
		if s.eof {
			return false
		}
		before := s.start
		s.fill()
		scanned -= before - s.start // fill may have moved the window
	}
	return true
}

// fill reads more input, compacting the buffer first if it is full.
func (s *Scanner) fill() {
	if s.eof {
		return
	}
	if s.end == len(s.buf) && s.start > 0 {
		copy(s.buf, s.buf[s.start:s.end])
		s.base += int64(s.start)
		s.end -= s.start
		s.start = 0
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		if n < 0 || n > len(s.buf)-s.end {
			s.eof, s.rerr = true, fmt.Errorf("hj212: reader returned invalid count %d", n)
			return
		}
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			return
		}
		if n > 0 {
			return
		}
	}
	s.eof, s.rerr = true, io.ErrNoProgress
}
