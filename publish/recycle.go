package publish

import (
	"io"
	"os"
	"path"
	"path/filepath"
)

// Reusing files: a pool of free files. Creating a file costs far more
// than writing its bytes on some file systems (on the ext4 disk of the
// machine this was measured on, writing 4,000 new 5-20 KB files took
// 0.8-1.0 s and 1.5-2 s of system CPU; moving 4,000 old files into place
// and writing over them took 0.09 s and 0.15 s), and deleting one costs
// too. So prune does not delete the files of an old build that no other
// build shares (link count one): it moves them into the pool,
// DATA/site-builds/.free/, each into the pool folder of its folder in the
// build (.free/station/, .free/data/station/..., the root files in .free/
// itself) so that a page takes a file of about its size, under its own
// name or, when that name is taken, name~build. A build takes a pool file
// for each file it writes (the one of the same path first, else any of the
// folder), moves it into place and writes over it; finish cuts it to its
// new length. A file that cannot be taken is created as before.
//
// The cap: a pool folder holds at most Keep times as many files as the
// pruned build has in that folder; prune deletes the files beyond it,
// trims a folder that holds more (the folder shrank) and removes the pool
// folders the current build no longer has. So the pool never holds more
// files than Keep full builds. Why Keep times: the files a build replaces
// reach the pool only when that build's predecessor is pruned, Keep
// builds later, so the pool must carry what the next Keep builds write:
// after builds that wrote little, up to Keep times a whole folder (the
// next ones rewriting every page). With one folder's worth, a run of
// growing republishes after a full reserve ran dry one build sooner (the
// test's 1, 3, 5, 7 stations after full builds: 8 of 22 created).
//
// Safety: a file is moved into the pool and taken from it only if it is a
// regular file with no other link (checked again by the build that takes
// it), with a rename that never replaces, so the Keep previous builds (and
// folder mirrors, which link the builds' files) are never touched; two
// processes racing for a file (a server and a CLI build, a background
// prune) lose nothing but the rename, and the loser creates its file. Only
// builds whose state file exists give files: their writer had closed every
// file before saving it (saveState), so no process still writes into a
// file of the pool; a build left by a stopped process is deleted.

// poolName is the pool folder under site-builds (a name buildSeq refuses:
// never taken for a build).
const poolName = ".free"

func poolDir(buildsRoot string) string { return filepath.Join(buildsRoot, poolName) }

// recycle moves a free file of the pool (s.pool; any directory laid out
// like a build does) to full (which must not exist) and opens it for
// writing over its bytes: the pool's file of the same path p if there is
// one, else another one of the same folder. nil when there is none (the
// caller creates the file).
func (s *site) recycle(p, full string) *os.File {
	if s.pool == "" {
		return nil
	}
	moved := moveUnshared(filepath.Join(s.pool, filepath.FromSlash(p)), full)
	for !moved {
		name, ok := s.poolFile(path.Dir(p))
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

// poolFile takes the next file of the pool's folder dir (a slash path)
// not yet tried; false when there is none left.
func (s *site) poolFile(dir string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.untried == nil {
		s.untried = map[string][]string{}
	}
	left, listed := s.untried[dir]
	if !listed {
		folder := filepath.Join(s.pool, filepath.FromSlash(dir))
		if f, err := os.Open(folder); err == nil {
			names, _ := f.Readdirnames(-1)
			f.Close()
			for _, n := range names {
				left = append(left, filepath.Join(folder, n))
			}
		}
	}
	if len(left) == 0 {
		s.untried[dir] = []string{}
		return "", false
	}
	next := left[len(left)-1]
	s.untried[dir] = left[:len(left)-1]
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

// freeFiles moves the files of the old build dir that no other build shares
// into the pool, folder by folder, up to the cap, and returns how many it
// moved; the caller then deletes the build. Nothing when files are not
// reused here (reuseFiles) or dir has no state file (see above).
func freeFiles(dir, pool string) int {
	if !reuseFiles {
		return 0
	}
	if _, err := os.Stat(statePath(dir)); err != nil {
		return 0
	}
	return releaseFolder(dir, pool, filepath.Base(dir))
}

func releaseFolder(dir, pool, build string) int {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	moved := 0
	var files []string
	for _, e := range ents {
		switch {
		case e.IsDir():
			moved += releaseFolder(filepath.Join(dir, e.Name()), filepath.Join(pool, e.Name()), build)
		case e.Type().IsRegular():
			files = append(files, e.Name())
		}
	}
	if len(files) == 0 {
		return moved
	}
	if err := os.MkdirAll(pool, 0o755); err != nil {
		return moved
	}
	limit := Keep * len(files)
	have := map[string]bool{}
	free, err := os.ReadDir(pool)
	if err != nil {
		return moved
	}
	for _, e := range free {
		if !e.Type().IsRegular() {
			continue
		}
		if len(have) >= limit { // over the cap: the folder shrank
			_ = os.Remove(filepath.Join(pool, e.Name()))
			continue
		}
		have[e.Name()] = true
	}
	n := len(have)
	for _, name := range files {
		if n >= limit {
			break // the rest goes with the build
		}
		dst := name
		if have[dst] {
			dst = name + "~" + build
		}
		if moveUnshared(filepath.Join(dir, name), filepath.Join(pool, dst)) {
			have[dst] = true
			n++
			moved++
		}
	}
	return moved
}

// trimPool removes the pool folders that the build dir (the current one)
// does not have: a folder no build writes any more.
func trimPool(pool, dir string) {
	ents, err := os.ReadDir(pool)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		if fi, err := os.Stat(sub); err != nil || !fi.IsDir() {
			_ = os.RemoveAll(filepath.Join(pool, e.Name()))
			continue
		}
		trimPool(filepath.Join(pool, e.Name()), sub)
	}
}
