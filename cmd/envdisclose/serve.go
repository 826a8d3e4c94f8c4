package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/envdisclose/envdisclose/publish"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "serve", "[--data DIR] [--addr 127.0.0.1:8080]",
		"Serve the published portal of DIR/site over HTTP until interrupted (SIGINT/SIGTERM).")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	if err := parse(fs, args); err != nil {
		return err
	}
	return serve(ctx, e, c.data+"/site", *addr)
}

func serve(ctx context.Context, e *env, siteDir, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           publish.Handler(siteDir, e.log),
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
