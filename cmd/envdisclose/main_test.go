package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// run calls the command line in-process and returns its exit code and output.
func run(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := realMain(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpOfEveryCommand(t *testing.T) {
	ctx := context.Background()
	if code, out, _ := run(t, ctx, "--help"); code != 0 || !strings.Contains(out, "ingest") {
		t.Fatalf("--help: %d %q", code, out)
	}
	for _, c := range commands() {
		code, _, errOut := run(t, ctx, c.name, "--help")
		if code != 0 || !strings.Contains(errOut, "Usage: envdisclose "+c.name) {
			t.Errorf("%s --help: exit %d, %q", c.name, code, errOut)
		}
	}
	if code, _, errOut := run(t, ctx, "nosuch"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := run(t, ctx, "export", "--data", t.TempDir()); code != 2 {
		t.Errorf("export without dataset: exit %d, want 2", code)
	}
}

// TestDemoEndToEnd runs the main job on the bundled real sample: ingest,
// transform, publish, export, re-ingest (no-op) and serve.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "demo")
	code, out, errOut := run(t, ctx, "demo", "--data", data, "--no-serve")
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "china_sites_20230122.csv.gz") || !strings.Contains(out, "accepted") {
		t.Fatalf("demo summary lacks the files:\n%s", out)
	}

	// The AQI we computed equals the officially published one on every
	// station-hour that carries one.
	db := openDB(t, filepath.Join(data, "envdisclose.duckdb"))
	var withOfficial, mismatched int
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE a.aqi IS DISTINCT FROM h.aqi_reported)
		FROM air_hour h JOIN air_aqi_hour a USING (station_code, time) WHERE h.aqi_reported IS NOT NULL`).
		Scan(&withOfficial, &mismatched); err != nil {
		t.Fatal(err)
	}
	if withOfficial != 157750 || mismatched != 0 {
		t.Fatalf("official AQI: %d station-hours, %d mismatched; want 157750 and 0", withOfficial, mismatched)
	}
	db.Close()

	// export air-hourly: exact header, one row per station-hour.
	hourly := filepath.Join(t.TempDir(), "air-hourly.csv")
	if code, _, errOut := run(t, ctx, "export", "air-hourly", "--data", data, "--format", "csv", "--out", hourly); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	recs := readCSV(t, hourly)
	wantHeader := "station_code,time,aqi,primary_pollutant,category,level,iaqi_pm25,iaqi_pm10,iaqi_so2,iaqi_no2,iaqi_o3,iaqi_co"
	if got := strings.Join(recs[0], ","); got != wantHeader {
		t.Fatalf("air-hourly header\n got %s\nwant %s", got, wantHeader)
	}
	if len(recs) < 157750 {
		t.Fatalf("air-hourly has %d rows", len(recs)-1)
	}
	// 2647A at 2023-01-22 12:00: SO2 952 µg/m³, official AQI 200 (PROVENANCE).
	found := false
	for _, r := range recs[1:] {
		if r[0] == "2647A" && r[1] == "2023-01-22T12:00:00+08:00" {
			found = true
			if r[2] != "200" || r[3] != "SO2" {
				t.Errorf("2647A 2023-01-22 12:00: aqi %s primary %s, want 200 SO2", r[2], r[3])
			}
		}
	}
	if !found {
		t.Error("2647A 2023-01-22 12:00 missing from air-hourly")
	}

	// The other datasets and formats open.
	for _, ds := range []string{"air-daily", "region-monthly"} {
		code, out, errOut := run(t, ctx, "export", ds, "--data", data, "--out", "-")
		if code != 0 {
			t.Fatalf("export %s: %d %s", ds, code, errOut)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("export %s: %d records, %v", ds, len(recs), err)
		}
	}
	pq := filepath.Join(t.TempDir(), "daily.parquet")
	if code, _, errOut := run(t, ctx, "export", "air-daily", "--data", data, "--format", "parquet", "--out", pq); code != 0 {
		t.Fatalf("export parquet: %d %s", code, errOut)
	}
	mem := openDB(t, "")
	var n int
	if err := mem.QueryRow(fmt.Sprintf(`SELECT count(*) FROM read_parquet('%s')`, pq)).Scan(&n); err != nil || n == 0 {
		t.Fatalf("parquet export: %d rows, %v", n, err)
	}
	mem.Close()

	// Re-ingesting the same files is a no-op.
	code, out, errOut = run(t, ctx, "ingest", "--data", data, filepath.Join(data, "inbox"))
	if code != 0 || strings.Count(out, "already received") != 10 {
		t.Fatalf("re-ingest: exit %d\n%s\n%s", code, out, errOut)
	}

	// A file of unknown kind is rejected with a reason, and the exit status says so.
	junk := filepath.Join(t.TempDir(), "notes.csv")
	if err := os.WriteFile(junk, []byte("hello,world\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = run(t, ctx, "ingest", "--data", data, junk)
	if code != 1 || !strings.Contains(out, "rejected") || !strings.Contains(errOut, "1 of 1 files rejected") {
		t.Fatalf("junk: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, _ := run(t, ctx, "files", "--data", data); code != 0 || !strings.Contains(out, "notes.csv") {
		t.Fatalf("files: %d\n%s", code, out)
	}

	// serve answers with the portal and our own echarts, and stops on cancel.
	addr := freeAddr(t)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan int, 1)
	go func() {
		code, _, _ := run(t, sctx, "serve", "--data", data, "--addr", addr)
		done <- code
	}()
	body := get(t, "http://"+addr+"/")
	if !strings.Contains(body, "空气") {
		t.Errorf("home page lacks Chinese title: %.300s", body)
	}
	if js := get(t, "http://"+addr+"/assets/echarts.min.js"); len(js) < 100000 {
		t.Errorf("echarts.min.js is %d bytes", len(js))
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exit %d", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	c, err := duckdb.NewConnector(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sql.OpenDB(c)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func get(t *testing.T, url string) string {
	t.Helper()
	var lastErr error
	for i := 0; i < 100; i++ {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %s", url, resp.Status)
			}
			return string(b)
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s: %v", url, lastErr)
	return ""
}
