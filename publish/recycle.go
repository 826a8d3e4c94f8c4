package publish

import (
	"io"
	"os"
	"path"
	"path/filepath"
)

// Reusing the files of the spare build. Creating a file costs far more
// than writing its bytes on some file systems (on the ext4 disk of the
// machine this was measured on, writing 4,000 new 5-20 KB files took
// 0.8-1.0 s and 1.5-2 s of system CPU; moving 4,000 files of an old build
// into place and writing over them took 0.09 s and 0.15 s). A republish
// after a burst of pushes rewrites every station page and download, so a
// build takes the files of the spare build (the one prune deletes next,
// which nothing serves) that no other build shares, moves each into its
// place (the same path, or another file of the same folder) and writes
// over it; finish cuts it to its new length. The previous builds are untouched: a file still linked from
// another build (link count above one) is never reused, and a file that
// cannot be reused is created as before.

// recycle moves a file of the donor that no other build shares to full
// (which must not exist) and opens it for writing over its bytes: the
// donor's file of the same path p if it qualifies, else another one of
// the same folder (a page that changed in the donor's build but not in
// this one leaves a file that a page changed now can take). nil when
// there is none (the caller creates the file).
func (s *site) recycle(p, full string) *os.File {
	if s.donor == "" {
		return nil
	}
	moved := moveUnshared(filepath.Join(s.donor, filepath.FromSlash(p)), full)
	for !moved {
		name, ok := s.spareFile(path.Dir(p))
		if !ok {
			return nil
		}
		moved = moveUnshared(name, full)
	}
	f, err := os.OpenFile(full, os.O_WRONLY, 0)
	if err != nil {
		_ = os.Remove(full) // created anew by the caller
		return nil
	}
	s.mu.Lock()
	if s.recycled == nil {
		s.recycled = map[*os.File]bool{}
	}
	s.recycled[f] = true
	s.rep.Reused++
	s.mu.Unlock()
	return f
}

// spareFile takes the next file of the donor's folder dir (a slash path)
// not yet tried; false when there is none left.
func (s *site) spareFile(dir string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spares == nil {
		s.spares = map[string][]string{}
	}
	left, listed := s.spares[dir]
	if !listed {
		folder := filepath.Join(s.donor, filepath.FromSlash(dir))
		if f, err := os.Open(folder); err == nil {
			names, _ := f.Readdirnames(-1)
			f.Close()
			for _, n := range names {
				left = append(left, filepath.Join(folder, n))
			}
		}
	}
	if len(left) == 0 {
		s.spares[dir] = []string{}
		return "", false
	}
	next := left[len(left)-1]
	s.spares[dir] = left[:len(left)-1]
	return next, true
}

// cut truncates a reused file at the end of what this build wrote (the
// old bytes beyond it go); a new file is left as it is.
func (s *site) cut(f *os.File) error {
	s.mu.Lock()
	reused := s.recycled[f]
	delete(s.recycled, f)
	s.mu.Unlock()
	if !reused {
		return nil
	}
	end, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	return f.Truncate(end)
}
