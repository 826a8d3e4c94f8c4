package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// runHealthcheck asks a running server's /healthz (for the container
// HEALTHCHECK: the runtime image has no shell or curl).
func runHealthcheck(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags(e, "healthcheck", "[--url http://127.0.0.1:8080/healthz]",
		"Exit 0 when the server answers 200 on its health URL, 1 otherwise.")
	url := fs.String("url", "http://127.0.0.1:8080/healthz", "health URL")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	if err := parse(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("health URL %q: %w", *url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s answered %s", *url, resp.Status)
	}
	fmt.Fprintln(e.stdout, "healthy")
	return nil
}
