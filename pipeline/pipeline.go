// Package pipeline runs the whole transform (air, water, key polluters,
// incidents) and then publishes the portal: the one sequence behind
// `envdisclose build`, the demo and the scheduled jobs.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
	"github.com/envdisclose/envdisclose/transform/incident"
	"github.com/envdisclose/envdisclose/transform/polluter"
	"github.com/envdisclose/envdisclose/transform/water"
)

// Options configure Build.
type Options struct {
	All                  bool // recompute every period, not only those touched by new data
	AcceptStandardChange bool // allow recomputing periods whose standards tables changed
	NoPublish            bool // stop after the transform
	Log                  *slog.Logger
	Now                  func() time.Time
	// Config supplies the release policies of the periodic products
	// (disclosure, review, deadline), the bureau name and the region level
	// of the rankings; nil = config.Default().
	Config *config.Config
	// Readers (may be nil) counts who reads which build (serve's portal
	// requests and hooks): the publish stage does not pool their files.
	Readers *publish.Readers
	// ApproveAs approves every new draft at once in this name (the demo
	// only; "" = drafts wait for `envdisclose approve`).
	ApproveAs string
	// NewReleases are the products whose ended periods get their first
	// bulletin release (`envdisclose build`: all; the monthly and quarterly
	// jobs: theirs). Other products only have their released periods that
	// got new data re-checked (errata).
	NewReleases []string
}

// Report says what each stage did and how long it took.
type Report struct {
	Air       transform.Report
	Water     water.Report
	Polluters polluter.Report
	Incidents incident.Report
	Releases  ReleaseReport
	Publish   publish.Report
	Took      map[string]time.Duration
}

// Build transforms every dataset and publishes the portal. A failing stage
// stops the sequence; the previously published portal stays in place.
func Build(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	rep := Report{Took: map[string]time.Duration{}}
	if opt.Log == nil {
		opt.Log = st.Log
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if !opt.NoPublish {
		// Fail before minutes of transform when the chart assets are missing.
		if err := publish.CheckAssets(); err != nil {
			return rep, err
		}
	}
	stage := func(name string, f func() error) error {
		t := time.Now()
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rep.Took[name] = time.Since(t)
		opt.Log.Info("stage done", "stage", name, "seconds", rep.Took[name].Seconds())
		return nil
	}
	// Months with new data, read before the transforms consume the marks:
	// the released bulletins to re-check for corrections.
	var touched *Touched
	if !opt.All && !opt.NoPublish {
		var err error
		if touched, err = ReadTouched(ctx, st); err != nil {
			return rep, err
		}
	}
	var err error
	if err = stage("air", func() error {
		rep.Air, err = transform.Run(ctx, st, transform.Options{All: opt.All, AcceptStandardChange: opt.AcceptStandardChange, Log: opt.Log})
		return err
	}); err != nil {
		return rep, err
	}
	if err = stage("water", func() error {
		rep.Water, err = water.Run(ctx, st, water.Options{All: opt.All, Log: opt.Log})
		return err
	}); err != nil {
		return rep, err
	}
	if err = stage("polluters", func() error {
		rep.Polluters, err = polluter.Run(ctx, st, polluter.Options{Full: opt.All, Log: opt.Log})
		return err
	}); err != nil {
		return rep, err
	}
	if err = stage("incidents", func() error {
		rep.Incidents, err = incident.Run(ctx, st, incident.Options{Full: opt.All, Now: opt.Now()})
		return err
	}); err != nil {
		return rep, err
	}
	if opt.NoPublish {
		return rep, nil
	}
	if touched != nil {
		touched.Incidents = rep.Incidents.Redacted > 0
	}
	if err = stage("releases", func() error {
		rep.Releases, err = Releases(ctx, st, ReleaseOptions{Config: opt.Config, Log: opt.Log, Now: opt.Now(),
			ApproveAs: opt.ApproveAs, NewPeriods: opt.NewReleases, Touched: touched})
		return err
	}); err != nil {
		return rep, err
	}
	at := opt.Now()
	if err = stage("publish", func() error {
		rep.Publish, err = publish.Build(ctx, st, publish.Options{Log: opt.Log, Now: opt.Now, Readers: opt.Readers, Releases: func(ctx context.Context) ([]release.Publication, error) {
			return release.List(ctx, st)
		}})
		return err
	}); err != nil {
		return rep, err
	}
	// The build is live: its incident records count as published now (the
	// timeliness shows on the incident pages from the next build on).
	if err = stage("incident-publication", func() error {
		_, err := incident.MarkPortalPublished(ctx, st, at, 0)
		return err
	}); err != nil {
		return rep, err
	}
	// The portal is live; a failing target fails the run (so the job says
	// so) but leaves the portal as it is.
	if opt.Config != nil {
		t := publish.Targets{Folder: opt.Config.Publish.Folder, Hook: opt.Config.Publish.Hook}
		if !t.Empty() {
			err = stage("targets", func() error { return t.Deliver(ctx, st.SiteDir(), opt.Log) })
		}
	}
	return rep, err
}
