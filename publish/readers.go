package publish

import (
	"path/filepath"
	"sync"
)

// Readers counts who is reading each build: the portal handler's
// requests and the publish hook. Prune does not give the files of a build
// being read to the pool of free files (recycle.go), whose next user
// writes over them: it deletes them instead, which a reader that has a
// file open does not notice. A server passes one Readers to Handler,
// Prune and Targets; nil counts nothing (a lone build or test).
//
// Outside readers of DATA/site are not counted: a web server of its own
// should serve a publish folder (Targets.Folder), whose files stay linked
// there and are never pooled.
type Readers struct {
	mu sync.Mutex
	n  map[string]int
}

// NewReaders returns an empty count.
func NewReaders() *Readers { return &Readers{n: map[string]int{}} }

// hold counts a reader of the build directory dir until release is
// called.
func (r *Readers) hold(dir string) (release func()) {
	if r == nil {
		return func() {}
	}
	name := filepath.Base(dir)
	r.mu.Lock()
	r.n[name]++
	r.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			if r.n[name]--; r.n[name] <= 0 {
				delete(r.n, name)
			}
			r.mu.Unlock()
		})
	}
}

// reading reports whether the build named name has a reader.
func (r *Readers) reading(name string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[name] > 0
}

// holdCurrent resolves the site link and counts a reader of that build,
// checking that the link still points there once counted (so that prune,
// which runs Keep builds later, sees the reader).
func (r *Readers) holdCurrent(siteLink string) (string, func(), error) {
	for {
		build, err := filepath.EvalSymlinks(siteLink)
		if err != nil {
			return "", nil, err
		}
		release := r.hold(build)
		again, err := filepath.EvalSymlinks(siteLink)
		if err == nil && again == build {
			return build, release, nil
		}
		release()
		if err != nil {
			return "", nil, err
		}
	}
}
