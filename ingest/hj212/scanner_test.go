package hj212

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// item is one result of Scanner.Next.
type item struct {
	cn   string // CN of a message, "" for an error
	kind Kind   // error kind, 0 for a message
	line int
	off  int64
	msg  *Message // nil for an error
}

func scanAll(t testing.TB, r io.Reader, maxData int) ([]item, *Scanner, error) {
	t.Helper()
	s := NewScanner(r)
	if maxData > 0 {
		s.SetMaxDataLen(maxData)
	}
	var items []item
	for range 1 << 22 { // each item consumes at least 2 bytes
		m, err := s.Next()
		switch {
		case err == nil:
			p, perr := Parse(s.Raw())
			if perr != nil || !msgEqual(p, m) {
				t.Fatalf("Raw() of a message does not parse to it: %v", perr)
			}
			items = append(items, item{cn: m.CN, line: s.Line(), off: s.Offset(), msg: &m})
		case KindOf(err) != 0:
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %T is not a *Error", err)
			}
			if e.Line != s.Line() || e.Offset < s.Offset() {
				t.Fatalf("error %v: line/offset disagree with Scanner (%d, %d)", err, s.Line(), s.Offset())
			}
			items = append(items, item{kind: e.Kind, line: s.Line(), off: s.Offset()})
		default:
			if err == io.EOF {
				err = nil
			}
			return items, s, err
		}
	}
	t.Fatal("scanner does not terminate")
	return nil, nil, nil
}

func readers(b []byte) map[string]func() io.Reader {
	return map[string]func() io.Reader{
		"whole":   func() io.Reader { return bytes.NewReader(b) },
		"onebyte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
		"half":    func() io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
		"dataerr": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) },
	}
}

// testdata/mixed.hj212 was written by an independent Python implementation
// of the CRC (see the report); it mixes CN types, line endings, junk, a bad
// CRC, a 2005-style message, GBK text, a message cut short and a final
// message without CR LF.
func TestScannerMixedFile(t *testing.T) {
	data, err := os.ReadFile("testdata/mixed.hj212")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		cn   string
		kind Kind
		line int
	}{
		{CNRealtime, 0, 1},
		{CNMinute, 0, 2},
		{CNHourly, 0, 4},
		{"", BadCRC, 5},
		{CNDaily, 0, 6},
		{CNRealtime, 0, 7}, // 2005 style
		{CNRealtime, 0, 8}, // GBK
		{"", Truncated, 9},
		{CNMinute, 0, 10}, // no CR LF at EOF
	}
	for name, r := range readers(data) {
		t.Run(name, func(t *testing.T) {
			items, s, err := scanAll(t, r(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != len(want) {
				t.Fatalf("got %d items, want %d: %+v", len(items), len(want), items)
			}
			for i, w := range want {
				if items[i].cn != w.cn || items[i].kind != w.kind || items[i].line != w.line {
					t.Errorf("item %d = {%s %v line %d}, want %+v", i, items[i].cn, items[i].kind, items[i].line, w)
				}
			}
			if got := s.Discarded(); got != int64(len(strings.ReplaceAll("this line is junk from a modem: AT+CSQ", " ", ""))) {
				t.Errorf("Discarded = %d", got)
			}
			gbk := items[6].msg.Pollutant("w01018")
			if gbk == nil || len(gbk.Extra) != 1 || gbk.Extra[0].Value != "\xd5\xfd\xb3\xa3\xd4\xcb\xd0\xd0" {
				t.Errorf("GBK field: %+v", gbk)
			}
			if p := items[5].msg.Pollutant("02"); p == nil || p.Rtd != Val(40.5) {
				t.Errorf("2005 message: %+v", items[5].msg)
			}
		})
	}
}

func TestScannerErrorMessages(t *testing.T) {
	good := frameStr(t, stdExampleSeg)
	bad := bytes.Replace(good, []byte("1C80"), []byte("8A41"), 1)
	stream := append(append(append([]byte("junk\r\n"), good...), bad...), good...)
	s := NewScanner(bytes.NewReader(stream))
	if _, err := s.Next(); err != nil {
		t.Fatal(err)
	}
	_, err := s.Next()
	want := "hj212: CRC mismatch: message says 8A41, computed 1C80 (field CRC, line 3, byte 226)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if !bytes.Equal(s.Raw(), bad[:len(bad)-2]) {
		t.Errorf("Raw() = %q", s.Raw())
	}
	if _, err := s.Next(); err != nil {
		t.Errorf("message after the bad one: %v", err)
	}
	if _, err := s.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
	if _, err := s.Next(); err != io.EOF {
		t.Errorf("EOF not sticky: %v", err)
	}
}

