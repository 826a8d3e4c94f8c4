package server

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/ingest/hj212"
	"github.com/envdisclose/envdisclose/internal/sample"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
)

// A gas outlet of the bundled Ningxia roster, given an MN by the test.
const (
	hjOutlet = "91640000054603712K-01"
	hjMN     = "88888880000001"
)

func seedOutletMN(t *testing.T, st *store.Store) {
	t.Helper()
	dir := t.TempDir()
	if _, err := sample.WritePolluters(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := polluter.LoadRoster(context.Background(), st, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec(`UPDATE outlet SET mn = ? WHERE outlet_code = ? AND valid_to IS NULL`, hjMN, hjOutlet); err != nil {
		t.Fatal(err)
	}
}

// hjEnv is a server with the HJ 212 listener on 127.0.0.1 (not Run: the
// listener alone).
type hjEnv struct {
	*env
	hs   *hj212Server
	addr string
}

func startHJ(t *testing.T, batch time.Duration) *hjEnv {
	t.Helper()
	e := start(t, envOpt{noRun: true, setup: func(st *store.Store) { seedOutletMN(t, st) },
		cfg: func(c *config.Config) {
			c.HJ212.BatchInterval = config.Duration{Duration: batch}
			c.HJ212.IdleTimeout = config.Duration{Duration: 5 * time.Second}
			c.HJ212.MaxConnections = 4
		}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := e.srv.newHJ212(ln)
	ctx, cancel := context.WithCancel(context.Background())
	go hs.serve(ctx)
	t.Cleanup(func() {
		sctx, c2 := context.WithTimeout(context.Background(), 10*time.Second)
		defer c2()
		_ = hs.shutdown(sctx)
		cancel()
	})
	return &hjEnv{env: e, hs: hs, addr: ln.Addr().String()}
}

// hourMsg is an hourly message of hjMN (or mn) for hour h of 2024-03-05;
// answer sets the Flag bit asking for a CN 9014 answer.
func hourMsg(mn string, h int, answer bool) (hj212.Message, []byte) {
	start := time.Date(2024, 3, 5, h, 0, 0, 0, hj212.CST)
	flag := hj212.Flag2017
	if answer {
		flag |= hj212.FlagAnswer
	}
	m := hj212.Message{QN: start.Format("20060102150405") + "000", ST: hj212.STWasteGas, CN: hj212.CNHourly, PW: "123456", MN: mn,
		Flag: flag, HasFlag: true, DataTime: start, Pollutants: []hj212.Pollutant{
			{Code: "a21026", Avg: hj212.Val(12 + float64(h)), ZsAvg: hj212.Val(15), Flag: "N"},
			{Code: "a21002", Avg: hj212.Val(80), ZsAvg: hj212.Val(90), Flag: "N"},
		}}
	return m, hj212.MustEncode(m)
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readAnswers reads n messages from c (10 s at most).
func readAnswers(t *testing.T, c net.Conn, n int) []hj212.Message {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	sc := hj212.NewScanner(c)
	var out []hj212.Message
	for len(out) < n {
		m, err := sc.Next()
		if err != nil {
			t.Fatalf("after %d answers: %v", len(out), err)
		}
		out = append(out, m)
	}
	return out
}

func (h *hjEnv) hourRows() int64 {
	return h.count(`SELECT count(DISTINCT time) FROM emission_value WHERE outlet_code = ? AND period = 'hour'`, hjOutlet)
}

func TestHJ212Listener(t *testing.T) {
	h := startHJ(t, 100*time.Millisecond)
	c := dial(t, h.addr)

	// Good (answer asked), bad CRC, split byte by byte, interleaved with
	// garbage, and one of an unknown MN.
	m1, b1 := hourMsg(hjMN, 9, true)
	if _, err := c.Write(b1); err != nil {
		t.Fatal(err)
	}
	ans := readAnswers(t, c, 1)
	if ans[0].CN != hj212.CNDataAnswer || ans[0].QN != m1.QN || ans[0].MN != hjMN || ans[0].NeedsAnswer() {
		t.Fatalf("answer %+v", ans[0])
	}
	_, bad := hourMsg(hjMN, 10, true)
	bad = []byte(string(bad))
	i := strings.LastIndex(string(bad), "\r\n") - 4
	bad[i] ^= 0x01 // a CRC digit
	if bad[i] < '0' || (bad[i] > '9' && bad[i] < 'A') {
		bad[i] = 'F'
	}
	if _, err := c.Write(bad); err != nil {
		t.Fatal(err)
	}
	_, b11 := hourMsg(hjMN, 11, true)
	for j := range b11 {
		if _, err := c.Write(b11[j : j+1]); err != nil {
			t.Fatal(err)
		}
	}
	_, b12 := hourMsg(hjMN, 12, false)
	_, b13 := hourMsg(hjMN, 13, true)
	_, unk := hourMsg("99999990000009", 12, false)
	mixed := string(b12) + "garbage\x00\xff" + string(b13[:20])
	if _, err := c.Write([]byte(mixed)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if _, err := c.Write(append(append([]byte(nil), b13[20:]...), unk...)); err != nil {
		t.Fatal(err)
	}
	// Answers for hours 11 and 13 (9 is answered, 10 bad, 12 and unk ask none).
	ans = readAnswers(t, c, 2)
	if ans[0].QN != "20240305110000000" || ans[1].QN != "20240305130000000" {
		t.Fatalf("answers %s %s", ans[0].QN, ans[1].QN)
	}
	waitFor(t, 10*time.Second, "rows", func() bool { return h.hourRows() == 4 })
	if n := h.count(`SELECT count(*) FROM file_ledger WHERE source LIKE 'hj212:%'`); n < 2 {
		t.Fatalf("%d hj212 ledger entries", n)
	}
	if n := h.count(`SELECT count(*) FROM reject r JOIN file_ledger f USING (file_id) WHERE f.source LIKE 'hj212:%' AND (r.value LIKE '%99999990000009%' OR r.field = 'MN')`); n < 1 {
		var rs []string
		rows, _ := h.st.DB.Query(`SELECT coalesce(field,''), coalesce(value,''), reason FROM reject`)
		for rows.Next() {
			var a, b, c string
			_ = rows.Scan(&a, &b, &c)
			rs = append(rs, a+"|"+b+"|"+c)
		}
		rows.Close()
		t.Fatalf("no reject for the unknown MN: %v", rs)
	}
	cs := h.srv.met.snapshot()
	if len(cs.badReasons) != 1 || cs.badReasons[0] != "badcrc" || cs.badVals[0] != 1 {
		t.Fatalf("bad packets %v %v", cs.badReasons, cs.badVals)
	}

	// Resending the same messages (a device that missed an answer) lands
	// nothing twice.
	c2 := dial(t, h.addr)
	if _, err := c2.Write([]byte(string(b1) + string(b11))); err != nil {
		t.Fatal(err)
	}
	readAnswers(t, c2, 2)
	before := h.count(`SELECT count(*) FROM file_ledger WHERE source LIKE 'hj212:%'`)
	waitFor(t, 10*time.Second, "second batch", func() bool {
		return h.count(`SELECT count(*) FROM file_ledger WHERE source LIKE 'hj212:%'`) > before || h.srv.met.snapshot().batches >= 3
	})
	if n := h.count(`SELECT count(*) FROM emission_value WHERE outlet_code = ? AND period = 'hour'`, hjOutlet); n != 8 {
		t.Fatalf("emission_value has %d hourly rows, want 8 (4 hours x 2 pollutants)", n)
	}

	// Abrupt disconnect mid-message and garbage: the listener goes on.
	c3 := dial(t, h.addr)
	_, b14 := hourMsg(hjMN, 14, true)
	_, _ = c3.Write(b14[:30])
	c3.Close()
	c4 := dial(t, h.addr)
	_, _ = c4.Write([]byte(strings.Repeat("##9999zzzz\r\n", 50) + "\x00\x01\x02"))
	c4.Close()
	c5 := dial(t, h.addr)
	if _, err := c5.Write(b14); err != nil {
		t.Fatal(err)
	}
	readAnswers(t, c5, 1)
	waitFor(t, 10*time.Second, "hour 14", func() bool { return h.hourRows() == 5 })

	var p promWriter
	h.srv.cfg.HJ212.Listen = "127.0.0.1:0" // metrics of the listener are shown when configured
	if err := h.srv.writeMetrics(t.Context(), &p); err != nil {
		t.Fatal(err)
	}
	out := p.b.String()
	for _, want := range []string{"envdisclose_hj212_connections_total 5", `envdisclose_hj212_bad_packets_total{reason="badcrc"} 1`, "envdisclose_hj212_messages_total"} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestHJ212CloseDrains(t *testing.T) {
	h := startHJ(t, time.Hour) // only a full batch or the shutdown lands
	c := dial(t, h.addr)
	var all []byte
	for hr := 0; hr < 3; hr++ {
		_, b := hourMsg(hjMN, hr, hr == 2)
		all = append(all, b...)
	}
	if _, err := c.Write(all); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "messages read", func() bool { return h.srv.met.snapshot().msgs == 3 })
	if n := h.hourRows(); n != 0 {
		t.Fatalf("%d rows before the shutdown", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- h.hs.shutdown(ctx) }()
	ans := readAnswers(t, c, 1)
	if ans[0].QN != "20240305020000000" {
		t.Fatalf("answer %s", ans[0].QN)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if n := h.hourRows(); n != 3 {
		t.Fatalf("%d rows after the shutdown, want 3", n)
	}
	if _, err := net.DialTimeout("tcp", h.addr, time.Second); err == nil {
		t.Fatal("listener still accepting")
	}
	if cs := h.srv.met.snapshot(); cs.connsOpen != 0 {
		t.Fatalf("%d connections open", cs.connsOpen)
	}
}

func TestHJ212RunConfigured(t *testing.T) {
	e := start(t, envOpt{setup: func(st *store.Store) { seedOutletMN(t, st) },
		cfg: func(c *config.Config) {
			// A free port picked by the kernel, then handed to the config.
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			c.HJ212.Listen = ln.Addr().String()
			ln.Close()
			c.HJ212.BatchInterval = config.Duration{Duration: 50 * time.Millisecond}
		}})
	var c net.Conn
	waitFor(t, 5*time.Second, "hj212 listener", func() bool {
		var err error
		c, err = net.Dial("tcp", e.srv.cfg.HJ212.Listen)
		return err == nil
	})
	defer c.Close()
	_, b := hourMsg(hjMN, 5, true)
	if _, err := c.Write(b); err != nil {
		t.Fatal(err)
	}
	readAnswers(t, c, 1)
	waitFor(t, 10*time.Second, "row", func() bool {
		return e.count(`SELECT count(*) FROM emission_value WHERE outlet_code = ?`, hjOutlet) == 2
	})
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
}
