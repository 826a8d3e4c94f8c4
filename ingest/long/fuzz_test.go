package long

import (
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// FuzzDecodeCSV: no input may panic the decoder.
func FuzzDecodeCSV(f *testing.F) {
	f.Add([]byte("station_code,time,pm25,pm10,so2,no2,o3,co,aqi\n1001A,2023-01-20 01:00,1,2,3,4,5,0.6,7\n"))
	f.Add([]byte("time,station,pm2.5,pm10,so2,no2,o3,co\n\"2023-01-20T01:00:00+08:00\",1001A,NA,,-,1e3,x,\n"))
	lim, err := obs.DefaultLimits()
	if err != nil {
		f.Fatal(err)
	}
	chk := obs.NewCheck(obs.NewRegistry([]string{"1001A"}), lim, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _ = DecodeCSV(data, chk)
	})
}
