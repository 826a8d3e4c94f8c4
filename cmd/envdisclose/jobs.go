package main

import (
	"context"
	"database/sql"
	"fmt"
	"text/tabwriter"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
)

func runJobs(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "jobs", "[--data DIR] [--limit 50] [--job NAME]",
		"List the recent runs of the scheduled jobs (job_run), newest first: job, trigger\n"+
			"(schedule, catch-up, manual, push), scheduled and start time, duration, outcome, rows, error.")
	limit := fs.Int("limit", 50, "at most this many runs")
	job := fs.String("job", "", "only the runs of this job")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := envsql.Read(st.SQL, "store/job_runs.sql")
	if err != nil {
		return err
	}
	rows, err := st.DB.QueryContext(ctx, q, *job, *limit)
	if err != nil {
		return fmt.Errorf("list job runs: %w", err)
	}
	defer rows.Close()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tTRIGGER\tSCHEDULED\tSTARTED\tDURATION\tOUTCOME\tROWS\tERROR")
	const tf = "2006-01-02 15:04:05"
	for rows.Next() {
		var name, trig, outcome, msg string
		var sched, ended sql.NullTime
		var started time.Time
		var n int64
		if err := rows.Scan(&name, &trig, &sched, &started, &ended, &outcome, &n, &msg); err != nil {
			return fmt.Errorf("list job runs: %w", err)
		}
		s, d := "-", "-"
		if sched.Valid {
			s = sched.Time.Format(tf)
		}
		if ended.Valid {
			d = ended.Time.Sub(started).Round(time.Millisecond).String()
		}
		if len([]rune(msg)) > 120 {
			msg = string([]rune(msg)[:120]) + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", name, trig, s, started.Format(tf), d, outcome, n, msg)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list job runs: %w", err)
	}
	return tw.Flush()
}