func TestScannerSizeLimit(t *testing.T) {
	const limit = 200
	mk := func(n int) []byte {
		seg := "CN=2011;CP=&&x=" + strings.Repeat("1", n-len("CN=2011;CP=&&x=&&")) + "&&"
		return frameStr(t, seg)
	}
	at, over := mk(limit), mk(limit+1)
	tail := frameStr(t, stdExampleSeg)
	stream := bytes.Join([][]byte{at, over, tail}, nil)
	for name, r := range readers(stream) {
		t.Run(name, func(t *testing.T) {
			items, _, err := scanAll(t, r(), limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 3 || items[0].cn != "2011" || items[1].kind != TooLarge || items[2].cn != "1062" {
				t.Fatalf("items: %+v", items)
			}
		})
	}
	// Parse itself accepts anything the length field can express.
	if _, err := Parse(mk(MaxLengthField)); err != nil {
		t.Errorf("Parse of a 9999-byte segment: %v", err)
	}
}

func TestScannerTruncated(t *testing.T) {
	good := frameStr(t, stdExampleSeg)
	for _, tt := range []struct {
		name   string
		stream []byte
		want   []Kind // 0 = message
	}{
		{"at EOF", good[:50], []Kind{Truncated}},
		{"header at EOF", []byte("##01"), []Kind{Truncated}},
		{"cut short by next message", append(append(good[:50:50], "\r\n"...), good...), []Kind{Truncated, 0}},
		{"cut short without line end", append(good[:50:50], good...), []Kind{BadCRC, 0}},
		{"length too long", append(bytes.Replace(good, []byte("##0101"), []byte("##0103"), 1), good...), []Kind{BadLength, 0}},
		{"length too short", append(bytes.Replace(good, []byte("##0101"), []byte("##0090"), 1), good...), []Kind{BadLength, 0}},
		{"length not digits", append([]byte("##01x1"), good...), []Kind{BadLength, 0}},
		{"only hashes", bytes.Repeat([]byte("#"), 10000), []Kind{BadLength}},
		{"two messages without line end", append(good[:len(good)-2:len(good)-2], good...), []Kind{0, 0}},
	} {
		for name, r := range readers(tt.stream) {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				items, _, err := scanAll(t, r(), 0)
				if err != nil {
					t.Fatal(err)
				}
				var got []Kind
				for _, it := range items {
					got = append(got, it.kind)
				}
				if tt.name == "only hashes" {
					// Every "##" of the run is a bad length field; just
					// check that all are reported and nothing else.
					for _, k := range got {
						if k != BadLength && k != Truncated {
							t.Fatalf("kinds %v", got)
						}
					}
					return
				}
				if len(got) != len(tt.want) {
					t.Fatalf("kinds %v, want %v", got, tt.want)
				}
				for i := range got {
					// Diagnosing a too-short length field needs the bytes up
					// to the line end, which are not yet read when the input
					// arrives in small pieces; then it is reported as BadCRC.
					if got[i] == BadCRC && tt.want[i] == BadLength && tt.name == "length too short" && name != "whole" {
						continue
					}
					if got[i] != tt.want[i] {
						t.Fatalf("kinds %v, want %v", got, tt.want)
					}
				}
			})
		}
	}
}

func TestScannerReadError(t *testing.T) {
	boom := errors.New("boom")
	good := frameStr(t, stdExampleSeg)
	r := io.MultiReader(bytes.NewReader(good), iotest.ErrReader(boom))
	s := NewScanner(r)
	if _, err := s.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Next(); err != boom {
		t.Fatalf("want boom, got %v", err)
	}
	if _, err := s.Next(); err != boom {
		t.Fatalf("read error not sticky: %v", err)
	}
	// A reader that never makes progress.
	s = NewScanner(zeroReader{})
	if _, err := s.Next(); err != io.ErrNoProgress {
		t.Fatalf("want ErrNoProgress, got %v", err)
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestScannerHostileStream(t *testing.T) {
	// A long stream of well-formed headers declaring huge segments must
	// be rejected one by one without buffering the stream.
	hostile := bytes.Repeat([]byte("##9999"), 20000)
	items, s, err := scanAll(t, bytes.NewReader(hostile), 1024)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 20000 || cap(s.buf) > 1024+10+4096 {
		t.Fatalf("%d items, buffer %d", len(items), cap(s.buf))
	}
	for _, it := range items {
		if it.kind != TooLarge {
			t.Fatalf("kind %v", it.kind)
		}
	}
}

func TestScannerManyMessages(t *testing.T) {
	var stream []byte
	var want []Message
	for i := range 500 {
		m := genMessage(i)
		want = append(want, m)
		stream = append(MustEncodeAppend(stream, m), []string{"", "\n", "junk\r\n"}[i%3]...)
	}
	for name, r := range readers(stream) {
		t.Run(name, func(t *testing.T) {
			items, _, err := scanAll(t, r(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != len(want) {
				t.Fatalf("%d items, want %d", len(items), len(want))
			}
			for i := range want {
				if !msgEqual(*items[i].msg, want[i]) {
					t.Fatalf("message %d:%s", i, diffMsg(*items[i].msg, want[i]))
				}
			}
		})
	}
}

func MustEncodeAppend(dst []byte, m Message) []byte {
	out, err := AppendEncode(dst, &m)
	if err != nil {
		panic(err)
	}
	return out
}

func TestSetMaxDataLenAfterNext(t *testing.T) {
	s := NewScanner(strings.NewReader(""))
	s.SetMaxDataLen(1 << 20) // clamped
	if s.maxData != MaxLengthField {
		t.Errorf("maxData %d", s.maxData)
	}
	_, _ = s.Next()
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	s.SetMaxDataLen(10)
}
