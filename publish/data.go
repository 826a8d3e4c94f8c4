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
// and the freshness items. Every query's result comes in Arrow batches
// (data_arrow.go), not row by row.
func loadAir(ctx context.Context, db *sql.DB) (*dataset, error) {
	d := &dataset{
		Pollutants: map[string]string{},
		Hours:      map[string][]hourRow{},
		Days:       map[regionKey][]dayRow{},
		Months:     map[regionKey][]monthRow{},
	}
	err := withArrow(ctx, db, func(a *arrowReader) error {
		if err := a.each("pollutant_names", 2, func(c *cols) func(int) {
			code, name := c.str(0), c.str(1)
			return func(i int) { d.Pollutants[code(i)] = name(i) }
		}); err != nil {
			return err
		}
		var latest sql.NullTime
		if err := a.each("latest_hour", 1, func(c *cols) func(int) {
			t := c.nullTime(0)
			return func(i int) { latest = t(i) }
		}); err != nil {
			return err
		}
		if latest.Valid {
			d.LatestHour = latest.Time
		}
		if err := a.each("stations", 6, func(c *cols) func(int) {
			code, name, city, prov, county, ctl := c.str(0), c.str(1), c.str(2), c.str(3), c.str(4), c.boolean(5)
			return func(i int) {
				d.Stations = append(d.Stations, stationInfo{Code: code(i), Name: name(i), City: city(i),
					Province: prov(i), County: county(i), Control: ctl(i)})
			}
		}); err != nil {
			return err
		}
		if latest.Valid {
			// Rows come by station, at most 24 each: the map is looked up
			// once per station.
			var cur string
			var hours []hourRow
			if err := a.each("station_hours", 12, func(c *cols) func(int) {
				code, t := c.str(0), c.timestamp(1)
				pm25, pm10, so2, no2, o3, co := c.nullFloat(2), c.nullFloat(3), c.nullFloat(4), c.nullFloat(5), c.nullFloat(6), c.nullFloat(7)
				aqi, prim, level, cat := c.nullInt(8), c.nullStr(9), c.nullInt(10), c.nullStr(11)
				return func(i int) {
					if k := code(i); k != cur || hours == nil {
						if hours != nil {
							d.Hours[cur] = hours
						}
						cur, hours = k, d.Hours[k]
						if hours == nil {
							hours = make([]hourRow, 0, 24)
						}
					}
					hours = append(hours, hourRow{Time: t(i), PM25: pm25(i), PM10: pm10(i), SO2: so2(i), NO2: no2(i),
						O3: o3(i), CO: co(i), AQI: aqi(i), Primary: prim(i), Level: level(i), Category: cat(i)})
				}
			}, latest.Time.Format("2006-01-02 15:04:05")); err != nil {
				return err
			}
			if hours != nil {
				d.Hours[cur] = hours
			}
		}
		if err := a.each("city_latest", 11, func(c *cols) func(int) {
			region, prov, day := c.str(0), c.str(1), c.timestamp(2)
			aqi, prim, level, cat := c.nullInt(3), c.nullStr(4), c.nullInt(5), c.nullStr(6)
			valid, nst, nvalid, kind := c.boolean(7), c.i64(8), c.i64(9), c.str(10)
			return func(i int) {
				d.CityLatest = append(d.CityLatest, latestDay{Region: region(i), Province: prov(i), Day: day(i),
					AQI: aqi(i), Primary: prim(i), Level: level(i), Category: cat(i),
					Valid: valid(i), NStations: nst(i), NValid: nvalid(i), Kind: kind(i)})
			}
		}); err != nil {
			return err
		}
		if err := a.each("regions", 3, func(c *cols) func(int) {
			level, name, prov := c.str(0), c.str(1), c.str(2)
			return func(i int) {
				g := regionInfo{Level: level(i), Name: name(i), Province: prov(i)}
				g.ID = regionID(g.Level, g.Name)
				d.Regions = append(d.Regions, g)
			}
		}); err != nil {
			return err
		}
		// Rows come by region, as the station hours by station.
		var cur regionKey
		var days []dayRow
		if err := a.each("region_days", 16, func(c *cols) func(int) {
			level, name, day := c.str(0), c.str(1), c.timestamp(2)
			aqi, prim, lvl, cat := c.nullInt(3), c.nullStr(4), c.nullInt(5), c.nullStr(6)
			pm25, pm10, so2, no2, co, o3 := c.nullFloat(7), c.nullFloat(8), c.nullFloat(9), c.nullFloat(10), c.nullFloat(11), c.nullFloat(12)
			nst, nvalid, valid := c.i64(13), c.i64(14), c.boolean(15)
			return func(i int) {
				if k := (regionKey{level(i), name(i)}); k != cur || days == nil {
					if days != nil {
						d.Days[cur] = days
					}
					cur, days = k, d.Days[k]
				}
				days = append(days, dayRow{Day: day(i), AQI: aqi(i), Primary: prim(i), Level: lvl(i), Category: cat(i),
					PM25: pm25(i), PM10: pm10(i), SO2: so2(i), NO2: no2(i), CO: co(i), O3_8h: o3(i),
					NStations: nst(i), NValid: nvalid(i), Valid: valid(i)})
			}
		}); err != nil {
			return err
		}
		if days != nil {
			d.Days[cur] = days
		}
		sets := map[regionKey]int{} // (level, month) -> index in RankingSets
		return a.each("region_months", 21, func(c *cols) func(int) {
			level, region, prov, month, std := c.str(0), c.str(1), c.str(2), c.timestamp(3), c.str(4)
			days, validDays := c.i64(5), c.i64(6)
			pm25, pm10, so2, no2, co, o3 := c.nullFloat(7), c.nullFloat(8), c.nullFloat(9), c.nullFloat(10), c.nullFloat(11), c.nullFloat(12)
			good, ratio, ci := c.nullInt(13), c.nullFloat(14), c.nullFloat(15)
			rank, ciLast, change, valid, note := c.nullInt(16), c.nullFloat(17), c.nullFloat(18), c.boolean(19), c.str(20)
			return func(i int) {
				m := monthRow{Level: level(i), Region: region(i), Province: prov(i), Month: month(i), Std: std(i),
					Days: days(i), ValidDays: validDays(i),
					PM25: pm25(i), PM10: pm10(i), SO2: so2(i), NO2: no2(i), COp95: co(i), O3p90: o3(i),
					GoodDays: good(i), GoodRatio: ratio(i), CI: ci(i),
					Rank: rank(i), CILast: ciLast(i), Change: change(i), Valid: valid(i), Note: note(i)}
				k := regionKey{m.Level, m.Region}
				d.Months[k] = append(d.Months[k], m)
				sk := regionKey{m.Level, fmtMonth(m.Month)}
				si, ok := sets[sk]
				if !ok {
					si = len(d.RankingSets)
					sets[sk] = si
					d.RankingSets = append(d.RankingSets, rankingSet{Level: m.Level, Month: m.Month})
				}
				d.RankingSets[si].Rows = append(d.RankingSets[si].Rows, m)
			}
		})
	})
	if err != nil {
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
