package hj212

import (
	"bytes"
	"os"
	"testing"
	"testing/iotest"
)

func fuzzSeeds(t testing.TB) [][]byte {
	seeds := [][]byte{
		frameStr(t, stdExampleSeg),
		MustEncode(genMessage(0)), MustEncode(genMessage(1)), MustEncode(genMessage(2)), MustEncode(genMessage(3)),
		frameStr(t, "ST=31;CN=2011;PW=123456;MN=630100;CP=&&DataTime=20200108143205;B02-Rtd=9.8;01-Rtd=20.1,01-ZsRtd=22.0&&"),
		frameStr(t, "QN=1;Flag=7;PNUM=3;PNO=1;X=y;CP=&&a-Rtd=1e5,a-Rtd=--,a-Flag=;RtdInterval=30&&"),
		[]byte("##0101" + stdExampleSeg + "1c80"),
		[]byte(stdExampleSeg),
		[]byte("QN=20260301120000123;ST=31;CN=2011;PW=123456;MN=88888880000001;Flag=5;CP=&&DataTime=20260301120000;a21026-Rtd=12.3,a21026-ZsRtd=15.1,a21026-Flag=N;a21002-Rtd=-0.5,a21002-EFlag=A1,a21002-SampleTime=20260301115900&&"),
	}
	if data, err := os.ReadFile("testdata/mixed.hj212"); err == nil {
		seeds = append(seeds, data)
	}
	return seeds
}

// FuzzParse checks that Parse never panics, that its errors are typed, and
// that every message it accepts re-encodes to bytes that parse to an equal
// message (and re-encode identically).
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkParse(t, b)
		// Random bytes almost never carry a valid CRC, so also parse b
		// as a data segment framed with its correct CRC, which exercises
		// the field decoder.
		if fb, err := Frame(b); err == nil {
			checkParse(t, fb)
		}
	})
}

func checkParse(t *testing.T, b []byte) {
	m, err := Parse(b)
	if err != nil {
		if KindOf(err) == 0 {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		return
	}
	enc, err := Encode(m)
	if err != nil {
		t.Fatalf("Encode of a parsed message failed: %v\ninput %q", err, b)
	}
	m2, err := Parse(enc)
	if err != nil {
		t.Fatalf("re-encoded message does not parse: %v\ninput %q\nencoded %q", err, b, enc)
	}
	if !msgEqual(m2, m) {
		t.Fatalf("round trip differs:%s\ninput %q\nencoded %q", diffMsg(m2, m), b, enc)
	}
	enc2, err := Encode(m2)
	if err != nil || !bytes.Equal(enc2, enc) {
		t.Fatalf("encoding is not stable: %v\n%q\n%q", err, enc, enc2)
	}
}

// FuzzScanner checks that a Scanner never panics or loops, that its errors
// are typed, that each message it yields is what Parse makes of Raw() and
// round-trips through Encode, and that the results do not depend on how
// the input is split into reads.
func FuzzScanner(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, uint16(0))
		f.Add(s, uint16(100))
	}
	f.Fuzz(func(t *testing.T, b []byte, limit uint16) {
		lim := int(limit % 2048)
		checkScan(t, b, lim)
		// Also scan the lines of b framed with correct CRCs, so that the
		// stream holds messages with valid frames and random contents.
		var framed []byte
		for i, line := range bytes.Split(b, []byte("\n")) {
			if out, err := AppendFrame(framed, line); err == nil {
				framed = out
				if i%2 == 1 {
					framed = framed[:len(framed)-2] // no line end
				}
			}
		}
		checkScan(t, framed, lim)
	})
}

func checkScan(t *testing.T, b []byte, lim int) {
	whole, s, err := scanAll(t, bytes.NewReader(b), lim)
	if err != nil {
		t.Fatalf("read error from a bytes.Reader: %v", err)
	}
	if s.Discarded() > int64(len(b)) {
		t.Fatalf("discarded %d of %d bytes", s.Discarded(), len(b))
	}
	for _, it := range whole {
		if it.kind != 0 {
			continue
		}
		enc, err := Encode(*it.msg)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		m2, err := Parse(enc)
		if err != nil || !msgEqual(m2, *it.msg) {
			t.Fatalf("round trip: %v", err)
		}
	}
	pieces, _, err := scanAll(t, iotest.OneByteReader(bytes.NewReader(b)), lim)
	if err != nil {
		t.Fatalf("read error: %v", err)
	}
	if len(pieces) != len(whole) {
		t.Fatalf("%d items reading byte by byte, %d reading at once", len(pieces), len(whole))
	}
	for i := range whole {
		w, p := whole[i], pieces[i]
		if (w.msg == nil) != (p.msg == nil) || w.off != p.off || w.line != p.line || (w.msg != nil && !msgEqual(*w.msg, *p.msg)) {
			t.Fatalf("item %d differs: at once %+v, byte by byte %+v", i, w, p)
		}
	}

}
