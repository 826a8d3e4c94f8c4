package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/envdisclose/envdisclose/ingest/incident"
	"github.com/envdisclose/envdisclose/ingest/obs"
	ingestsql "github.com/envdisclose/envdisclose/ingest/sql"
	"github.com/envdisclose/envdisclose/ingest/water"
	"github.com/envdisclose/envdisclose/store"
)

// stageView hands rec to DuckDB as the view view and runs the statement
// file name, which reads it.
func stageView(ctx context.Context, raw rawFunc, rec arrow.RecordBatch, view, name string, args ...driver.NamedValue) error {
	q, err := ingestsql.Statement(name)
	if err != nil {
		return err
	}
	return raw(func(dc driver.Conn) error {
		if err := registerAndRun(ctx, dc, rec, view, q, args...); err != nil {
			return fmt.Errorf("run %s.sql: %w", name, err)
		}
		return nil
	})
}

// applySites applies site rows to the versioned water_site registry inside
// tx (see water_site_*.sql) and returns how many sites were new and
// changed.
func applySites(ctx context.Context, tx *sql.Tx, raw rawFunc, e *store.FileEntry, l *water.Sites, wall time.Time) (added, changed int64, err error) {
	rec := waterSiteRecord(l)
	defer rec.Release()
	mask := "," + strings.Join(l.Columns, ",") + ","
	if err := stageView(ctx, raw, rec, "ingest_water_site_arrow", "water_site_stage", driver.NamedValue{Ordinal: 1, Value: mask}); err != nil {
		return 0, 0, err
	}
	if changed, err = exec(ctx, tx, "water_site_close", wall); err != nil {
		return 0, 0, err
	}
	opened, err := exec(ctx, tx, "water_site_open", wall, e.ID)
	if err != nil {
		return 0, 0, err
	}
	if _, err := exec(ctx, tx, "water_site_cleanup"); err != nil {
		return 0, 0, err
	}
	return opened - changed, changed, nil
}

// loadWaterSites applies a site list in one transaction with the ledger
// update.
func loadWaterSites(ctx context.Context, st *store.Store, e *store.FileEntry, l *water.Sites, rejects []store.Reject, now time.Time) error {
	return inTx(ctx, st, func(tx *sql.Tx, raw rawFunc) error {
		added, changed, err := applySites(ctx, tx, raw, e, l, store.Wall(now))
		if err != nil {
			return err
		}
		n := int64(len(l.Sites))
		e.Message = joinMsg(fmt.Sprintf("%d sites: %d new, %d changed, %d unchanged", n, added, changed, n-added-changed), e.Message)
		return st.Finish(ctx, tx, e, rejects)
	})
}

// loadWater lands water samples (and, for the CNEMC layout, the registry
// rows of its stations and the published classes) in one transaction with
// the ledger update: the current values of the same site-time-parameters
// move to water_sample_superseded, published classes of the same
// site-times are replaced, and the touched days are marked in dirty_day
// (dataset 'water').
func loadWater(ctx context.Context, st *store.Store, e *store.FileEntry, s *water.Samples, rejects []store.Reject, now time.Time) error {
	lo, hi, ok := s.Bounds()
	if !ok {
		return fmt.Errorf("water file without samples")
	}
	loT, hiT := obs.MicrosToWall(lo), obs.MicrosToWall(hi)
	return inTx(ctx, st, func(tx *sql.Tx, raw rawFunc) error {
		var msg []string
		if s.Sites != nil && len(s.Sites.Sites) > 0 {
			added, changed, err := applySites(ctx, tx, raw, e, s.Sites, store.Wall(now))
			if err != nil {
				return err
			}
			msg = append(msg, fmt.Sprintf("%d sites (%d new, %d changed)", len(s.Sites.Sites), added, changed))
		}
		if s.Len() > 0 {
			rec := waterRecord(s)
			err := stageView(ctx, raw, rec, "ingest_water_arrow", "water_stage")
			rec.Release()
			if err != nil {
				return err
			}
			n, err := exec(ctx, tx, "water_supersede", e.ID, loT, hiT)
			if err != nil {
				return err
			}
			if n > 0 {
				if _, err := exec(ctx, tx, "water_delete", loT, hiT); err != nil {
					return err
				}
			}
			e.RowsSuperseded = n
			if _, err := exec(ctx, tx, "water_insert", e.ID); err != nil {
				return err
			}
		}
		msg = append(msg, fmt.Sprintf("%d values", s.Len()))
		if len(s.Reported) > 0 {
			rec := reportedRecord(s.Reported)
			err := stageView(ctx, raw, rec, "ingest_water_reported_arrow", "water_reported_stage")
			rec.Release()
			if err != nil {
				return err
			}
			if _, err := exec(ctx, tx, "water_reported_replace", loT, hiT); err != nil {
				return err
			}
			if _, err := exec(ctx, tx, "water_reported_insert", e.ID); err != nil {
				return err
			}
			msg = append(msg, fmt.Sprintf("%d published classes", len(s.Reported)))
		}
		if _, err := exec(ctx, tx, "water_dirty", e.ID, strings.Join(s.Days(), ",")); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, "water_cleanup"); err != nil {
			return err
		}
		e.Message = joinMsg(strings.Join(msg, ", "), e.Message)
		return st.Finish(ctx, tx, e, rejects)
	})
}

// loadIncidents lands incidents in one transaction with the ledger
// update; an incident sent again (same id) moves its current version to
// incident_superseded.
func loadIncidents(ctx context.Context, st *store.Store, e *store.FileEntry, list []incident.Incident, rejects []store.Reject) error {
	rec := incidentRecord(list)
	defer rec.Release()
	return inTx(ctx, st, func(tx *sql.Tx, raw rawFunc) error {
		if err := stageView(ctx, raw, rec, "ingest_incident_arrow", "incident_stage"); err != nil {
			return err
		}
		n, err := exec(ctx, tx, "incident_supersede", e.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			if _, err := exec(ctx, tx, "incident_delete"); err != nil {
				return err
			}
		}
		e.RowsSuperseded = n
		if _, err := exec(ctx, tx, "incident_insert", e.ID); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, "incident_cleanup"); err != nil {
			return err
		}
		e.Message = joinMsg(fmt.Sprintf("%d incidents: %d new, %d superseded", len(list), int64(len(list))-n, n), e.Message)
		return st.Finish(ctx, tx, e, rejects)
	})
}

func joinMsg(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}
