package stationlist

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

func TestDecode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "with_county.csv"))
	if err != nil {
		t.Fatal(err)
	}
	l, rj, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !l.HasCounty || len(l.Stations) != 2 || l.Stations[0].County != "西城区" || !l.Stations[1].Control ||
		!math.IsNaN(l.Stations[1].Lon) {
		t.Fatalf("%+v", l)
	}
	if r := rj.Records(); len(r) != 1 || r[0].Reason != obs.ReasonDupStation || r[0].Line != 4 {
		t.Fatalf("%+v", r)
	}
	data, err = os.ReadFile(filepath.Join("testdata", "stations_small.csv"))
	if err != nil {
		t.Fatal(err)
	}
	l, _, err = Decode(data)
	if err != nil || l.HasCounty || len(l.Stations) != 3 {
		t.Fatalf("%v %+v", err, l)
	}
}
