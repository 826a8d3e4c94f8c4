package ingest

import (
	"context"
	"testing"

	"github.com/envdisclose/envdisclose/ingest/obs"
	"github.com/envdisclose/envdisclose/store"
)

// A station pushing with its own token may land only its own rows; a file
// of another kind is refused whole.
func TestOnlyStation(t *testing.T) {
	st := openStore(t)
	seedSmallRegistry(t, st)
	opt := testOpts()
	opt.OnlyStation = "1001A"
	s, err := Bytes(context.Background(), st, "long.csv", []byte(longCSV), opt)
	if err != nil {
		t.Fatal(err)
	}
	if e := s.Entry; e.Outcome != store.OutcomePartial || e.RowsAccepted != 2 || e.RowsRejected != 1 {
		t.Fatalf("%+v", e)
	}
	rs, err := st.Rejects(context.Background(), s.Entry.ID, 0)
	if err != nil || len(rs) != 1 || rs[0].Reason != obs.ReasonOtherStation || rs[0].Value != "1002A" {
		t.Fatalf("rejects %+v, %v", rs, err)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour WHERE station_code = '1002A'`); n != 0 {
		t.Fatalf("%d rows of another station landed", n)
	}
	sites := "断面编码,断面名称,省份,城市,区县,流域,水体类型,是否饮用水源地,水源地级别,是否考核断面,目标水质类别,经度,纬度\n" +
		"W001,东桥,宁夏回族自治区,银川市,兴庆区,黄河流域,河流,否,,是,Ⅲ,106.28,38.47\n"
	s, err = Bytes(context.Background(), st, "sites.csv", []byte(sites), opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entry.Outcome != store.OutcomeRejected || len(s.Reasons) != 1 || s.Reasons[0].Reason != obs.ReasonStationKind {
		t.Fatalf("%+v %+v", s.Entry, s.Reasons)
	}
}
