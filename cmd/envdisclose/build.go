package main

import (
	"context"
	"fmt"
	"time"

	"github.com/envdisclose/envdisclose/pipeline"
	"github.com/envdisclose/envdisclose/store"
)

func runBuild(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "build", "[--data DIR]",
		"Recompute what new data touched (hourly AQI, daily values, region days and months,\n"+
			"rankings) with the standards in force for each period, then publish the portal into\n"+
			"DIR/site atomically (a reader never sees half a site).")
	all := fs.Bool("all", false, "recompute every period, not only those touched by new data")
	accept := fs.Bool("accept-standard-change", false, "allow recomputing periods whose standards tables changed")
	cfgPath := fs.String("config", "", "configuration file (bulletin policies, bureau, region level); default: built-in defaults")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, fs, c, *cfgPath)
	if err != nil {
		return err
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	return build(ctx, e, st, pipeline.Options{All: *all, AcceptStandardChange: *accept, Config: &cfg, NewReleases: pipeline.Products()})
}

// build runs the pipeline (opt's Log and Now are set here) and prints a
// summary line.
func build(ctx context.Context, e *env, st *store.Store, opt pipeline.Options) error {
	t0 := time.Now()
	opt.Log, opt.Now = e.log, time.Now
	rep, err := pipeline.Build(ctx, st, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "built %s in %.1fs: %d station-hours of AQI, %d water site-months, %d polluter days, %d incidents, %d pages\n",
		st.SiteDir(), time.Since(t0).Seconds(), rep.Air.Rows["air_aqi_hour"], rep.Water.SiteMonths,
		rep.Polluters.DayRows, rep.Incidents.Public, rep.Publish.Pages)
	return nil
}
