package publish

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// The data freshness page (数据更新情况): for every air station, water site
// and enterprise outlet of the registries, when its latest data is from and
// when that data was received, with the stale ones marked. The thresholds
// are data in queries/freshness_items.sql (air 3 h, automatic water 12 h,
// manual water 40 days, emissions 3 h), applied at build time.

const freshnessPath = "freshness/index.html"

// freshItem is one row of freshness_items.
type freshItem struct {
	Kind, Code, Name, Province, Area, Detail string
	Last, Received                           sql.NullTime
	StaleAfter                               time.Duration
}

func loadFreshness(ctx context.Context, db *sql.DB) ([]freshItem, error) {
	var out []freshItem
	err := queryRows(ctx, db, "freshness_items", nil, func(r *sql.Rows) error {
		var it freshItem
		var secs int64
		if err := r.Scan(&it.Kind, &it.Code, &it.Name, &it.Province, &it.Area, &it.Detail, &it.Last, &it.Received, &secs); err != nil {
			return err
		}
		it.StaleAfter = time.Duration(secs) * time.Second
		out = append(out, it)
		return nil
	})
	return out, err
}

// freshKind is a kind of the page with its labels; Stale is the threshold
// shown when the kind has no items (the query's value otherwise).
type freshKind struct {
	Kind, ZH, EN, Detail, DetailEN string
	Stale                          time.Duration
}

// freshKinds are the kinds of the page, in order.
func freshKinds() []freshKind {
	return []freshKind{
		{"air", "环境空气自动监测站", "Air quality stations", "", "", 3 * time.Hour},
		{"water_auto", "地表水自动监测站", "Automatic surface water stations", "河流", "River", 12 * time.Hour},
		{"water_manual", "地表水手工监测断面", "Manual surface water sections", "河流", "River", 40 * 24 * time.Hour},
		{"emission", "重点排污单位排放口", "Key polluter outlets", "企业", "Enterprise", 3 * time.Hour},
	}
}

// Freshness states.
const (
	freshOK    = "ok"
	freshStale = "stale"
	freshNone  = "none"
)

type freshnessView struct {
	Kinds              []freshKindView
	Total, Stale, None int
	CSV                csvLink
	Now                string
}

type freshKindView struct {
	ID, ZH, EN, DetailZH, DetailEN string
	Threshold, ThresholdEN         string
	Total, OK, Stale, None         int
	Lines                          []freshLine
}

type freshLine struct {
	Code, Name, Province, Area, Detail string
	Last, Received, Age, AgeEN         string
	State, StateZH, StateEN            string
}

func freshState(state string) (zh, en string) {
	switch state {
	case freshOK:
		return "正常", "Up to date"
	case freshStale:
		return "滞后", "Stale"
	}
	return "无数据", "No data"
}

// fmtAge writes a duration as minutes, hours or days (rounded down).
func fmtAge(d time.Duration) (zh, en string) {
	switch {
	case d < 0:
		return "0 分钟", "0 min"
	case d < time.Hour:
		n := strconv.Itoa(int(d / time.Minute))
		return n + " 分钟", n + " min"
	case d < 48*time.Hour:
		n := strconv.Itoa(int(d / time.Hour))
		return n + " 小时", n + " h"
	}
	n := strconv.Itoa(int(d / (24 * time.Hour)))
	return n + " 天", n + " d"
}

func (s *site) freshness() error {
	const p = freshnessPath
	v := freshnessView{Now: s.now.Format("2006-01-02 15:04")}
	byKind := map[string]*freshKindView{}
	kinds := freshKinds()
	for _, k := range kinds {
		v.Kinds = append(v.Kinds, freshKindView{ID: k.Kind, ZH: k.ZH, EN: k.EN, DetailZH: k.Detail, DetailEN: k.DetailEN})
	}
	for i := range v.Kinds {
		byKind[v.Kinds[i].ID] = &v.Kinds[i]
	}
	var rows [][]string
	for _, it := range s.data.Freshness {
		k := byKind[it.Kind]
		if k == nil {
			continue
		}
		if k.Threshold == "" {
			k.Threshold, k.ThresholdEN = fmtAge(it.StaleAfter)
		}
		l := freshLine{Code: it.Code, Name: it.Name, Province: it.Province, Area: it.Area, Detail: it.Detail, State: freshNone}
		age := ""
		if it.Last.Valid {
			l.Last = fmtHour(it.Last.Time)
			d := s.now.Sub(store.FromWall(it.Last.Time))
			l.Age, l.AgeEN = fmtAge(d)
			age = strconv.FormatInt(int64(d/time.Minute), 10)
			l.State = freshOK
			if d > it.StaleAfter {
				l.State = freshStale
			}
		}
		if it.Received.Valid {
			l.Received = fmtHour(it.Received.Time)
		}
		l.StateZH, l.StateEN = freshState(l.State)
		k.Total++
		v.Total++
		switch l.State {
		case freshOK:
			k.OK++
		case freshStale:
			k.Stale++
			v.Stale++
		default:
			k.None++
			v.None++
		}
		k.Lines = append(k.Lines, l)
		rows = append(rows, []string{it.Kind, k.ZH, it.Code, it.Name, it.Province, it.Area, it.Detail,
			l.Last, l.Received, age, strconv.FormatInt(int64(it.StaleAfter/time.Minute), 10), l.State, l.StateZH})
	}
	for i := range v.Kinds {
		if v.Kinds[i].Threshold == "" { // no items: still say what the rule is
			v.Kinds[i].Threshold, v.Kinds[i].ThresholdEN = fmtAge(kinds[i].Stale)
		}
	}
	var err error
	if v.CSV, err = s.writeCSV("data/freshness.csv", "数据更新情况", "Data freshness", p,
		[]string{"类型代码(Kind)", "类型(Type)", "编码(Code)", "名称(Name)", "省份(Province)", "地区(Area)", "所属/河流(Enterprise or river)",
			"最新数据时间(Latest data)", "接收时间(Received)", "距今分钟(Age, min)", "滞后阈值分钟(Stale after, min)",
			"状态代码(State)", "状态(Status)"}, rows); err != nil {
		return err
	}
	return s.page(p, "freshness", "数据更新情况", "Data freshness", "freshness", false, v)
}
