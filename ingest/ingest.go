// Package ingest receives monitoring data files and lands them in the
// store: every file is recorded in the ledger first (sha256, exactly once),
// its kind, format and text encoding are detected from the content, rows are
// validated (refused ones go to the rejects ledger with a reason), and the
// good rows land in one transaction together with the ledger update,
// replacing (and keeping, in air_hour_superseded) earlier values of the
// same station-hours.
//
// Supported inputs: the national station list (CSV, UTF-8 or GBK), the
// CNEMC wide hourly layout (CSV) and the long hourly layout (CSV, Parquet,
// Arrow IPC file or stream), surface-water site lists, samples and the CNEMC
// automatic-station layout, and incident registers (CSV or XLSX); any of
// them gzip-compressed. Formats live in the subpackages wide, long,
// stationlist, water and incident; what they share is in obs.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/envdisclose/envdisclose/ingest/emission"
	"github.com/envdisclose/envdisclose/ingest/obs"
	"github.com/envdisclose/envdisclose/ingest/water"
	"github.com/envdisclose/envdisclose/store"
)

// Options configure an ingest run.
type Options struct {
	Source string           // ledger source: cli, demo, push:<code>, bench
	Log    *slog.Logger     // nil = the store's logger
	Now    func() time.Time // for "time in the future" and registry versions; nil = the store's clock
	// WaterYear is the year of CNEMC automatic-station times, which have
	// none (监测时间 MM-DD HH:MM). 0 = the latest year that puts the time
	// before the receive time (Now) plus one day of grace; a time within
	// that day after Now is refused as in the future rather than moved a
	// year back.
	WaterYear int
	// OnlyStation, when set, restricts a file to one air station's data:
	// rows of other stations are refused, and files of other kinds are
	// refused whole (the push API sets it for station tokens).
	OnlyStation string
}

// ReasonCount is the number of rejects with one reason.
type ReasonCount = obs.ReasonCount

// Summary is the result of one file.
type Summary struct {
	Path      string          `json:"path"`
	Entry     store.FileEntry `json:"entry"`
	Duplicate bool            `json:"duplicate,omitempty"` // same bytes already settled: nothing done
	Reasons   []ReasonCount   `json:"reasons,omitempty"`   // most frequent reject reasons
}

// topReasons is how many reasons a Summary lists.
const topReasons = 10

// run is one ingest call: the store, options and the cached registry.
type run struct {
	st     *store.Store
	opt    Options
	limits *obs.Limits
	mu     sync.Mutex // guards reg, wreg, wstd, ereg (files are decoded while others land)
	reg    *obs.Registry
	wreg   *obs.Registry      // water_site codes
	wstd   *water.Standards   // parameter / unit tables
	ereg   *emission.Registry // polluter registry and pollutant tables
	group  *airGroup          // non-nil: air files of new hours land in groups (Paths)
}

