package main

import (
	"context"
	"fmt"
	"slices"
)

func runRun(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "run", "JOB [--config FILE] [--data DIR]",
		"Run one job of `serve` once (trigger manual, recorded in job_run) and exit with its\n"+
			"status: ingest (the inbox), transform (recompute + publish), source:<name> (a folder\n"+
			"source of the config). Not while `serve` holds the same data directory.")
	cfgPath := fs.String("config", "", "TOML configuration; none = defaults")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	name := fs.Arg(0)
	cfg, err := loadConfig(e, fs, c, *cfgPath)
	if err != nil {
		return err
	}
	st, srv, err := openServer(ctx, e, c, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	names := srv.Scheduler().Names()
	if !slices.Contains(names, name) {
		fmt.Fprintf(e.stderr, "envdisclose run: no job %q; jobs: %v\n", name, names)
		return errUsage
	}
	if err := srv.Scheduler().RunNow(ctx, name, "manual"); err != nil {
		return fmt.Errorf("job %s: %w", name, err)
	}
	fmt.Fprintf(e.stdout, "job %s: ok\n", name)
	return nil
}
