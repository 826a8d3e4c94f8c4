package main

import (
	"context"
	"fmt"
	"time"

	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

func runBuild(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "build", "[--data DIR]",
		"Recompute what new data touched (hourly AQI, daily values, region days and months,\n"+
			"rankings) with the standards in force for each period, then publish the portal into\n"+
			"DIR/site atomically (a reader never sees half a site).")
	all := fs.Bool("all", false, "recompute every period, not only those touched by new data")
	accept := fs.Bool("accept-standard-change", false, "allow recomputing periods whose standards tables changed")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	return build(ctx, e, st, *all, *accept)
}

func build(ctx context.Context, e *env, st *store.Store, all, accept bool) error {
	t0 := time.Now()
	rep, err := transform.Run(ctx, st, transform.Options{All: all, AcceptStandardChange: accept, Log: e.log})
	if err != nil {
		return fmt.Errorf("transform: %w", err)
	}
	e.log.Info("transform done", "report", rep, "seconds", time.Since(t0).Seconds())
	t1 := time.Now()
	prep, err := publish.Build(ctx, st, publish.Options{Log: e.log, Now: time.Now})
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	e.log.Info("portal published", "dir", st.SiteDir(), "report", prep, "seconds", time.Since(t1).Seconds())
	fmt.Fprintf(e.stdout, "built %s in %.1fs\n", st.SiteDir(), time.Since(t0).Seconds())
	return nil
}
