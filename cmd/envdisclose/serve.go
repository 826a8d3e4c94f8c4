package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/server"
	"github.com/envdisclose/envdisclose/store"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "serve", "[--config FILE] [--data DIR] [--addr 127.0.0.1:8080]",
		"Run the portal, the station push API (/api/v1, documented at /api/v1/openapi.json),\n"+
			"/healthz, /metrics and the scheduled jobs (inbox and folder ingest, transform +\n"+
			"publish) in one process until SIGINT/SIGTERM. Runs missed while the process was down\n"+
			"are caught up once at start. --data and --addr override the config file.")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (overrides listen of the config)")
	cfgPath := fs.String("config", "", "TOML configuration (envdisclose.example.toml); none = defaults")
	grace := fs.Duration("grace", 30*time.Second, "at a stop, how long the running job and requests may take before they are cancelled")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, fs, c, *cfgPath)
	if err != nil {
		return err
	}
	if set(fs, "addr") || *cfgPath == "" {
		cfg.Listen = *addr
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(st, cfg, server.Options{Log: e.log, ShutdownTimeout: *grace, BuildAtStart: true})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	fmt.Fprintf(e.stdout, "serving %s at http://%s/ (API /api/v1, jobs %v; Ctrl-C to stop)\n", st.SiteDir(), ln.Addr(), srv.Scheduler().Names())
	return srv.Run(ctx, ln)
}

// loadConfig reads the config file (or the defaults) and applies --data
// over it; c.data is set to the data directory in effect. A config's log
// settings apply unless ENVDISCLOSE_LOG_* are set.
func loadConfig(e *env, fs *flag.FlagSet, c *common, path string) (config.Config, error) {
	cfg := config.Default()
	if path != "" {
		var err error
		if cfg, err = config.Load(path); err != nil {
			return cfg, err
		}
		if os.Getenv("ENVDISCLOSE_LOG_LEVEL") == "" && os.Getenv("ENVDISCLOSE_LOG_FORMAT") == "" {
			e.log = newLogger(e.stderr, cfg.Log.Level, cfg.Log.Format)
		}
	} else if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if set(fs, "data") || path == "" {
		cfg.DataDir = c.data
	}
	c.data = cfg.DataDir
	return cfg, nil
}

// set reports whether the flag was given on the command line.
func set(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// openServer opens the store of cfg and makes the server with its jobs
// (for `run`).
func openServer(ctx context.Context, e *env, c *common, cfg config.Config) (*store.Store, *server.Server, error) {
	st, err := c.open(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	srv, err := server.New(st, cfg, server.Options{Log: e.log})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, srv, nil
}

// serve serves the published portal only (used by demo).
func serve(ctx context.Context, e *env, siteDir, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           publish.Handler(siteDir, e.log, nil), // nothing builds while the demo serves
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(e.stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", siteDir, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	e.log.Info("server stopped")
	return nil
}
