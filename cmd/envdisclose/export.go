package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"
	"github.com/envdisclose/envdisclose/store"

	"github.com/envdisclose/envdisclose/export"
	"github.com/envdisclose/envdisclose/report"
	envsql "github.com/envdisclose/envdisclose/sql"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fsys, _ := envsql.FS("")
	fs, c := newFlags(e, "export", "DATASET [--data DIR] [--format csv] [--out FILE|-]\n"+
		"       envdisclose export --quarter 2026Q3 [--format xlsx|csv|parquet|json|all] --out DIR [--bureau NAME] [--level city]\n"+
		"       envdisclose export --month 2026-10 --product air-monthly|water-monthly [--format ...] --out DIR",
		"Write a published dataset. DATASET is one of: "+strings.Join(export.Datasets(fsys), ", ")+".\n"+
			"air-hourly columns: station_code,time,aqi,primary_pollutant,category,level, then iaqi_<pollutant>.\n\n"+
			"With --quarter (the quarterly environmental quality bulletin 季报) or --month and --product\n"+
			"(monthly air / water bulletin), write the report a bureau files into the directory --out:\n"+
			"<product>_<period>.xlsx (cover sheet 封面 + one sheet per table), one CSV and one Parquet\n"+
			"file per table (<product>_<period>_<table>.csv|parquet), the canonical <product>_<period>.json.\n"+
			"Files are written to temporary names and renamed into place.")
	format := fs.String("format", "", "csv, parquet or json for a DATASET (default csv); xlsx, csv, parquet, json or all for a report (default xlsx)")
	out := fs.String("out", "", "output file, - for standard output (DATASET; default -); output directory (report)")
	from := fs.String("from", "", "first natural day YYYY-MM-DD (default: all)")
	to := fs.String("to", "", "last natural day YYYY-MM-DD (default: all)")
	level := fs.String("level", "city", "region level for region datasets and reports: city, province or county")
	quarter := fs.String("quarter", "", "report: the quarterly bulletin of quarter YYYYQn, e.g. 2026Q3")
	month := fs.String("month", "", "report: the monthly bulletin of month YYYY-MM (with --product)")
	product := fs.String("product", "", "report product with --month: "+report.AirMonthly+" or "+report.WaterMonthly+" (with --quarter: "+report.Quarterly+")")
	bureau := fs.String("bureau", "", "report: issuing bureau shown on the cover sheet, e.g. 银川市生态环境局")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *quarter != "" || *month != "" {
		return runExportReport(ctx, e, c, fs.Args(), reportArgs{quarter: *quarter, month: *month, product: *product,
			format: *format, out: *out, bureau: *bureau, level: *level})
	}
	if *product != "" || *bureau != "" {
		fmt.Fprintln(e.stderr, "envdisclose export: --product and --bureau need --quarter or --month")
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	if *format == "" {
		*format = "csv"
	}
	if *out == "" {
		*out = "-"
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
	return atomicfile.Write(*out, func(w io.Writer) error {
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

// reportArgs are the flags of `export --quarter` / `export --month`.
type reportArgs struct {
	quarter, month, product, format, out, bureau, level string
}

// runExportReport writes a periodic product (report.Document) in the asked
// formats into the --out directory. Usage errors (exit 2) are reported
// before the database is opened.
func runExportReport(ctx context.Context, e *env, c *common, pos []string, a reportArgs) error {
	usage := func(format string, args ...any) error {
		fmt.Fprintf(e.stderr, "envdisclose export: "+format+"\n", args...)
		return errUsage
	}
	if len(pos) > 0 {
		return usage("a DATASET (%s) cannot be combined with --quarter or --month", pos[0])
	}
	var period string
	switch {
	case a.quarter != "" && a.month != "":
		return usage("give --quarter or --month, not both")
	case a.quarter != "":
		if a.product == "" {
			a.product = report.Quarterly
		}
		if a.product != report.Quarterly {
			return usage("--quarter makes the %s product; --product %s needs --month", report.Quarterly, a.product)
		}
		period = a.quarter
	default:
		switch a.product {
		case report.AirMonthly, report.WaterMonthly:
		case "":
			return usage("--month needs --product %s or %s", report.AirMonthly, report.WaterMonthly)
		default:
			return usage("--product %q with --month: want %s or %s", a.product, report.AirMonthly, report.WaterMonthly)
		}
		period = a.month
	}
	per, err := report.ParsePeriod(a.product, period)
	if err != nil {
		return usage("%v", err)
	}
	now := time.Now().In(store.CST)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if per.From.After(today) {
		return usage("period %s has not begun (it starts %s): there is nothing to report yet", period, per.From.Format(time.DateOnly))
	}
	var formats []string
	switch a.format {
	case "", "xlsx":
		formats = []string{"xlsx"}
	case "all":
		formats = report.Formats
	case "csv", "parquet", "json":
		formats = []string{a.format}
	default:
		return usage("--format %q: want xlsx, csv, parquet, json or all", a.format)
	}
	switch a.level {
	case "city", "province", "county":
	default:
		return usage("--level %q: want city, province or county", a.level)
	}
	if a.out == "" || a.out == "-" {
		return usage("a report is several files: give an output directory with --out DIR")
	}
	st, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	doc, err := report.Build(ctx, st.DB, st.SQL, a.product, period, report.Options{Bureau: a.bureau, Now: time.Now(), RegionLevel: a.level})
	if err != nil {
		return err
	}
	if !per.To.Before(today) {
		e.log.Warn("the period has not ended: the figures are provisional", "period", period, "ends", per.To.Format(time.DateOnly))
	}
	names, err := report.Artifacts(a.out, doc, formats)
	if err != nil {
		return err
	}
	for _, n := range names {
		fmt.Fprintln(e.stdout, filepath.Join(a.out, n))
	}
	e.log.Info("report exported", "product", a.product, "period", period, "files", len(names), "dir", a.out)
	return nil
}