func newRun(st *store.Store, opt Options) (*run, error) {
	if opt.Source == "" {
		opt.Source = "cli"
	}
	if opt.Log == nil {
		opt.Log = st.Log
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = st.Clock
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	lim, err := obs.DefaultLimits()
	if err != nil {
		return nil, err
	}
	return &run{st: st, opt: opt, limits: lim}, nil
}

// registry returns the station registry, read once per run (and again
// after a station list landed).
func (r *run) registry(ctx context.Context) (*obs.Registry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reg == nil {
		reg, err := registry(ctx, r.st)
		if err != nil {
			return nil, err
		}
		r.reg = reg
	}
	return r.reg, nil
}

func (r *run) resetRegistry() {
	r.mu.Lock()
	r.reg, r.wreg = nil, nil
	r.mu.Unlock()
}

// nowMicros is the current CST wall clock as obs.Batch microseconds.
func (r *run) nowMicros() int64 {
	return obs.NewCheck(nil, nil, r.opt.Now()).NowMicros
}

// waterCheck returns what water files are validated against: the
// parameter and unit tables (read once per run) and, when registry is
// set, the water site codes (read once, and again after a site list
// landed).
func (r *run) waterCheck(ctx context.Context, registry bool) (water.Check, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.wstd == nil {
		std, err := water.LoadStandards(r.st.SQL)
		if err != nil {
			return water.Check{}, err
		}
		r.wstd = std
	}
	chk := water.Check{Std: r.wstd, NowMicros: r.nowMicros(), Year: r.opt.WaterYear}
	if registry {
		if r.wreg == nil {
			reg, err := codes(ctx, r.st, "water_registry")
			if err != nil {
				return chk, err
			}
			r.wreg = reg
		}
		chk.Known, chk.RegistryEmpty = r.wreg.Known, r.wreg.Empty()
	}
	return chk, nil
}

// check is what an air file is validated against; only, when set,
// restricts it to that station (Options.OnlyStation, File.OnlyStation).
func (r *run) check(reg *obs.Registry, only string) obs.Check {
	if only != "" {
		reg = reg.Only(only)
	}
	return obs.NewCheck(reg, r.limits, r.opt.Now())
}

// Bytes ingests one file given as bytes; name is recorded in the ledger.
// Data problems are not errors: they are in the Summary (outcome, message,
// reasons) and the ledger. An error means the store failed; the file is
// then recorded as failed and can be sent again.
func Bytes(ctx context.Context, st *store.Store, name string, data []byte, opt Options) (Summary, error) {
	sums, errs := Files(ctx, st, []File{{Name: name, Data: data}}, opt)
	return sums[0], errs[0]
}

func (r *run) file(ctx context.Context, name string, data []byte) (Summary, error) {
	return r.land(ctx, r.prepare(ctx, name, data))
}

// pending is a received and decoded file, ready to land.
type pending struct {
	start time.Time
	sum   Summary
	entry store.FileEntry
	d     decoded
	err   error    // decode error (*obs.FileError or internal) or receive error
	done  bool     // nothing left to do (duplicate, or the receive failed)
	dupOf *pending // the same bytes came earlier in this run (done is set)
}

// prepare records the file in the ledger (before anything else) and
// decodes it. It touches the database only through Receive and the
// registry read, so it can run while the previous file lands.
func (r *run) prepare(ctx context.Context, name string, data []byte) *pending {
	p := r.receive(ctx, name, r.opt.Source, data)
	p.d.only = r.opt.OnlyStation
	if !p.done {
		p.err = r.decode(ctx, data, &p.d)
	}
	return p
}

// receive records the file in the ledger; p.done is set when nothing more
// is to be done (a duplicate, or the ledger failed).
func (r *run) receive(ctx context.Context, name, source string, data []byte) *pending {
	p := &pending{start: time.Now(), sum: Summary{Path: name}}
	h := sha256.Sum256(data)
	e, seen, err := r.st.Receive(ctx, hex.EncodeToString(h[:]), name, source, int64(len(data)))
	if err != nil {
		p.err, p.done = fmt.Errorf("ingest %s: %w", name, err), true
		return p
	}
	r.received(p, e, seen)
	return p
}

// received records the ledger entry of p; a file seen before that settled
// is a duplicate with nothing left to do.
func (r *run) received(p *pending, e store.FileEntry, seen bool) {
	p.entry, p.sum.Entry = e, e
	if seen && e.Final() {
		p.sum.Duplicate, p.done = true, true
		r.opt.Log.Info("duplicate file, nothing to do", "file", p.sum.Path, "file_id", e.ID, "outcome", e.Outcome)
	}
}

// land settles a prepared file: its rows and ledger outcome.
func (r *run) land(ctx context.Context, p *pending) (Summary, error) {
	if p.done {
		return p.sum, p.err
	}
	e := &p.entry
	err := r.settle(ctx, e, &p.d, p.err, &p.sum)
	if err != nil && r.group != nil {
		// Paths stops here: let a group landing in the background finish
		// first, so that no entry changes after Paths returns.
		err = errors.Join(err, r.waitGroup())
	}
	// The decoded rows are landed (or queued in the air group, which holds
	// its own reference); drop them here, since Paths keeps p.entry, and so
	// p, until the end of the run (a year of files held 124 B per row).
	p.d = decoded{}
	p.sum.Entry = *e
	r.opt.Log.Info("ingested", "file", e.Name, "file_id", e.ID, "kind", e.Kind, "format", e.Format,
		"outcome", e.Outcome, "accepted", e.RowsAccepted, "rejected", e.RowsRejected,
		"superseded", e.RowsSuperseded, "ms", time.Since(p.start).Milliseconds())
	return p.sum, err
}

// settle lands a decoded file (or records why it cannot land) and
// finishes its ledger entry.
func (r *run) settle(ctx context.Context, e *store.FileEntry, d *decoded, err error, sum *Summary) error {
	e.Kind, e.Format, e.Encoding = d.kind, d.format, d.encoding
	if err == nil && d.only != "" && d.kind != KindAirWide && d.kind != KindAirLong {
		err = &obs.FileError{Reason: obs.ReasonStationKind, Value: d.kind}
	}
	var fe *obs.FileError
	switch {
	case errors.As(err, &fe):
		e.Outcome = store.OutcomeRejected
		e.Message = fe.Error()
		sum.Reasons = []ReasonCount{{Reason: fe.Reason, Count: 1}}
		rj := []store.Reject{{Line: fe.Line, Field: fe.Field, Value: fe.Value, Reason: fe.Reason}}
		if err := r.st.Finish(ctx, nil, e, rj); err != nil {
			return fmt.Errorf("ingest %s: %w", e.Name, err)
		}
		return nil
	case err != nil:
		return r.fail(ctx, e, err)
	}
	sum.Reasons = d.rj.Top(topReasons)
	rejects := d.rj.Records()
	e.RowsRejected = d.rj.Units
	var accepted int
	switch {
	case d.air != nil:
		accepted = d.air.Len()
	case d.emission != nil:
		accepted = d.emission.Len()
	case d.water != nil:
		accepted = d.water.Len()
	case d.sites != nil:
		accepted = len(d.sites.Sites)
	case d.isIncidents:
		accepted = len(d.incidents)
	default:
		accepted = len(d.stations.Stations)
	}
	// a CNEMC file whose stations published no value still lands their
	// registry rows and (empty) classes
	land := accepted > 0 || (d.water != nil && len(d.water.Reported) > 0)
	e.RowsAccepted = int64(accepted)
	switch {
	case d.rj.Len() == 0:
		e.Outcome = store.OutcomeAccepted
	case accepted > 0:
		e.Outcome = store.OutcomePartial
	default:
		e.Outcome = store.OutcomeRejected
	}
	if len(sum.Reasons) > 0 {
		e.Message = fmt.Sprintf("%d rows refused; most often: %s (%d)", e.RowsRejected, sum.Reasons[0].Reason, sum.Reasons[0].Count)
	}
	if d.note != "" {
		e.Message = joinMsg(d.note, e.Message)
	}
	if !land {
		if err := r.st.Finish(ctx, nil, e, rejects); err != nil {
			return fmt.Errorf("ingest %s: %w", e.Name, err)
		}
		return nil
	}
	switch {
	case d.air != nil:
		err = r.loadAirMaybeGrouped(ctx, e, d.air, rejects)
	case d.emission != nil:
		err = loadEmission(ctx, r.st, e, d.emission, rejects)
	case d.water != nil:
		err = loadWater(ctx, r.st, e, d.water, rejects, r.opt.Now())
		if d.water.Sites != nil {
			r.resetRegistry()
		}
	case d.sites != nil:
		err = loadWaterSites(ctx, r.st, e, d.sites, rejects, r.opt.Now())
		r.resetRegistry()
	case d.isIncidents:
		err = loadIncidents(ctx, r.st, e, d.incidents, rejects)
	default:
		_, _, err = loadStations(ctx, r.st, e, d.stations, rejects, r.opt.Now())
		r.resetRegistry() // re-read for the next file
	}
	if err != nil {
		return r.fail(ctx, e, err)
	}
	return nil
}

// fail records an internal failure (the file may be sent again) and
// returns the error naming the file.
func (r *run) fail(ctx context.Context, e *store.FileEntry, cause error) error {
	err := fmt.Errorf("ingest %s: %w", e.Name, cause)
	e.Outcome = store.OutcomeFailed
	e.Message = cause.Error()
	e.RowsAccepted, e.RowsSuperseded = 0, 0
	if ferr := r.st.Finish(context.WithoutCancel(ctx), nil, e, nil); ferr != nil {
		return errors.Join(err, ferr)
	}
	return err
}
