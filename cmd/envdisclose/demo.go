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
	"github.com/envdisclose/envdisclose/pipeline"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
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
	if err := loadDemo(ctx, e, st, c.data); err != nil {
		st.Close()
		return err
	}
	// The demo has no reviewer: the bulletins under review are approved at
	// once (in the ledger as approved by "envdisclose demo") so the portal
	// shows them as a bureau's would after review.
	if err := build(ctx, e, st, pipeline.Options{ApproveAs: "envdisclose demo", NewReleases: pipeline.Products()}); err != nil {
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

// loadDemo ingests the bundled real sample (air, the CNEMC water snapshot,
// the Ningxia polluter roster) and the generated data that no public raw
// source offers (drinking-water samples, a polluter month, incidents;
// ledger source "generated", labelled as generated on every page).
func loadDemo(ctx context.Context, e *env, st *store.Store, dataDir string) error {
	inbox := filepath.Join(dataDir, "inbox")
	now := time.Now()
	real := []func(string) ([]string, error){sample.WriteTo, sample.WriteWater}
	var paths []string
	for _, w := range real {
		p, err := w(inbox)
		if err != nil {
			return err
		}
		paths = append(paths, p...)
	}
	sums, err := ingest.Paths(ctx, st, paths, ingest.Options{Source: "demo", Log: e.log, Now: time.Now})
	printSummaries(e, sums)
	if err != nil {
		return err
	}
	genDir := filepath.Join(inbox, "generated")
	gen, err := sample.GenerateWater(genDir, now.Year()-2, now.Year()-1, 1)
	if err != nil {
		return err
	}
	inc, err := sample.GenerateIncidents(genDir, now.Year()-1, 1)
	if err != nil {
		return err
	}
	sums, err = ingest.Paths(ctx, st, append(gen, inc), ingest.Options{Source: "generated", Log: e.log, Now: time.Now})
	printSummaries(e, sums)
	if err != nil {
		return err
	}
	rosterDir := filepath.Join(dataDir, "reference", "polluters")
	if _, err := sample.WritePolluters(rosterDir); err != nil {
		return err
	}
	n, err := polluter.LoadRoster(ctx, st, rosterDir)
	if err != nil {
		return err
	}
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	v, err := polluter.Generate(ctx, st, polluter.GenOptions{Month: month, Seed: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "polluters: real Ningxia roster (%d rows), generated hourly emissions for %s (%d values)\n",
		n, month.Format("2006-01"), v)
	return nil
}
