package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/stationlist"
	"github.com/envdisclose/envdisclose/ingest/water"
	"github.com/envdisclose/envdisclose/store"
)

// bulkRows is the number of air rows queued for group landing from which
// Paths returns the memory of the decoded batches to the system at its
// end.
const bulkRows = 2_000_000

// receiveChunk and receiveChunkBytes bound the files Paths reads and
// records in the ledger together (one transaction) before decoding them.
const (
	receiveChunk      = 8
	receiveChunkBytes = 64 << 20
)

// decodeWorkers is how many files Paths decodes at once (the machine this
// is sized for has 2 cores; landing uses DuckDB's threads meanwhile).
const decodeWorkers = 2

// Paths ingests files and folders (recursively; names starting with a dot
// are skipped). Files are taken in sorted order, except that station lists
// go first so that the data files of the same call find their stations.
// While one file lands, the next is read, received and decoded (a
// two-stage pipeline; each file still lands in its own transaction, in
// order). It stops at the first store failure and returns the summaries of
// the files landed so far.
func Paths(ctx context.Context, st *store.Store, paths []string, opt Options) ([]Summary, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	lists := make(map[string]bool)
	for _, f := range files {
		lists[f] = isStationList(f)
	}
	sort.SliceStable(files, func(i, j int) bool { return lists[files[i]] && !lists[files[j]] })
	r, err := newRun(st, opt)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(files))
	// Station lists first, one by one: later files are checked against them.
	k := 0
	for ; k < len(files) && lists[files[k]]; k++ {
		s, err := r.pathFile(ctx, files[k])
		out = append(out, s)
		if err != nil {
			return out, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Files are read and received (ledger ids in order) a chunk at a time
	// (one ledger transaction per chunk), decoded by up to decodeWorkers
	// goroutines at once, and landed in order.
	ready := make(chan chan *pending, decodeWorkers)
	go func() {
		defer close(ready)
		sem := make(chan struct{}, decodeWorkers)
		first := map[string]*pending{}
		rest := files[k:]
		for len(rest) > 0 {
			if ctx.Err() != nil {
				return
			}
			// A chunk: up to receiveChunk files or receiveChunkBytes. A file
			// that cannot be read keeps its place, with its error.
			var slots []*pending
			var read []File
			var at []int // slot of each file read
			for size := 0; len(slots) < len(rest) && len(slots) < receiveChunk && size < receiveChunkBytes; {
				name := rest[len(slots)]
				data, err := os.ReadFile(name)
				if err != nil {
					slots = append(slots, &pending{sum: Summary{Path: name}, err: fmt.Errorf("ingest: %w", err), done: true})
					continue
				}
				at = append(at, len(slots))
				slots = append(slots, nil)
				read = append(read, File{Name: name, Data: data})
				size += len(data)
			}
			rest = rest[len(slots):]
			data := make([][]byte, len(slots))
			for j, p := range r.receiveMany(ctx, read, first) {
				slots[at[j]], data[at[j]] = p, read[j].Data
			}
			for i, p := range slots {
				fut := make(chan *pending, 1)
				if p.done {
					fut <- p
				} else {
					sem <- struct{}{}
					go func() {
						defer func() { <-sem }()
						p.err = r.decode(ctx, data[i], &p.d)
						fut <- p
					}()
				}
				select {
				case ready <- fut:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	// Air files of new hours land in groups (land_group.go); their ledger
	// entries are final only after the group's flush, so the summaries are
	// refreshed from the entries at the end.
	r.group = &airGroup{}
	entries := make([]*store.FileEntry, 0, len(files))
	refresh := func() {
		for i, e := range entries {
			if e != nil {
				out[k+i].Entry = *e
			}
		}
	}
	for fut := range ready {
		p := <-fut
		var err error
		if p.done || p.err != nil || p.d.air == nil {
			err = r.flushGroup(ctx) // keep the order of landing
		}
		if err == nil {
			var s Summary
			s, err = r.land(ctx, p)
			out = append(out, s)
			switch {
			case p.dupOf != nil: // the same bytes earlier in this run
				entries = append(entries, &p.dupOf.entry)
			case p.done:
				entries = append(entries, nil)
			default:
				entries = append(entries, &p.entry)
			}
		}
		if err != nil {
			cancel()
			for fut := range ready { // let the producer and decoders finish
				<-fut
			}
			refresh()
			return out, err
		}
	}
	err = r.flushGroup(context.WithoutCancel(ctx))
	refresh()
	if r.group.queued >= bulkRows {
		// The decoded batches of a bulk load (hundreds of MB) are garbage
		// now: give the memory back rather than carry it, as resident
		// memory, into whatever the process does next (the transform of
		// serve's scheduled jobs, or of the benchmark).
		debug.FreeOSMemory()
	}
	if err != nil {
		return out, err
	}
	return out, ctx.Err()
}

// pathFile reads and ingests one file.
func (r *run) pathFile(ctx context.Context, f string) (Summary, error) {
	data, err := os.ReadFile(f)
	if err != nil {
		return Summary{Path: f}, fmt.Errorf("ingest: %w", err)
	}
	return r.file(ctx, f, data)
}

// expand lists the regular files under paths, sorted, without dotfiles.
func expand(paths []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && strings.HasPrefix(de.Name(), ".") {
				if de.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if de.Type().IsRegular() {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ingest: walk %s: %w", p, err)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return files, nil
}

// isStationList peeks at the first line of a file (gzip or not, UTF-8 or
// GBK) or the header of a workbook to see whether it is a registry: an air
// station list or a water site list.
func isStationList(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var rd io.Reader = f
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if n == 4 && bytes.Equal(head, magicZip) {
		if info, err := f.Stat(); err != nil || info.Size() > 64<<20 {
			return false
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		t, err := readXLSX(data)
		return err == nil && water.Detect(t.Header) == water.KindSites
	}
	if n >= 2 && bytes.Equal(head[:2], magicGzip) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return false
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			return false
		}
		rd = zr
	} else {
		rd = io.MultiReader(bytes.NewReader(head[:n]), f)
	}
	buf := make([]byte, 4096)
	n, _ = io.ReadFull(rd, buf)
	buf = buf[:n]
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		buf = buf[:i+1]
	}
	text, _, ferr := toUTF8(buf)
	if ferr != nil {
		return false
	}
	names := firstLine(text)
	return stationlist.IsHeader(names) || water.Detect(names) == water.KindSites
}
