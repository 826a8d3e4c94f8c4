package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

// Products are the periodic products the pipeline releases, in order.
func Products() []string { return []string{report.AirMonthly, report.WaterMonthly, report.Quarterly} }

// ReleaseOptions configure Releases.
type ReleaseOptions struct {
	Config   *config.Config // policies, bureau, region level; nil = config.Default()
	Products []string       // nil = Products()
	Periods  []string       // only these periods (of every product given); nil = every ended period with data
	Log      *slog.Logger
	Now      time.Time // zero = time.Now()
	// ApproveAs, when set, approves every new draft at once in this name
	// (the demo, which has no reviewer); "" = drafts wait for approval.
	ApproveAs string
	// NewPeriods are the products whose ended periods without a version get
	// their first release (the monthly and quarterly jobs, `envdisclose
	// build`); for the others only periods already released are re-checked.
	NewPeriods []string
	// Touched limits the re-check of released periods to those with new
	// data; nil = re-check every released period. When every product and
	// period is included, the months kept by KeepTouched are cleared
	// afterwards.
	Touched *Touched
}

// Touched says which months got new or corrected data in this build.
type Touched struct {
	Months    map[string]map[string]bool // dirty_day dataset (air, water, emission) → "2006-01"
	Incidents bool                       // incident records were added or changed
}

// productDatasets are the dirty_day datasets whose data a product shows.
func productDatasets(product string) []string {
	switch product {
	case report.AirMonthly:
		return []string{"air"}
	case report.WaterMonthly:
		return []string{"water"}
	default:
		return []string{"air", "water", "emission"}
	}
}

// touches reports whether t covers a month of product's period.
func (t *Touched) touches(product, period string) (bool, error) {
	if t == nil {
		return true, nil
	}
	if product == report.Quarterly && t.Incidents {
		return true, nil
	}
	p, err := report.ParsePeriod(product, period)
	if err != nil {
		return false, err
	}
	for _, m := range p.Months {
		for _, ds := range productDatasets(product) {
			if t.Months[ds][m.Format("2006-01")] {
				return true, nil
			}
		}
	}
	return false, nil
}

// KeepTouched keeps the months marked dirty by ingest for the next release
// stage; a build that consumes the marks without releasing (the incremental
// push build) calls it first, so a correction pushed by a station still
// gets its erratum at the next full build.
func KeepTouched(ctx context.Context, st *store.Store) error {
	return execRelease(ctx, st, "touched_keep.sql")
}

// clearTouched forgets the kept months once the release stage re-checked them.
func clearTouched(ctx context.Context, st *store.Store) error {
	return execRelease(ctx, st, "touched_clear.sql")
}

func execRelease(ctx context.Context, st *store.Store, name string) error {
	q, err := fs.ReadFile(st.SQL, "release/"+name)
	if err != nil {
		return fmt.Errorf("release marks: %w", err)
	}
	if _, err := st.DB.ExecContext(ctx, string(q)); err != nil {
		return fmt.Errorf("release marks (sql/release/%s): %w", name, err)
	}
	return nil
}

// ReadTouched reads the months marked dirty by ingest and those kept by
// KeepTouched; call it before the transforms consume the marks.
func ReadTouched(ctx context.Context, st *store.Store) (*Touched, error) {
	q, err := fs.ReadFile(st.SQL, "release/touched_months.sql")
	if err != nil {
		return nil, fmt.Errorf("touched months: %w", err)
	}
	rows, err := st.DB.QueryContext(ctx, string(q))
	if err != nil {
		return nil, fmt.Errorf("touched months (sql/release/touched_months.sql): %w", err)
	}
	defer rows.Close()
	t := &Touched{Months: map[string]map[string]bool{}}
	for rows.Next() {
		var ds, month string
		if err := rows.Scan(&ds, &month); err != nil {
			return nil, fmt.Errorf("touched months: %w", err)
		}
		if t.Months[ds] == nil {
			t.Months[ds] = map[string]bool{}
		}
		t.Months[ds][month] = true
	}
	return t, rows.Err()
}

// ReleaseReport counts what Releases did.
type ReleaseReport struct {
	Checked   int      // product-periods whose figures were read
	Created   []string // "product period vN status" of each new version
	Unchanged int      // product-periods whose newest version already had these figures
}

// reportFiles writes the downloads of a release with the report package's
// writers (document.json is written by release.Stage itself).
type reportFiles []string

func (f reportFiles) Write(dir string, doc *report.Document) ([]string, error) {
	return report.Artifacts(dir, doc, f)
}

// downloads are the formats every release carries besides document.json.
func downloads() reportFiles { return reportFiles{"xlsx", "csv", "parquet"} }

// Releases reads the figures of every ended period of the periodic products
// (monthly air and water bulletins, the quarterly bulletin) and stages a
// new version in the publication ledger where they differ from the newest
// version: a first release, or a correction with its erratum. Products
// under review become drafts until `envdisclose approve`.
func Releases(ctx context.Context, st *store.Store, opt ReleaseOptions) (ReleaseReport, error) {
	var rep ReleaseReport
	cfg := opt.Config
	if cfg == nil {
		d := config.Default()
		if err := d.Validate(); err != nil {
			return rep, fmt.Errorf("default config: %w", err)
		}
		cfg = &d
	}
	if opt.Log == nil {
		opt.Log = st.Log
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	products := opt.Products
	if products == nil {
		products = Products()
	}
	pubs, err := release.List(ctx, st)
	if err != nil {
		return rep, err
	}
	released := map[[2]string]bool{}
	for _, p := range pubs {
		released[[2]string{p.Product, p.Period}] = true
	}
	for _, product := range products {
		policy, ok := cfg.Product(product)
		if !ok {
			return rep, fmt.Errorf("product %s: no release policy in the configuration", product)
		}
		periods := opt.Periods
		if periods == nil {
			var err error
			periods, err = report.Periods(ctx, st.DB, st.SQL, product, opt.Now)
			if err != nil {
				return rep, err
			}
		}
		for _, period := range periods {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			if !released[[2]string{product, period}] {
				if !slices.Contains(opt.NewPeriods, product) {
					continue
				}
			} else if ok, err := opt.Touched.touches(product, period); err != nil {
				return rep, err
			} else if !ok {
				continue
			}
			doc, err := report.Build(ctx, st.DB, st.SQL, product, period, report.Options{
				Bureau: cfg.Bureau, Now: opt.Now, RegionLevel: cfg.RegionLevel})
			if err != nil {
				return rep, fmt.Errorf("%s %s: %w", product, period, err)
			}
			rep.Checked++
			pub, created, err := release.Stage(ctx, st, doc, release.Options{
				Policy: policy, Artifacts: []release.Artifact{downloads()}, Now: opt.Now, Log: opt.Log})
			if err != nil {
				return rep, fmt.Errorf("%s %s: %w", product, period, err)
			}
			if !created {
				rep.Unchanged++
				continue
			}
			if pub.Status == release.Draft && opt.ApproveAs != "" {
				if pub, err = release.Approve(ctx, st, product, period, opt.ApproveAs, opt.Now); err != nil {
					return rep, fmt.Errorf("%s %s: %w", product, period, err)
				}
			}
			rep.Created = append(rep.Created, fmt.Sprintf("%s %s v%d %s", product, period, pub.Version, pub.Status))
		}
	}
	if len(opt.Products) == 0 && len(opt.Periods) == 0 {
		// Every product was re-checked for the kept months.
		if err := clearTouched(ctx, st); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
