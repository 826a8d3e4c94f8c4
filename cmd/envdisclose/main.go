// Command envdisclose turns environmental monitoring data into the public
// disclosures of an environment bureau: it ingests station files into an
// embedded DuckDB database, computes AQI, daily values and rankings by the
// national standards, and publishes a static portal.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // time zones work in a bare container

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, env *env, args []string) error
}

// env is what every subcommand gets: output streams and global settings.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
}

func commands() []command {
	return []command{
		{"ingest", "[--data DIR] PATH...", "record and load files or folders (kind recognised from content)", runIngest},
		{"build", "[--data DIR]", "compute AQI, daily values and rankings, then publish the portal into DIR/site", runBuild},
		{"serve", "[--config FILE] [--data DIR] [--addr 127.0.0.1:8080]", "portal + push API + scheduled jobs in one process", runServe},
		{"run", "JOB [--config FILE]", "run one scheduled job once and exit with its status", runRun},
		{"jobs", "[--data DIR]", "list recent job runs (job_run)", runJobs},
		{"load", "[--stations 2000] [--hours 24] [--concurrency 64]", "load check of the push API over loopback (in-process server)", runLoad},
		{"export", "DATASET [--data DIR] [--format csv] [--out FILE|-]", "write a published dataset", runExport},
		{"demo", "[--data DIR] [--addr 127.0.0.1:8080]", "ingest the bundled real sample into a fresh data dir, build and serve", runDemo},
		{"bench", "[--days 365] [--dir DIR]", "national-scale benchmark: generate, ingest, transform, and time DuckDB's own reader as the floor", runBench},
		{"healthcheck", "[--url URL]", "exit 0 when a running server is healthy (container HEALTHCHECK)", runHealthcheck},
		{"files", "[--data DIR] [--id N]", "list the file ledger, or one file with its rejected rows", runFiles},
		{"approve", "PRODUCT PERIOD --by NAME [--data DIR]", "publish the newest draft of a reviewed bulletin (records who and when), then rebuild", runApprove},
		{"verify", "DIR...", "check a release directory against its MANIFEST.sha256", runVerify},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := realMain(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func realMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		e := &env{stdout: stdout, stderr: stderr, log: newLogger(stderr, os.Getenv("ENVDISCLOSE_LOG_LEVEL"), os.Getenv("ENVDISCLOSE_LOG_FORMAT"))}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		fmt.Fprintf(stderr, "envdisclose %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "envdisclose: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "envdisclose — environmental data disclosure pipeline (环境信息公开)")
	fmt.Fprintln(w, "\nUsage: envdisclose COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'envdisclose COMMAND --help' for the flags of a command.")
	fmt.Fprintln(w, "Logging: ENVDISCLOSE_LOG_LEVEL=debug|info|warn|error, ENVDISCLOSE_LOG_FORMAT=text|json.")
}

func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		lv = slog.LevelInfo
	}
	o := &slog.HandlerOptions{Level: lv}
	if strings.ToLower(format) == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// flags makes a FlagSet for a subcommand with the common --data and
// --sql-dir flags.
type common struct {
	data   string
	sqlDir string
}

func newFlags(e *env, name, args, summary string) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	c := &common{}
	fs.StringVar(&c.data, "data", "./data", "data directory (holds the DuckDB file and the published site)")
	fs.StringVar(&c.sqlDir, "sql-dir", "", "read SQL files from this directory instead of the embedded copy (development)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: envdisclose %s %s\n\n%s\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs, c
}

func parse(fs *flag.FlagSet, args []string) error {
	// Allow flags after positional arguments (envdisclose export air-hourly --data d).
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

func (c *common) open(ctx context.Context, e *env) (*store.Store, error) {
	fsys, err := envsql.FS(c.sqlDir)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, c.data, store.Options{SQL: fsys, Log: e.log})
}
