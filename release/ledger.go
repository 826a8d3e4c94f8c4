package release

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/config"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// List returns every version of every product-period with its files and
// errata: by product, newest period first, newest version first.
func List(ctx context.Context, st *store.Store) ([]Publication, error) {
	return list(ctx, st, "", "")
}

// Versions returns the versions of one product-period, newest first.
func Versions(ctx context.Context, st *store.Store, product, period string) ([]Publication, error) {
	if product == "" || period == "" {
		return nil, errors.New("release versions: product and period are required")
	}
	return list(ctx, st, product, period)
}

func get(ctx context.Context, st *store.Store, product, period string, version int) (Publication, error) {
	ps, err := list(ctx, st, product, period)
	if err != nil {
		return Publication{}, err
	}
	for _, p := range ps {
		if p.Version == version {
			return p, nil
		}
	}
	return Publication{}, fmt.Errorf("release %s %s v%d: not in the ledger", product, period, version)
}

type pkey struct {
	product, period string
	version         int
}

func list(ctx context.Context, st *store.Store, product, period string) ([]Publication, error) {
	q, err := envsql.Read(st.SQL, "release/list.sql")
	if err != nil {
		return nil, err
	}
	rows, err := st.DB.QueryContext(ctx, q, product, period)
	if err != nil {
		return nil, fmt.Errorf("release/list.sql: %w", err)
	}
	defer rows.Close()
	var out []Publication
	for rows.Next() {
		var p Publication
		var released, published, approvedAt, deadline sql.NullTime
		var standards, inputs string
		var staged time.Time
		if err := rows.Scan(&p.Product, &p.Period, &p.Version, &p.Status, &p.Disclosure, &p.BuiltAt,
			&released, &published, &p.ApprovedBy, &approvedAt, &deadline, &p.CalendarFallback, &p.OnTime,
			&p.Dir, &p.ManifestSHA256, &standards, &inputs, &staged, &p.DeadlineRule); err != nil {
			return nil, fmt.Errorf("release/list.sql: %w", err)
		}
		p.BuiltAt = store.FromWall(p.BuiltAt)
		p.ReleasedAt = fromNull(released)
		p.PublishedAt = fromNull(published)
		p.ApprovedAt = fromNull(approvedAt)
		if deadline.Valid {
			p.Deadline = endOfDay(deadline.Time)
		}
		if err := json.Unmarshal([]byte(standards), &p.Standards); err != nil {
			return nil, fmt.Errorf("release %s %s v%d: standards: %w", p.Product, p.Period, p.Version, err)
		}
		if err := json.Unmarshal([]byte(inputs), &p.InputFiles); err != nil {
			return nil, fmt.Errorf("release %s %s v%d: input files: %w", p.Product, p.Period, p.Version, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("release/list.sql: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	at := map[pkey]int{}
	for i, p := range out {
		at[pkey{p.Product, p.Period, p.Version}] = i
	}
	if err := each(ctx, st, "release/list_files.sql", product, period, func(sc func(...any) (pkey, error)) error {
		var f File
		k, err := sc(&f.Name, &f.Size, &f.SHA256)
		if err != nil {
			return err
		}
		if i, ok := at[k]; ok {
			out[i].Files = append(out[i].Files, f)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, st, "release/list_errata.sql", product, period, func(sc func(...any) (pkey, error)) error {
		var e Erratum
		k, err := sc(&e.Table, &e.Row, &e.Column, &e.Label, &e.Old, &e.New)
		if err != nil {
			return err
		}
		if i, ok := at[k]; ok {
			out[i].Errata = append(out[i].Errata, e)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// each runs a query file whose rows start with product, period, version
// and hands the rest of each row to f.
func each(ctx context.Context, st *store.Store, name, product, period string, f func(scan func(...any) (pkey, error)) error) error {
	q, err := envsql.Read(st.SQL, name)
	if err != nil {
		return err
	}
	rows, err := st.DB.QueryContext(ctx, q, product, period)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		err := f(func(dest ...any) (pkey, error) {
			var k pkey
			err := rows.Scan(append([]any{&k.product, &k.period, &k.version}, dest...)...)
			return k, err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func fromNull(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return store.FromWall(t.Time)
}

// Errors of Approve a caller can tell apart (errors.Is): the request is
// wrong (ErrBadRequest) or the ledger has no draft to approve (ErrNoDraft).
var (
	ErrBadRequest = errors.New("bad approval request")
	ErrNoDraft    = errors.New("no draft to approve")
)

// Approve releases the newest version of product-period, which must be a
// draft: a 主动公开 product becomes Public (published now), a 依申请公开
// product Internal (released for disclosure on request). It records who
// approved it and when. A 不予公开 product cannot be approved.
func Approve(ctx context.Context, st *store.Store, product, period, by string, now time.Time) (Publication, error) {
	what := product + " " + period
	if !slices.Contains(products, product) {
		return Publication{}, fmt.Errorf("approve %s: %w: %w", what, ErrBadRequest, unknownProduct(product))
	}
	if _, err := PeriodEnd(product, period); err != nil {
		return Publication{}, fmt.Errorf("approve %s: %w: %w", what, ErrBadRequest, err)
	}
	by = strings.TrimSpace(by)
	if by == "" {
		return Publication{}, fmt.Errorf("approve %s: %w: who approves is required (--by NAME)", what, ErrBadRequest)
	}
	vs, err := list(ctx, st, product, period)
	if err != nil {
		return Publication{}, fmt.Errorf("approve %s: %w", what, err)
	}
	if len(vs) == 0 {
		return Publication{}, fmt.Errorf("approve %s: %w: nothing has been released for this period", what, ErrNoDraft)
	}
	p := vs[0]
	switch p.Status {
	case Draft:
	case Public:
		who := "automatically"
		if p.ApprovedBy != "" {
			who = "approved by " + p.ApprovedBy
		}
		return p, fmt.Errorf("approve %s: %w: v%d is already public (published %s, %s)",
			what, ErrNoDraft, p.Version, p.PublishedAt.Format("2006-01-02 15:04"), who)
	default:
		return p, fmt.Errorf("approve %s: %w: v%d is %s (%s), never published on the portal",
			what, ErrNoDraft, p.Version, p.Status, p.Disclosure)
	}
	var status string
	var published any
	switch p.Disclosure {
	case Active:
		status, published = Public, store.Wall(now)
	case OnRequest:
		status = Internal
	default:
		return p, fmt.Errorf("approve %s: %w: v%d is %s: it is never disclosed", what, ErrNoDraft, p.Version, p.Disclosure)
	}
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return p, err
	}
	defer func() { _ = tx.Rollback() }()
	q, err := envsql.Read(st.SQL, "release/approve.sql")
	if err != nil {
		return p, err
	}
	res, err := tx.ExecContext(ctx, q, status, store.Wall(now), published, by, product, period, p.Version)
	if err != nil {
		return p, fmt.Errorf("approve %s v%d: release/approve.sql: %w", what, p.Version, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return p, fmt.Errorf("approve %s v%d: the draft changed meanwhile (%d rows, %v)", what, p.Version, n, err)
	}
	if err := tx.Commit(); err != nil {
		return p, fmt.Errorf("approve %s v%d: commit: %w", what, p.Version, err)
	}
	st.Log.Info("release approved", "product", product, "period", period, "version", p.Version, "status", status, "by", by)
	return get(ctx, st, product, period, p.Version)
}

// Due is a product-period whose deadline is near or past without a release.
type Due struct {
	Product, Period string
	Deadline        time.Time // end of the deadline day, CST
	DaysLeft        int       // calendar days from today to the deadline day (negative: missed)
	Fallback        bool      // the deadline counted Monday–Friday (calendar does not cover the year)
}

// Missed reports whether the deadline has passed.
func (d Due) Missed() bool { return d.DaysLeft < 0 }

// DueSoon lists, for every product with a deadline rule that is disclosed
// (主动公开 or 依申请公开), the periods ended before now whose deadline day is
// at most warnDays away — or passed in the last 31 days — and that have no
// released (public or internal) version.
func DueSoon(ctx context.Context, st *store.Store, policies []config.Product, now time.Time, warnDays int) ([]Due, error) {
	cal, err := LoadCalendar(st.SQL)
	if err != nil {
		return nil, err
	}
	q, err := envsql.Read(st.SQL, "release/released.sql")
	if err != nil {
		return nil, err
	}
	now = now.In(store.CST)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, store.CST)
	var out []Due
	for _, pol := range policies {
		rule, ok, err := config.ParseDeadline(pol.Deadline)
		if err != nil {
			return out, fmt.Errorf("product %s: %w", pol.Name, err)
		}
		if !ok || pol.Disclosure == Withheld || !slices.Contains(products, pol.Name) {
			continue
		}
		for _, period := range previousPeriods(pol.Name, now, 4) {
			end, err := PeriodEnd(pol.Name, period)
			if err != nil {
				return out, err
			}
			due, fb := cal.Due(end, rule)
			left := int(due.Sub(today).Hours()) / 24 // both are CST midnights

			if left > warnDays || left < -31 {
				continue
			}
			var n int
			if err := st.DB.QueryRowContext(ctx, q, pol.Name, period).Scan(&n); err != nil {
				return out, fmt.Errorf("release/released.sql: %w", err)
			}
			if n > 0 {
				continue
			}
			out = append(out, Due{Product: pol.Name, Period: period, Deadline: endOfDay(due), DaysLeft: left, Fallback: fb})
		}
	}
	return out, nil
}
