package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/export"
	envsql "github.com/envdisclose/envdisclose/sql"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fsys, _ := envsql.FS("")
	fs, c := newFlags(e, "export", "DATASET [--data DIR] [--format csv] [--out FILE|-]",
		"Write a published dataset. DATASET is one of: "+strings.Join(export.Datasets(fsys), ", ")+".\n"+
			"air-hourly columns: station_code,time,aqi,primary_pollutant,category,level, then iaqi_<pollutant>.")
	format := fs.String("format", "csv", "csv, parquet or json")
	out := fs.String("out", "-", "output file, - for standard output")
	from := fs.String("from", "", "first natural day YYYY-MM-DD (default: all)")
	to := fs.String("to", "", "last natural day YYYY-MM-DD (default: all)")
	level := fs.String("level", "city", "region level for region datasets: city, province or county")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	opt := export.Options{Dataset: fs.Arg(0), Format: *format, RegionLevel: *level}
	var err error
	if opt.From, err = parseDay("--from", *from); err != nil {
		return err
	}
	if opt.To, err = parseDay("--to", *to); err != nil {
		return err
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	if *out == "-" {
		w := bufio.NewWriter(e.stdout)
		if _, err := export.Run(ctx, st, opt, w); err != nil {
			return err
		}
		return w.Flush()
	}
	return writeAtomically(*out, func(w io.Writer) error {
		n, err := export.Run(ctx, st, opt, w)
		if err == nil {
			e.log.Info("exported", "dataset", opt.Dataset, "rows", n, "file", *out)
		}
		return err
	})
}

func parseDay(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%s %q: want a date like 2023-01-20", flagName, s)
	}
	return t, nil
}

// writeAtomically writes a file next to path and renames it into place.
func writeAtomically(path string, f func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := f(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
