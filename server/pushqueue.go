package server

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/atomicfile"
	"github.com/envdisclose/envdisclose/store"
)

// maxPushGroup and maxPushGroupBytes bound the waiting pushes that land in
// one ingest call (Files decodes a round's files before landing them, so
// their decoded rows are in memory together).
const (
	maxPushGroup      = 256
	maxPushGroupBytes = 64 << 20
)

// ingestFunc ingests files given as bytes (ingest.Files; tests inject
// faults): one summary and one error per file.
type ingestFunc func(ctx context.Context, st *store.Store, files []ingest.File, opt ingest.Options) ([]ingest.Summary, []error)

// pushQueue is the group commit of the push API. A push whose bytes are
// stored waits here; one goroutine at a time (started by the push that
// found it idle) takes every waiting push, lands them in one ingest.Files
// call under the ingest lock (the files of new station-hours in one
// transaction, each with its own ledger outcome) and answers each. Pushes
// that arrive meanwhile wait for the next round. A lone push lands at
// once; under load a round costs about what one push used to, so the
// pushes of 2,000 stations do not queue up behind one another.
type pushQueue struct {
	mu      sync.Mutex
	waiting []*pushReq
	running bool
}

type pushReq struct {
	file  ingest.File
	saved string        // where its bytes are (written, flushed by the round: syncSaved)
	done  chan pushDone // capacity 1
}

// errNotStored fails the pushes of a round whose bytes could not be
// flushed to disk: nothing was received, the station sends again.
var errNotStored = errors.New("the pushed bytes could not be flushed to disk")

type pushDone struct {
	sum ingest.Summary
	err error
}

// ingestPushed ingests a pushed file through the push queue (ctx: the
// server's work context, see workContext). A station's
// own token may land only that station's hourly air rows; staff tokens
// may push any kind.
func (s *Server) ingestPushed(ctx context.Context, name string, body []byte, code string, staff bool, saved string) (ingest.Summary, error) {
	f := ingest.File{Name: name, Data: body, Source: "push:" + code}
	if !staff {
		f.OnlyStation = code
	}
	req := &pushReq{file: f, saved: saved, done: make(chan pushDone, 1)}
	q := &s.pushes
	q.mu.Lock()
	q.waiting = append(q.waiting, req)
	lead := !q.running
	q.running = true
	q.mu.Unlock()
	if lead {
		go s.landPushes(ctx)
	}
	d := <-req.done
	return d.sum, d.err
}

// landPushes lands the waiting pushes round by round until none is left.
func (s *Server) landPushes(ctx context.Context) {
	q := &s.pushes
	for {
		q.mu.Lock()
		n := roundSize(q.waiting)
		round := q.waiting[:n:n]
		q.waiting = q.waiting[n:]
		if n == 0 {
			q.running = false
			q.waiting = nil
		}
		q.mu.Unlock()
		if n == 0 {
			return
		}
		s.landRound(ctx, round)
	}
}

// roundSize is how many of the waiting pushes the next round takes: at
// most maxPushGroup and maxPushGroupBytes, and at least one.
func roundSize(waiting []*pushReq) int {
	n, size := 0, 0
	for n < len(waiting) && n < maxPushGroup && (n == 0 || size+len(waiting[n].file.Data) <= maxPushGroupBytes) {
		size += len(waiting[n].file.Data)
		n++
	}
	return n
}

// landRound lands one round of pushes and answers each; a panic of the
// ingest fails the round's pushes (their bytes are stored; they are
// retried) instead of the process.
func (s *Server) landRound(ctx context.Context, round []*pushReq) {
	answered := false
	defer func() {
		if p := recover(); p != nil && !answered {
			s.log.Error("push: ingest panicked", "files", len(round), "panic", p)
			for _, r := range round {
				r.done <- pushDone{sum: ingest.Summary{Path: r.file.Name}, err: fmt.Errorf("ingest %s: internal error: %v", r.file.Name, p)}
			}
		}
	}()
	if err := s.syncSaved(round); err != nil {
		s.log.Error("push: flush the received bytes", "files", len(round), "err", err)
		answered = true
		for _, r := range round {
			r.done <- pushDone{sum: ingest.Summary{Path: r.file.Name}, err: fmt.Errorf("%w: %v", errNotStored, err)}
		}
		return
	}
	files := make([]ingest.File, len(round))
	for i, r := range round {
		files[i] = r.file
	}
	s.ingest.Lock()
	sums, errs := func() ([]ingest.Summary, []error) {
		defer s.ingest.Unlock()
		return s.ingestFn(ctx, s.st, files, ingest.Options{Log: s.log, Now: s.opt.Now})
	}()
	answered = true
	for i, r := range round {
		r.done <- pushDone{sum: sums[i], err: errs[i]}
	}
}

// syncSaved makes the bytes of a round's pushes durable before the round
// is received (the ledger never lists bytes a crash could lose): one
// syncfs for the whole round where the system has it (instead of two
// fsyncs per push: 4 of the 9 s of CPU the pushes' storage took in the
// load check), else an fsync of each file and of each folder. The syncfs
// goes through the handle Run opened before any push was stored, so a
// write-back error of any of the round's files since the last round is
// reported here (and the round refused), whoever else synced meanwhile.
func (s *Server) syncSaved(round []*pushReq) error {
	var paths []string
	for _, r := range round {
		if r.saved != "" {
			paths = append(paths, r.saved)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	if ok, err := s.syncFS(); ok {
		return err
	}
	dirs := map[string]bool{}
	for _, p := range paths {
		if err := atomicfile.Sync(p); err != nil {
			return err
		}
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		if err := atomicfile.Sync(d); err != nil {
			return err
		}
	}
	return nil
}

// ingestOne ingests one file under the process-wide ingest lock.
func (s *Server) ingestOne(ctx context.Context, f ingest.File, opt ingest.Options) (ingest.Summary, error) {
	s.ingest.Lock()
	defer s.ingest.Unlock()
	sums, errs := s.ingestFn(ctx, s.st, []ingest.File{f}, opt)
	return sums[0], errs[0]
}
