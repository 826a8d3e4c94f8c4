package server

import (
	"context"
	"fmt"

	"github.com/envdisclose/envdisclose/jobs"
	"github.com/envdisclose/envdisclose/pipeline"
	"github.com/envdisclose/envdisclose/report"
)

// Job names of the scheduled bulletin releases.
const (
	JobMonthly   = "monthly"
	JobQuarterly = "quarterly"
)

// productJobs are the scheduled bulletin releases, on Schedules.Monthly and
// Schedules.Quarterly (an empty schedule = only `envdisclose run`): the whole build, in
// which the ended periods of the job's products get their first release
// (drafts for reviewed products, waiting for approval; automatic ones are
// published). Between these days the transform job only re-checks released
// periods that got new data (errata).
func (s *Server) productJobs() []jobs.Job {
	return []jobs.Job{
		{Name: JobMonthly, Schedule: s.cfg.Schedules.Monthly, Run: func(ctx context.Context) (int64, error) {
			return s.releaseBuild(ctx, report.AirMonthly, report.WaterMonthly)
		}},
		{Name: JobQuarterly, Schedule: s.cfg.Schedules.Quarterly, Run: func(ctx context.Context) (int64, error) {
			return s.releaseBuild(ctx, report.Quarterly)
		}},
	}
}

// releaseBuild runs the full build with first releases for products and
// returns the number of versions it created.
func (s *Server) releaseBuild(ctx context.Context, products ...string) (int64, error) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	rep, err := pipeline.Build(ctx, s.st, pipeline.Options{Log: s.log, Now: s.opt.Now, Config: &s.cfg, NewReleases: products, Readers: s.readers})
	if err != nil {
		return 0, fmt.Errorf("build: %w", err)
	}
	return int64(len(rep.Releases.Created)), nil
}
