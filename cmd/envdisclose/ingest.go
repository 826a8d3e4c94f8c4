package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "ingest", "[--data DIR] PATH...",
		"Record every file in the ledger (sha256, name, source, time, outcome) and load it.\n"+
			"PATH is a file or a folder (read recursively; .gz files are decompressed).\n"+
			"The kind of each file (station list, CNEMC wide hourly, long hourly; CSV, Parquet or\n"+
			"Arrow IPC; UTF-8 or GBK) is recognised from its content. The same bytes twice are a\n"+
			"no-op; rejected rows are kept with their reason (see 'envdisclose files --id N').")
	source := fs.String("source", "cli", "source recorded in the ledger")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	sums, err := ingest.Paths(ctx, st, fs.Args(), ingest.Options{Source: *source, Log: e.log, Now: time.Now})
	printSummaries(e, sums)
	if err != nil {
		return err
	}
	return rejectedFiles(sums)
}

// rejectedFiles is an error when some file was refused whole, so scripts
// and cron notice; partly rejected files are not an error (their rejects are
// in the ledger).
func rejectedFiles(sums []ingest.Summary) error {
	n := 0
	for _, s := range sums {
		if s.Entry.Outcome == store.OutcomeRejected && !s.Duplicate {
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("%d of %d files rejected (reasons above; details: envdisclose files --id N)", n, len(sums))
	}
	return nil
}

func printSummaries(e *env, sums []ingest.Summary) {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tID\tKIND\tOUTCOME\tACCEPTED\tREJECTED\tSUPERSEDED\tNOTE")
	for _, s := range sums {
		note := s.Entry.Message
		if s.Duplicate {
			note = "already received (same sha256): nothing done"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%d\t%d\t%s\n", s.Path, s.Entry.ID, s.Entry.Kind, s.Entry.Outcome,
			s.Entry.RowsAccepted, s.Entry.RowsRejected, s.Entry.RowsSuperseded, note)
	}
	_ = tw.Flush()
	for _, s := range sums {
		if len(s.Reasons) == 0 || s.Duplicate {
			continue
		}
		fmt.Fprintf(e.stdout, "rejects of %s (id %d):\n", s.Path, s.Entry.ID)
		for _, r := range s.Reasons {
			fmt.Fprintf(e.stdout, "  %6d × %s\n", r.Count, r.Reason)
		}
	}
}
