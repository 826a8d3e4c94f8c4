package wide

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode: no input may panic the decoder.
func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "small.csv")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("date,hour,type,1001A\n20230120,0,AQI,\"5\"\n"))
	chk := check(f, "1001A", "1002A")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _ = Decode(data, chk)
	})
}
