package publish

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The portal's queries. They live here (not in sql/) so the package is self
// contained; each file is one statement, parameters bound positionally.
//
//go:embed queries/*.sql
var queryFS embed.FS

func query(name string) (string, error) {
	b, err := queryFS.ReadFile("queries/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("query %s: %w", name, err)
	}
	return string(b), nil
}

type stationInfo struct {
	Code, Name, City, Province, County string
	Control                            bool
}

type hourRow struct {
	Time                         time.Time
	PM25, PM10, SO2, NO2, O3, CO sql.NullFloat64
	AQI, Level                   sql.NullInt64
	Primary, Category            sql.NullString
}

type regionInfo struct {
	Level, Name, Province string
	ID                    string // stable file name: level-<hash>
}

type dayRow struct {
	Day                             time.Time
	AQI, Level                      sql.NullInt64
	Primary, Category               sql.NullString
	PM25, PM10, SO2, NO2, CO, O3_8h sql.NullFloat64
	NStations, NValid               int64
	Valid                           bool
}

type monthRow struct {
	Level, Region, Province            string
	Month                              time.Time
	Std                                string
	Days, ValidDays                    int64
	PM25, PM10, SO2, NO2, COp95, O3p90 sql.NullFloat64
	GoodDays                           sql.NullInt64
	GoodRatio, CI                      sql.NullFloat64
	Rank                               sql.NullInt64
	CILast, Change                     sql.NullFloat64
	Valid                              bool
	Note                               string
}

type latestDay struct {
	Region, Province  string
	Day               time.Time
	AQI, Level        sql.NullInt64
	Primary, Category sql.NullString
	Valid             bool
	NStations, NValid int64
	Kind              string // hour: real-time value at Day (a time); day: latest daily value
}

type regionKey struct{ Level, Name string }

// dataset is everything the portal shows, read in a handful of bulk
// queries (never one query per page).
type dataset struct {
	Pollutants  map[string]string // pollutant code -> Chinese display name (CNEMC wording)
	LatestHour  time.Time         // zero when there is no real-time data
	Stations    []stationInfo
	Hours       map[string][]hourRow // station code -> last 24 h, oldest first
	CityLatest  []latestDay
	Regions     []regionInfo
	Days        map[regionKey][]dayRow
	Months      map[regionKey][]monthRow // oldest first
	RankingSets []rankingSet             // newest month first
	Water       *waterData               // water.go
	Incidents   *incidentData            // incident.go
	Polluters   *polluterData            // polluter.go
	Freshness   []freshItem              // freshness.go
}

// rankingSet is one ranking table: a region level and a month.
type rankingSet struct {
	Level string
	Month time.Time
	Rows  []monthRow // by rank; unranked last
}

func regionID(level, name string) string {
	h := sha256.Sum256([]byte(level + "\x00" + name))
	return level + "-" + hex.EncodeToString(h[:5])
}

func load(ctx context.Context, db *sql.DB) (*dataset, error) {
	d, err := loadAir(ctx, db)
	if err != nil {
		return nil, err
	}
	if d.Water, err = loadWater(ctx, db); err != nil {
		return nil, err
	}
	if d.Incidents, err = loadIncidents(ctx, db); err != nil {
		return nil, err
	}
	if d.Polluters, err = loadPolluters(ctx, db); err != nil {
		return nil, err
	}
	if d.Freshness, err = loadFreshness(ctx, db); err != nil {
		return nil, err
	}
	return d, nil
}

// loadAir reads the air part of the dataset (what the home, ranking,
// region and station pages show); an incremental build reads only this
// and the freshness items.
func loadAir(ctx context.Context, db *sql.DB) (*dataset, error) {
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
		if err := queryRows(ctx, db, "station_hours", nil, func(r *sql.Rows) error {
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
	sets := map[regionKey]int{} // (level, month) -> index in RankingSets
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
	// Newest month first, then city, province, county.
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

// queryRows runs the named query and calls scan for each row.
func queryRows(ctx context.Context, db *sql.DB, name string, args []any, scan func(*sql.Rows) error) error {
	q, err := query(name)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("query %s: scan: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	return nil
}

// primary shows a primary_pollutant value ("PM2.5,PM10") with the CNEMC
// display names (细颗粒物(PM2.5)、颗粒物(PM10)); unknown codes stay as they are.
func (d *dataset) primary(v sql.NullString) string {
	if !v.Valid || v.String == "" {
		return ""
	}
	parts := strings.Split(v.String, ",")
	for i, c := range parts {
		if n, ok := d.Pollutants[strings.TrimSpace(c)]; ok {
			parts[i] = n
		}
	}
	return strings.Join(parts, "、")
}
