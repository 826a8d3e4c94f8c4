package publish

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// loadAirRows is loadAir as it was before the Arrow path: the same queries
// read row by row with database/sql Scan. Kept here only as the reference
// the Arrow path must match.
func loadAirRows(ctx context.Context, db *sql.DB) (*dataset, error) {
	d := &dataset{
		Pollutants: map[string]string{},
		Hours:      map[string][]hourRow{},
		Days:       map[regionKey][]dayRow{},
		Months:     map[regionKey][]monthRow{},
	}
	if err := queryRows(ctx, db, "pollutant_names", nil, func(r *sql.Rows) error {
		var code, name string
		if err := r.Scan(&code, &name); err != nil {
			return err
		}
		d.Pollutants[code] = name
		return nil
	}); err != nil {
		return nil, err
	}
	var latest sql.NullTime
	if err := queryRows(ctx, db, "latest_hour", nil, func(r *sql.Rows) error { return r.Scan(&latest) }); err != nil {
		return nil, err
	}
	if latest.Valid {
		d.LatestHour = latest.Time
	}
	if err := queryRows(ctx, db, "stations", nil, func(r *sql.Rows) error {
		var s stationInfo
		if err := r.Scan(&s.Code, &s.Name, &s.City, &s.Province, &s.County, &s.Control); err != nil {
			return err
		}
		d.Stations = append(d.Stations, s)
		return nil
	}); err != nil {
		return nil, err
	}
	if latest.Valid {
		if err := queryRows(ctx, db, "station_hours", []any{latest.Time.Format("2006-01-02 15:04:05")}, func(r *sql.Rows) error {
			var code string
			var h hourRow
			if err := r.Scan(&code, &h.Time, &h.PM25, &h.PM10, &h.SO2, &h.NO2, &h.O3, &h.CO,
				&h.AQI, &h.Primary, &h.Level, &h.Category); err != nil {
				return err
			}
			d.Hours[code] = append(d.Hours[code], h)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := queryRows(ctx, db, "city_latest", nil, func(r *sql.Rows) error {
		var l latestDay
		if err := r.Scan(&l.Region, &l.Province, &l.Day, &l.AQI, &l.Primary, &l.Level, &l.Category,
			&l.Valid, &l.NStations, &l.NValid, &l.Kind); err != nil {
			return err
		}
		d.CityLatest = append(d.CityLatest, l)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "regions", nil, func(r *sql.Rows) error {
		var g regionInfo
		if err := r.Scan(&g.Level, &g.Name, &g.Province); err != nil {
			return err
		}
		g.ID = regionID(g.Level, g.Name)
		d.Regions = append(d.Regions, g)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "region_days", nil, func(r *sql.Rows) error {
		var k regionKey
		var x dayRow
		if err := r.Scan(&k.Level, &k.Name, &x.Day, &x.AQI, &x.Primary, &x.Level, &x.Category,
			&x.PM25, &x.PM10, &x.SO2, &x.NO2, &x.CO, &x.O3_8h, &x.NStations, &x.NValid, &x.Valid); err != nil {
			return err
		}
		d.Days[k] = append(d.Days[k], x)
		return nil
	}); err != nil {
		return nil, err
	}
	sets := map[regionKey]int{}
	if err := queryRows(ctx, db, "region_months", nil, func(r *sql.Rows) error {
		var m monthRow
		if err := r.Scan(&m.Level, &m.Region, &m.Province, &m.Month, &m.Std, &m.Days, &m.ValidDays,
			&m.PM25, &m.PM10, &m.SO2, &m.NO2, &m.COp95, &m.O3p90, &m.GoodDays, &m.GoodRatio, &m.CI,
			&m.Rank, &m.CILast, &m.Change, &m.Valid, &m.Note); err != nil {
			return err
		}
		k := regionKey{m.Level, m.Region}
		d.Months[k] = append(d.Months[k], m)
		sk := regionKey{m.Level, fmtMonth(m.Month)}
		i, ok := sets[sk]
		if !ok {
			i = len(d.RankingSets)
			sets[sk] = i
			d.RankingSets = append(d.RankingSets, rankingSet{Level: m.Level, Month: m.Month})
		}
		d.RankingSets[i].Rows = append(d.RankingSets[i].Rows, m)
		return nil
	}); err != nil {
		return nil, err
	}
	order := map[string]int{"city": 0, "province": 1, "county": 2}
	slices.SortStableFunc(d.RankingSets, func(a, b rankingSet) int {
		if c := b.Month.Compare(a.Month); c != 0 {
			return c
		}
		if c := cmp.Compare(order[a.Level], order[b.Level]); c != 0 {
			return c
		}
		return strings.Compare(a.Level, b.Level)
	})
	return d, nil
}

// sampleStore is a store with the bundled national sample ingested and
// transformed (for tests and benchmarks).
func sampleStore(tb testing.TB) *store.Store {
	tb.Helper()
	ctx := context.Background()
	fsys, err := envsql.FS("")
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(ctx, tb.TempDir(), store.Options{SQL: fsys})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	paths, err := sample.WriteTo(filepath.Join(tb.TempDir(), "sample"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ingest.Paths(ctx, st, paths, ingest.Options{Source: "test"}); err != nil {
		tb.Fatal(err)
	}
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil {
		tb.Fatal(err)
	}
	return st
}

// diffSlices reports the first index where two slices differ.
func diffSlices[T any](what string, want, got []T) error {
	for i := range min(len(want), len(got)) {
		if !reflect.DeepEqual(want[i], got[i]) {
			return fmt.Errorf("%s[%d]:\n rows:  %+v\n arrow: %+v", what, i, want[i], got[i])
		}
	}
	if len(want) != len(got) {
		return fmt.Errorf("%s: %d rows by database/sql, %d by Arrow", what, len(want), len(got))
	}
	return nil
}

// diffMaps reports the first key whose slices differ, or a key only one
// side has.
func diffMaps[K comparable, T any](what string, want, got map[K][]T) error {
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			return fmt.Errorf("%s: %v missing from the Arrow path", what, k)
		}
		if err := diffSlices(fmt.Sprintf("%s[%v]", what, k), w, g); err != nil {
			return err
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			return fmt.Errorf("%s: %v only in the Arrow path", what, k)
		}
	}
	return nil
}

// sameDataset fails t unless want (database/sql) and got (Arrow) hold the
// same values, time.Time values with the same Location included.
func sameDataset(t *testing.T, want, got *dataset) {
	t.Helper()
	var errs []error
	if !reflect.DeepEqual(want.Pollutants, got.Pollutants) {
		errs = append(errs, fmt.Errorf("Pollutants: %v vs %v", want.Pollutants, got.Pollutants))
	}
	if !reflect.DeepEqual(want.LatestHour, got.LatestHour) {
		errs = append(errs, fmt.Errorf("LatestHour: %v vs %v", want.LatestHour, got.LatestHour))
	}
	errs = append(errs,
		diffSlices("Stations", want.Stations, got.Stations),
		diffMaps("Hours", want.Hours, got.Hours),
		diffSlices("CityLatest", want.CityLatest, got.CityLatest),
		diffSlices("Regions", want.Regions, got.Regions),
		diffMaps("Days", want.Days, got.Days),
		diffMaps("Months", want.Months, got.Months))
	for i := range min(len(want.RankingSets), len(got.RankingSets)) {
		w, g := want.RankingSets[i], got.RankingSets[i]
		if w.Level != g.Level || !reflect.DeepEqual(w.Month, g.Month) {
			errs = append(errs, fmt.Errorf("RankingSets[%d]: %s %v vs %s %v", i, w.Level, w.Month, g.Level, g.Month))
			break
		}
		errs = append(errs, diffSlices(fmt.Sprintf("RankingSets[%d].Rows", i), w.Rows, g.Rows))
	}
	if len(want.RankingSets) != len(got.RankingSets) {
		errs = append(errs, fmt.Errorf("RankingSets: %d vs %d", len(want.RankingSets), len(got.RankingSets)))
	}
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// Catch-all, should a field be added to dataset and missed above.
	if !t.Failed() && !reflect.DeepEqual(want, got) {
		t.Error("datasets differ (reflect.DeepEqual) though every compared part is equal")
	}
}

// coverage fails t when d lacks the values the comparison must have
// covered: stations, hours with and without NULLs, days, months, city
// values, and times labelled as database/sql labels them (UTC). (The
// fixture has no pollutant names: they come with the transform.)
func coverage(t *testing.T, d *dataset) {
	t.Helper()
	var hours, nullPM, validPM, nullPrimary, validPrimary int // PM: any concentration
	for _, hs := range d.Hours {
		for _, h := range hs {
			hours++
			for _, v := range []sql.NullFloat64{h.PM25, h.PM10, h.SO2, h.NO2, h.O3, h.CO} {
				if v.Valid {
					validPM++
				} else {
					nullPM++
				}
			}
			if h.Primary.Valid {
				validPrimary++
			} else {
				nullPrimary++
			}
			if h.Time.Location() != time.UTC {
				t.Fatalf("hour time %v in %v, want UTC-labelled wall clock", h.Time, h.Time.Location())
			}
		}
	}
	var days int
	for _, ds := range d.Days {
		days += len(ds)
	}
	var ranked, unranked int
	for _, ms := range d.Months {
		for _, m := range ms {
			if m.Rank.Valid {
				ranked++
			} else {
				unranked++
			}
		}
	}
	t.Logf("%d stations, %d station-hours (NULL concentrations %d, primary NULL %d), %d region-days, months ranked %d unranked %d, %d city values",
		len(d.Stations), hours, nullPM, nullPrimary, days, ranked, unranked, len(d.CityLatest))
	for what, n := range map[string]int{"stations": len(d.Stations), "hours": hours,
		"NULL concentrations": nullPM, "concentrations": validPM, "NULL primary pollutants": nullPrimary,
		"primary pollutants": validPrimary, "region days": days, "ranked months": ranked, "unranked months": unranked,
		"city values": len(d.CityLatest), "regions": len(d.Regions)} {
		if n == 0 {
			t.Errorf("no %s: the data set does not cover what the comparison must check", what)
		}
	}
	if d.LatestHour.IsZero() {
		t.Error("no latest hour")
	}
}

// The Arrow path gives exactly the dataset the row-by-row path gave, on
// the fixture.
func TestLoadAirArrowFixture(t *testing.T) {
	got := bothPaths(t, openFixture(t))
	// Known values of the fixture, independent of either path.
	if h := got.Hours["1051A"]; len(h) != 24 || !h[23].Time.Equal(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("1051A: %d hours, last %v; want 24 ending 2026-11-01 09:00 (wall clock)", len(h), h[len(h)-1].Time)
	}
}

// The same on the bundled national sample (2,000+ stations, a year of
// region values).
func TestLoadAirArrowSample(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the national sample")
	}
	if got := bothPaths(t, sampleStore(t)); len(got.Pollutants) == 0 {
		t.Error("no pollutant names")
	}
}

// bothPaths loads the air dataset of st both ways, checks the data covers
// what the comparison must check and that the two are the same, and
// returns the Arrow one.
func bothPaths(t *testing.T, st *store.Store) *dataset {
	t.Helper()
	want, err := loadAirRows(t.Context(), st.DB)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loadAir(t.Context(), st.DB)
	if err != nil {
		t.Fatal(err)
	}
	coverage(t, got)
	sameDataset(t, want, got)
	return got
}

// A result the dataset cannot hold fails with the query, column and row
// named, as a database/sql Scan would fail, instead of a zero value.
func TestArrowColsErrors(t *testing.T) {
	ctx := t.Context()
	st := openFixture(t)
	for _, tc := range []struct {
		name, q string
		setup   func(c *cols) func(int)
		want    string
	}{
		{"null string", "SELECT * FROM (VALUES ('a'), (NULL)) v(code)", func(c *cols) func(int) {
			f := c.str(0)
			return func(i int) { f(i) }
		}, "query null string: column 1 (code): row 2: NULL where a value is required"},
		{"null bool", "SELECT NULL::BOOLEAN AS valid", func(c *cols) func(int) {
			f := c.boolean(0)
			return func(i int) { f(i) }
		}, "column 1 (valid): row 1: NULL"},
		{"type", "SELECT 'x' AS n", func(c *cols) func(int) {
			f := c.nullInt(0)
			return func(i int) { f(i) }
		}, "column 1 (n): Arrow type utf8, want an integer"},
		{"timestamptz", "SELECT TIMESTAMPTZ '2026-11-01 09:00:00+08' AS t", func(c *cols) func(int) {
			f := c.timestamp(0)
			return func(i int) { f(i) }
		}, "want a TIMESTAMP without time zone"},
		{"columns", "SELECT 1 AS a, 2 AS b", func(c *cols) func(int) {
			return func(int) {}
		}, "2 columns, want 1"},
	} {
		err := withArrow(ctx, st.DB, func(a *arrowReader) error {
			return a.eachSQL(tc.name, tc.q, 1, tc.setup)
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	// Values and NULLs of every kind read, over more than one batch.
	var n, wrong int
	var last sql.NullTime
	err := withArrow(ctx, st.DB, func(a *arrowReader) error {
		return a.eachSQL("values", `SELECT i::INTEGER, i::DOUBLE / 4, 'v' || i, i % 2 = 0, TIMESTAMP '2026-01-01 01:00:00' + i * INTERVAL 1 HOUR
			FROM range(5000) r(i)`, 5, func(c *cols) func(int) {
			ni, nf, ns, nb, nt := c.i64(0), c.nullFloat(1), c.str(2), c.boolean(3), c.nullTime(4)
			return func(i int) {
				k, f, s, b, tm := ni(i), nf(i), ns(i), nb(i), nt(i)
				if f.Float64 != float64(k)/4 || s != fmt.Sprint("v", k) || b != (k%2 == 0) || !tm.Valid {
					wrong++
				}
				last = tm
				n++
			}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 5000 || wrong != 0 || !reflect.DeepEqual(last.Time, time.Date(2026, 7, 28, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("%d rows, %d wrong, last %v; want 5000, 0, 2026-07-28 08:00 UTC", n, wrong, last.Time)
	}
}

// BenchmarkLoadAirRows is BenchmarkLoadAir on the old row-by-row path.
// go test -run '^$' -bench LoadAir -benchtime 10x ./publish/
func BenchmarkLoadAirRows(b *testing.B) {
	ctx := context.Background()
	st := sampleStore(b)
	for b.Loop() {
		if _, err := loadAirRows(ctx, st.DB); err != nil {
			b.Fatal(err)
		}
	}
}
