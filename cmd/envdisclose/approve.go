package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/pipeline"
	"github.com/envdisclose/envdisclose/release"
)

func runApprove(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "approve", "PRODUCT PERIOD --by NAME [--data DIR]",
		"Publish the newest draft of a reviewed product for a period (先审查后公开) and record who\n"+
			"approved it and when; then rebuild the portal. PRODUCT: air-monthly, water-monthly,\n"+
			"quarterly; PERIOD: 2026-10 or 2026Q3. A 依申请公开 product is released for disclosure on\n"+
			"request (not on the portal); a 不予公开 product cannot be approved.")
	by := fs.String("by", os.Getenv("USER"), "who approves (default $USER)")
	noBuild := fs.Bool("no-build", false, "do not rebuild the portal afterwards")
	cfgPath := fs.String("config", "", "configuration file used by the rebuild (as for build)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, fs, c, *cfgPath)
	if err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(e.stderr, "approve: PRODUCT and PERIOD are required")
		fs.Usage()
		return errUsage
	}
	if strings.TrimSpace(*by) == "" {
		fmt.Fprintln(e.stderr, "approve: --by NAME is required ($USER is not set)")
		return errUsage
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := release.Approve(ctx, st, fs.Arg(0), fs.Arg(1), *by, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "approved %s %s v%d: %s (%s) by %s at %s\n%s\n", p.Product, p.Period, p.Version,
		p.Status, p.Disclosure, p.ApprovedBy, p.ApprovedAt.Format("2006-01-02 15:04:05"), p.Dir)
	if !p.Deadline.IsZero() {
		state := "on time"
		if !p.OnTime {
			state = "late"
		}
		fmt.Fprintf(e.stdout, "deadline %s: %s\n", p.Deadline.Format("2006-01-02"), state)
	}
	if *noBuild || p.Status != release.Public {
		return nil
	}
	return build(ctx, e, st, pipeline.Options{Config: &cfg})
}

func runVerify(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags(e, "verify", "DIR...",
		"Check a release version directory (DATA/releases/<product>/<period>/v<N>/, or a downloaded\n"+
			"copy) against its MANIFEST.sha256: every listed file present with its SHA-256, no other\n"+
			"file. Same check as `cd DIR && sha256sum -c MANIFEST.sha256`, plus unlisted files.")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "verify: DIR is required")
		fs.Usage()
		return errUsage
	}
	var bad int
	for _, dir := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := release.Verify(dir); err != nil {
			fmt.Fprintln(e.stdout, "FAILED", err)
			bad++
			continue
		}
		fmt.Fprintln(e.stdout, "OK", dir)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d release directories failed verification", bad, fs.NArg())
	}
	return nil
}
