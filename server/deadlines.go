package server

import (
	"context"
	"time"

	"github.com/envdisclose/envdisclose/jobs"
	"github.com/envdisclose/envdisclose/release"
)

// JobDeadlines warns about bulletins whose deadline is near or missed
// without a release.
const JobDeadlines = "deadlines"

// deadlineJob checks the deadline of every product with a deadline rule
// ([[products]] deadline) on the [deadlines] schedule: each product-period
// due within deadlines.warn_days (or missed in the last month) and not
// released yet is logged as a warning. The run's row count is the number
// of such periods.
func (s *Server) deadlineJob() jobs.Job {
	return jobs.Job{Name: JobDeadlines, Schedule: s.cfg.Deadlines.Schedule, Run: func(ctx context.Context) (int64, error) {
		due, err := release.DueSoon(ctx, s.st, s.cfg.Products, s.opt.Now(), s.cfg.Deadlines.WarnDays)
		for _, d := range due {
			msg := "bulletin deadline near without a release"
			if d.Missed() {
				msg = "bulletin deadline missed: not released yet"
			}
			s.log.Warn(msg, "product", d.Product, "period", d.Period,
				"deadline", d.Deadline.Format(time.DateOnly), "days_left", d.DaysLeft, "calendar_fallback", d.Fallback)
		}
		return int64(len(due)), err
	}}
}
