package server

import (
	"context"

	"github.com/envdisclose/envdisclose/publish"
)

// deliverLater sends the newest build to the publish targets ([publish]
// folder and hook) in the background, off the path of the next push's
// republish: one delivery at a time, and builds published meanwhile are
// covered by one more delivery, so the targets always end at the newest
// build. (A full build delivers inside the pipeline.) Run waits for it.
func (s *Server) deliverLater() {
	t := publish.Targets{Folder: s.cfg.Publish.Folder, Hook: s.cfg.Publish.Hook, Readers: s.readers}
	if t.Empty() {
		return
	}
	s.deliverPending.Store(true)
	if !s.delivering.TryLock() {
		return // the running delivery sees the flag
	}
	s.prunes.Add(1)
	go func() {
		defer s.prunes.Done()
		for {
			for s.deliverPending.Swap(false) {
				if err := t.Deliver(context.Background(), s.st.SiteDir(), s.log); err != nil {
					s.log.Error("publish targets", "err", err)
				}
			}
			s.delivering.Unlock()
			if !s.deliverPending.Load() || !s.delivering.TryLock() {
				return
			}
		}
	}()
}
