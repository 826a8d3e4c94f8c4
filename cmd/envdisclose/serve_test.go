package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunAndJobs: `run ingest` takes the inbox once and `jobs` lists it.
func TestRunAndJobs(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	inbox := filepath.Join(data, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	// A long-layout file for a station not in the registry: rejected rows,
	// but the file is in the ledger, so it is archived.
	csv := "station_code,time,pm25,pm10,so2,no2,o3,co\n1001A,2023-01-20 01:00,10,20,3,4,5,0.5\n"
	if err := os.WriteFile(filepath.Join(inbox, "a.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Minute)
	os.Chtimes(filepath.Join(inbox, "a.csv"), old, old)
	if code, out, errOut := run(t, ctx, "run", "ingest", "--data", data); code != 0 || !strings.Contains(out, "job ingest: ok") {
		t.Fatalf("run ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(inbox, "a.csv")); err == nil {
		t.Error("inbox file not archived")
	}
	if m, _ := filepath.Glob(filepath.Join(data, "archive", "*", "a.csv")); len(m) != 1 {
		t.Errorf("archive: %v", m)
	}
	code, out, errOut := run(t, ctx, "jobs", "--data", data)
	if code != 0 || !regexp.MustCompile(`(?m)^ingest\s+manual\s+-\s+\S+ \S+\s+\S+\s+ok\s+0`).MatchString(out) {
		t.Fatalf("jobs: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, ctx, "run", "nosuch", "--data", data); code != 2 || !strings.Contains(errOut, "no job") {
		t.Errorf("run nosuch: exit %d %s", code, errOut)
	}
	if code, _, _ := run(t, ctx, "run", "--data", data); code != 2 {
		t.Errorf("run without a job: exit %d", code)
	}
}

// TestServeSIGTERM builds the binary, starts `serve --config`, checks the
// API answers, sends a real SIGTERM and expects exit status 0.
func TestServeSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "envdisclose")
	build := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	cfg := filepath.Join(dir, "envdisclose.toml")
	toml := "data_dir = \"" + data + "\"\nlisten = \"127.0.0.1:0\"\n[schedules]\ningest = \"* * * * *\"\ntransform = \"\"\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--config", cfg)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	var base string
	select {
	case l := <-lines:
		m := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(l)
		if m == "" {
			t.Fatalf("first line %q", l)
		}
		base = m
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	res, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("openapi.json: %v %v", res, err)
	}
	res.Body.Close()
	if res, err := http.Get(base + "/healthz"); err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("healthz without a site: %v %v", res, err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit within 20 s of SIGTERM")
	}
}
