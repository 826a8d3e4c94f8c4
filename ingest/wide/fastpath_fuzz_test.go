package wide

import (
	"bytes"
	"testing"
)

// FuzzFastPath: on any input that decodes (without quotes, which take the
// general path anyway), the one-pass fast path of row gives exactly the
// batch and rejects of the general, field-by-field path.
func FuzzFastPath(f *testing.F) {
	f.Add([]byte("date,hour,type,1001A,1002A,9999Z\n20230120,1,PM2.5,12.5,3.,7\n20230120,1,AQI,1.5,.5,0\n"))
	f.Add([]byte("date,hour,type,1001A,1002A\n20230120,2,CO,0.000000000000001,1234567890123456\n20230120,2,O3,99999,007\n"))
	chk := check(f, "1001A", "1002A")
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.IndexByte(data, '"') >= 0 {
			return
		}
		if _, _, err := Decode(data, chk); err != nil {
			return
		}
		decodeBoth(t, data, chk)
	})
}
