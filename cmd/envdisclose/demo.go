package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
)

// demoMarker marks a data directory created by the demo, so the demo may
// wipe it on the next run and never touches anything else.
const demoMarker = ".envdisclose-demo"

func runDemo(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "demo", "[--data DIR] [--addr 127.0.0.1:8080]",
		"Create a fresh data directory, ingest the bundled real sample (the national station list\n"+
			"as published in GBK and four days of CNEMC hourly data for 2,026 stations), compute\n"+
			"everything, publish the portal and serve it.")
	fs.Lookup("data").DefValue = "./data-demo"
	_ = fs.Set("data", "./data-demo")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	noServe := fs.Bool("no-serve", false, "stop after building the portal")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := freshDemoDir(c.data); err != nil {
		return err
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	paths, err := sample.WriteTo(filepath.Join(c.data, "inbox"))
	if err != nil {
		st.Close()
		return err
	}
	sums, err := ingest.Paths(ctx, st, paths, ingest.Options{Source: "demo", Log: e.log, Now: time.Now})
	printSummaries(e, sums)
	if err != nil {
		st.Close()
		return err
	}
	if err := build(ctx, e, st, false, false); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	return serve(ctx, e, filepath.Join(c.data, "site"), *addr)
}

// freshDemoDir empties dir when the demo made it, creates it when absent,
// and refuses to touch a directory with other content.
func freshDemoDir(dir string) error {
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("demo data dir %s: %w", dir, err)
	case len(ents) == 0:
	default:
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return fmt.Errorf("demo data dir %s exists and was not made by the demo; choose another with --data", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("reset demo data dir %s: %w", dir, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create demo data dir %s: %w", dir, err)
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), []byte("created by envdisclose demo; safe to delete\n"), 0o644)
}
