package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// File is one file handed over as bytes (a station's push, an HJ 212
// batch), with the ledger source and station restriction of its sender.
type File struct {
	Name        string
	Data        []byte
	Source      string // ledger source; "" = Options.Source
	OnlyStation string // the one station it may carry; "" = Options.OnlyStation
}

// Files ingests files given as bytes in one run, in order: all are
// recorded in the ledger first (one transaction), then they are decoded (in parallel), and
// air files land in groups (land_group.go: one transaction for the files
// of new station-hours, each with its own rows, dirty days and ledger
// outcome; a correction lands on its own, after the files before it).
// This is the group commit of the push API: the pushes that arrived while
// the previous ones landed go in together.
//
// Unlike Paths, a store failure of one file does not stop the others:
// errs[i] is the error of files[i] (its entry then says failed and the
// file can be sent again), nil when it settled. The same bytes twice in
// one call land once; the later copy is answered as a duplicate of the
// first.
func Files(ctx context.Context, st *store.Store, files []File, opt Options) ([]Summary, []error) {
	sums := make([]Summary, len(files))
	errs := make([]error, len(files))
	r, err := newRun(st, opt)
	if err != nil {
		for i, f := range files {
			sums[i].Path, errs[i] = f.Name, err
		}
		return sums, errs
	}
	r.group = &airGroup{perFile: true}

	// Ledger first, in order (ids follow the order of the call), in one
	// transaction.
	pend := r.receiveMany(ctx, files, map[string]*pending{})
	index := make(map[*pending]int, len(pend))
	for i, p := range pend {
		index[p] = i
	}

	// Decode what is left, decodeWorkers at a time.
	var wg sync.WaitGroup
	sem := make(chan struct{}, decodeWorkers)
	for i, p := range pend {
		if p.done {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			p.err = r.decode(ctx, files[i].Data, &p.d)
		}()
	}
	wg.Wait()

	// Land in order; a file that does not join the air group lands after
	// the group queued before it.
	for i, p := range pend {
		if p.dupOf != nil {
			continue
		}
		if !p.done && (p.err != nil || p.d.air == nil) {
			_ = r.flushGroup(ctx) // perFile: each file's error is in group.failed
		}
		sums[i], errs[i] = r.land(ctx, p)
	}
	_ = r.flushGroup(context.WithoutCancel(ctx))
	for i, p := range pend {
		if p.dupOf != nil || p.done {
			continue
		}
		sums[i].Entry = p.entry // final only after the group's flush
		if err := r.group.failed[&p.entry]; err != nil {
			errs[i] = err
		}
	}
	for i, p := range pend {
		if p.dupOf != nil {
			j := index[p.dupOf]
			sums[i] = sums[j]
			sums[i].Path, sums[i].Duplicate = files[i].Name, true
			errs[i] = errs[j]
		}
	}
	return sums, errs
}

// receiveMany records files in the ledger in one transaction (ids in the
// order of files) and returns their pending states: done for a file whose
// bytes had settled before (a duplicate), or when the ledger failed;
// dupOf set for a file whose bytes came earlier in this run (first, by
// sha256, spans the calls of one run), which is then its duplicate.
func (r *run) receiveMany(ctx context.Context, files []File, first map[string]*pending) []*pending {
	in := make([]store.Incoming, len(files))
	for i, f := range files {
		h := sha256.Sum256(f.Data)
		in[i] = store.Incoming{SHA256: hex.EncodeToString(h[:]), Name: f.Name, Source: f.Source, Size: int64(len(f.Data))}
		if in[i].Source == "" {
			in[i].Source = r.opt.Source
		}
	}
	start := time.Now()
	es, seen, err := r.st.ReceiveMany(ctx, in)
	pend := make([]*pending, len(files))
	for i, f := range files {
		p := &pending{start: start, sum: Summary{Path: f.Name}}
		if p.d.only = f.OnlyStation; p.d.only == "" {
			p.d.only = r.opt.OnlyStation
		}
		pend[i] = p
		if err != nil {
			p.err, p.done = fmt.Errorf("ingest %s: %w", f.Name, err), true
			continue
		}
		r.received(p, es[i], seen[i])
		if p.done {
			continue
		}
		if q, ok := first[p.entry.SHA256]; ok {
			// The same bytes twice in one run: the second found the first's
			// entry, not settled yet.
			p.dupOf, p.done, p.sum.Duplicate = q, true, true
			continue
		}
		first[p.entry.SHA256] = p
	}
	return pend
}
