package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/envdisclose/envdisclose/release"
)

// handleApprove is POST /api/v1/publications/{product}/{period}/approve:
// a staff member approves the newest draft of a reviewed bulletin
// (先审查后公开), as `envdisclose approve` does while the server holds the
// database. The approver recorded in the ledger is the staff token's name.
// The portal is then rebuilt (the push republisher), so the bulletin is
// public within seconds.
func (s *Server) handleApprove(w http.ResponseWriter, r *http.Request) {
	p, ok := s.authorize(w, r)
	if !ok {
		return
	}
	if !p.staff {
		writeError(w, http.StatusForbidden, "staff token required", "only staff may approve a bulletin for publication")
		return
	}
	product, period := r.PathValue("product"), r.PathValue("period")
	pub, err := release.Approve(r.Context(), s.st, product, period, p.name, s.opt.Now())
	switch {
	case errors.Is(err, release.ErrBadRequest):
		writeError(w, http.StatusBadRequest, "invalid approval", err.Error())
		return
	case errors.Is(err, release.ErrNoDraft):
		writeError(w, http.StatusConflict, "no draft to approve", err.Error())
		return
	case err != nil:
		s.log.Error("approve", "product", product, "period", period, "err", err)
		writeError(w, http.StatusInternalServerError, "approval failed", err.Error())
		return
	}
	s.log.Info("bulletin approved", "product", pub.Product, "period", pub.Period, "version", pub.Version,
		"status", pub.Status, "by", pub.ApprovedBy)
	if pub.Status == release.Public {
		s.repub.trigger()
	}
	out := map[string]any{
		"product": pub.Product, "period": pub.Period, "version": pub.Version, "status": pub.Status,
		"disclosure": pub.Disclosure, "approved_by": pub.ApprovedBy, "approved_at": pub.ApprovedAt.Format(time.RFC3339),
		"on_time": pub.OnTime,
	}
	if !pub.Deadline.IsZero() {
		out["deadline"] = pub.Deadline.Format(time.RFC3339)
	}
	writeJSON(w, http.StatusOK, out)
}
