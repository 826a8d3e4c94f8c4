package hj212

import (
	"bytes"
	"io"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct {
		name string
		i    int
	}{{"gas2011", 0}, {"gas2061", 1}, {"water2051", 2}} {
		b.Run(bc.name, func(b *testing.B) {
			msg := MustEncode(genMessage(bc.i))
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Parse(msg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	m := genMessage(1)
	buf := MustEncode(m)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var err error
		if buf, err = AppendEncode(buf[:0], &m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func BenchmarkScanner(b *testing.B) {
	const n = 1000
	var stream []byte
	for i := range n {
		stream = MustEncodeAppend(stream, genMessage(i))
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := NewScanner(bytes.NewReader(stream))
		count := 0
		for {
			_, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("%d messages", count)
		}
	}
	b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "msgs/s")
}
