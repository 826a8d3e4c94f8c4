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
	in := make([]store.Incoming, len(files))
	only := make([]string, len(files))
	for i, f := range files {
		h := sha256.Sum256(f.Data)
		in[i] = store.Incoming{SHA256: hex.EncodeToString(h[:]), Name: f.Name, Source: f.Source, Size: int64(len(f.Data))}
		if in[i].Source == "" {
			in[i].Source = r.opt.Source
		}
		if only[i] = f.OnlyStation; only[i] == "" {
			only[i] = r.opt.OnlyStation
		}
	}
	start := time.Now()
	es, seen, err := st.ReceiveMany(ctx, in)
	pend := make([]*pending, len(files))
	first := make(map[string]int, len(files)) // sha256 → first index in this call
	dupOf := make([]int, len(files))
	for i, f := range files {
		dupOf[i] = -1
		p := &pending{start: start, sum: Summary{Path: f.Name}}
		p.d.only = only[i]
		pend[i] = p
		if err != nil {
			p.err, p.done = fmt.Errorf("ingest %s: %w", f.Name, err), true
			continue
		}
		r.received(p, es[i], seen[i])
		if p.done {
			continue
		}
		if j, ok := first[p.entry.SHA256]; ok {
			// Sent twice in one call: the second found the first's entry,
			// not settled yet. It is the first's duplicate.
			dupOf[i], p.done = j, true
			continue
		}
		first[p.entry.SHA256] = i
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
		if dupOf[i] >= 0 {
			continue
		}
		if !p.done && (p.err != nil || p.d.air == nil) {
			_ = r.flushGroup(ctx) // perFile: each file's error is in group.failed
		}
		sums[i], errs[i] = r.land(ctx, p)
	}
	_ = r.flushGroup(context.WithoutCancel(ctx))
	for i, p := range pend {
		if dupOf[i] >= 0 || p.done {
			continue
		}
		sums[i].Entry = p.entry // final only after the group's flush
		if err := r.group.failed[&p.entry]; err != nil {
			errs[i] = err
		}
	}
	for i, j := range dupOf {
		if j >= 0 {
			sums[i] = sums[j]
			sums[i].Path, sums[i].Duplicate = files[i].Name, true
			errs[i] = errs[j]
		}
	}
	return sums, errs
}
