package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func runFiles(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "files", "[--data DIR] [--id N]",
		"List the file ledger (newest first), or show one file with its rejected rows and reasons.")
	id := fs.Int64("id", 0, "show this ledger entry and its rejects")
	limit := fs.Int("limit", 50, "at most this many entries or rejects")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	if *id > 0 {
		en, err := st.Entry(ctx, *id)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "id\t%d\nname\t%s\nsha256\t%s\nsource\t%s\nreceived\t%s\nkind\t%s %s %s\noutcome\t%s\naccepted\t%d\nrejected\t%d\nsuperseded\t%d\nmessage\t%s\n",
			en.ID, en.Name, en.SHA256, en.Source, en.ReceivedAt.Format("2006-01-02 15:04:05"), en.Kind, en.Format, en.Encoding,
			en.Outcome, en.RowsAccepted, en.RowsRejected, en.RowsSuperseded, en.Message)
		rs, err := st.Rejects(ctx, *id, *limit)
		if err != nil {
			return err
		}
		if len(rs) > 0 {
			fmt.Fprintln(tw, "\nLINE\tFIELD\tVALUE\tREASON")
			for _, r := range rs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Line, r.Field, r.Value, r.Reason)
			}
		}
		return nil
	}
	es, err := st.Entries(ctx, *limit)
	if err != nil {
		return err
	}
	fmt.Fprintln(tw, "ID\tRECEIVED\tSOURCE\tKIND\tOUTCOME\tACCEPTED\tREJECTED\tNAME")
	for _, en := range es {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", en.ID, en.ReceivedAt.Format("2006-01-02 15:04:05"), en.Source,
			en.Kind, en.Outcome, en.RowsAccepted, en.RowsRejected, en.Name)
	}
	return nil
}
