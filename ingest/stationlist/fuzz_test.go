package stationlist

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode: no input may panic the decoder.
func FuzzDecode(f *testing.F) {
	for _, n := range []string{"with_county.csv", "stations_small.csv"} {
		if b, err := os.ReadFile(filepath.Join("testdata", n)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _ = Decode(data)
	})
}
