package incident_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/incident"
	"github.com/envdisclose/envdisclose/transform/redact"
)

var testNow = time.Date(2026, 3, 1, 9, 30, 0, 0, store.CST)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys, Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// inc is a fixture row; zero values are NULL for the optional numbers.
type inc struct {
	id                    string
	occurred              string // "2025-03-01 10:00"
	county, typ           string
	given                 int // 0 = NULL
	deaths, injured, evac int // -1 = NULL
	loss                  float64
	water, cross          string
	location, desc        string
	cause, measures       string
	fileID                int64
}

func nullInt(v int) any {
	if v < 0 {
		return nil
	}
	return v
}

func insert(t *testing.T, st *store.Store, xs ...inc) {
	t.Helper()
	for _, x := range xs {
		if x.county == "" {
			x.county = "永宁县"
		}
		if x.typ == "" {
			x.typ = "水污染"
		}
		if x.water == "" {
			x.water = "none"
		}
		if x.cross == "" {
			x.cross = "none"
		}
		if x.fileID == 0 {
			x.fileID = 1
		}
		var given, loss any
		if x.given > 0 {
			given = x.given
		}
		if x.loss >= 0 {
			loss = x.loss
		}
		occ, err := time.ParseInLocation("2006-01-02 15:04", x.occurred, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		nz := func(s string) any {
			if s == "" {
				return nil
			}
			return s
		}
		if _, err := st.DB.Exec(`INSERT OR REPLACE INTO incident (incident_id, occurred_at, reported_at, county, location, type,
			level_given, deaths, injured, evacuated, economic_loss_cny, water_interruption, cross_boundary,
			cause, measures, status, description, file_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
			x.id, occ, occ.Add(time.Hour), x.county, nz(x.location), x.typ, given,
			nullInt(x.deaths), nullInt(x.injured), nullInt(x.evac), loss, x.water, x.cross,
			nz(x.cause), nz(x.measures), nz(x.desc), x.fileID); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, st *store.Store, opt incident.Options) incident.Report {
	t.Helper()
	rep, err := incident.Run(context.Background(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestLevelDerivation(t *testing.T) {
	base := func(id string) inc {
		return inc{id: id, occurred: "2025-06-01 10:00", deaths: -1, injured: -1, evac: -1, loss: -1}
	}
	cases := []struct {
		name string
		mod  func(*inc)
		want int // 0 = NULL
		crit string
	}{
		{"nothing", func(x *inc) {}, 4, "catch-all"},
		{"deaths 30", func(x *inc) { x.deaths = 30 }, 1, "deaths=30"},
		{"deaths 29", func(x *inc) { x.deaths = 29 }, 2, ""},
		{"deaths 10", func(x *inc) { x.deaths = 10 }, 2, ""},
		{"deaths 9", func(x *inc) { x.deaths = 9 }, 3, ""},
		{"deaths 3", func(x *inc) { x.deaths = 3 }, 3, "deaths=3"},
		{"deaths 2", func(x *inc) { x.deaths = 2 }, 4, "deaths=2"},
		{"deaths 0", func(x *inc) { x.deaths = 0 }, 4, "catch-all"},
		{"injured 100", func(x *inc) { x.injured = 100 }, 1, ""},
		{"injured 99", func(x *inc) { x.injured = 99 }, 2, ""},
		{"injured 50", func(x *inc) { x.injured = 50 }, 2, ""},
		{"injured 49", func(x *inc) { x.injured = 49 }, 3, ""},
		{"injured 10", func(x *inc) { x.injured = 10 }, 3, ""},
		{"injured 9", func(x *inc) { x.injured = 9 }, 4, ""},
		{"evacuated 50000", func(x *inc) { x.evac = 50000 }, 1, ""},
		{"evacuated 49999", func(x *inc) { x.evac = 49999 }, 2, ""},
		{"evacuated 10000", func(x *inc) { x.evac = 10000 }, 2, ""},
		{"evacuated 9999", func(x *inc) { x.evac = 9999 }, 3, ""},
		{"evacuated 5000", func(x *inc) { x.evac = 5000 }, 3, "evacuated=5000"},
		{"evacuated 4999", func(x *inc) { x.evac = 4999 }, 4, ""},
		{"loss 100 M", func(x *inc) { x.loss = 100_000_000 }, 1, ""},
		{"loss 99,999,999.99", func(x *inc) { x.loss = 99_999_999.99 }, 2, ""},
		{"loss 20 M", func(x *inc) { x.loss = 20_000_000 }, 2, "economic_loss_cny=20000000"},
		{"loss 19,999,999.99", func(x *inc) { x.loss = 19_999_999.99 }, 3, ""},
		{"loss 5 M", func(x *inc) { x.loss = 5_000_000 }, 3, ""},
		{"loss 4,999,999", func(x *inc) { x.loss = 4_999_999 }, 4, ""},
		{"water city", func(x *inc) { x.water = "city" }, 1, "water_interruption=city"},
		{"water county", func(x *inc) { x.water = "county" }, 2, "water_interruption=county"},
		{"water township", func(x *inc) { x.water = "township" }, 3, ""},
		{"cross international", func(x *inc) { x.cross = "international" }, 1, ""},
		{"cross province", func(x *inc) { x.cross = "province" }, 2, ""},
		{"cross prefecture", func(x *inc) { x.cross = "prefecture" }, 3, ""},
		{"cross county", func(x *inc) { x.cross = "county" }, 4, ""},
		{"most severe wins", func(x *inc) { x.deaths = 2; x.evac = 6000; x.water = "county" }, 2, "water_interruption=county"},
		{"two criteria same level", func(x *inc) { x.deaths = 3; x.injured = 12 }, 3, "deaths=3, injured=12"},
		{"before the 2014 plan", func(x *inc) { x.occurred = "2014-12-28 23:00"; x.deaths = 40 }, 0, ""},
		{"first day of the 2014 plan", func(x *inc) { x.occurred = "2014-12-29 00:00"; x.deaths = 40 }, 1, ""},
	}
	st := openStore(t)
	for k, c := range cases {
		x := base(fmt.Sprintf("L%02d", k))
		c.mod(&x)
		insert(t, st, x)
	}
	run(t, st, incident.Options{})
	for k, c := range cases {
		var lvl sql.NullInt64
		var crit, ver sql.NullString
		if err := st.DB.QueryRow(`SELECT level_derived, criteria, std_version FROM incident_level WHERE incident_id = ?`,
			fmt.Sprintf("L%02d", k)).Scan(&lvl, &crit, &ver); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := 0
		if lvl.Valid {
			got = int(lvl.Int64)
		}
		if got != c.want {
			t.Errorf("%s: level %d, want %d (criteria %q)", c.name, got, c.want, crit.String)
		}
		if c.crit != "" && crit.String != c.crit {
			t.Errorf("%s: criteria %q, want %q", c.name, crit.String, c.crit)
		}
		if c.want != 0 && ver.String != "GB-2014" {
			t.Errorf("%s: std_version %q", c.name, ver.String)
		}
		// The published row carries the derived level (no level given).
		var pub sql.NullInt64
		var src, roman sql.NullString
		if err := st.DB.QueryRow(`SELECT level, level_source, level_roman FROM incident_public WHERE incident_id = ?`,
			fmt.Sprintf("L%02d", k)).Scan(&pub, &src, &roman); err != nil {
			t.Fatal(err)
		}
		if c.want != 0 && (int(pub.Int64) != c.want || src.String != "derived" || roman.String == "") {
			t.Errorf("%s: published level %v source %v roman %v", c.name, pub, src, roman)
		}
		if c.want == 0 && (pub.Valid || src.Valid) {
			t.Errorf("%s: published level %v source %v, want NULL", c.name, pub, src)
		}
	}
}

func TestLevelConflict(t *testing.T) {
	st := openStore(t)
	insert(t, st,
		inc{id: "C1", occurred: "2025-02-01 08:00", given: 4, deaths: 3, injured: -1, evac: -1, loss: -1},
		inc{id: "C2", occurred: "2025-02-01 08:00", given: 2, deaths: -1, injured: -1, evac: -1, loss: -1},
		inc{id: "C3", occurred: "2025-02-01 08:00", given: 3, deaths: 5, injured: -1, evac: -1, loss: -1},
	)
	rep := run(t, st, incident.Options{})
	if rep.Conflicts != 2 {
		t.Errorf("conflicts %d, want 2", rep.Conflicts)
	}
	want := map[string]struct {
		level    int
		source   string
		conflict bool
		note     string
	}{
		"C1": {4, "given", true, "低于数据所示等级Ⅲ级（较大），依据：deaths=3"},
		"C2": {2, "given", true, "高于数据所示等级Ⅳ级（一般）"},
		"C3": {3, "given", false, ""},
	}
	for id, w := range want {
		var lvl int
		var src string
		var conflict bool
		var note sql.NullString
		if err := st.DB.QueryRow(`SELECT level, level_source, level_conflict, level_note FROM incident_public WHERE incident_id = ?`, id).
			Scan(&lvl, &src, &conflict, &note); err != nil {
			t.Fatal(err)
		}
		if lvl != w.level || src != w.source || conflict != w.conflict || !strings.Contains(note.String, w.note) {
			t.Errorf("%s: level %d source %s conflict %v note %q; want %+v", id, lvl, src, conflict, note.String, w)
		}
	}
}

func TestQuarterCounts(t *testing.T) {
	st := openStore(t)
	n := func(id, occ, county, typ string, deaths int) inc {
		return inc{id: id, occurred: occ, county: county, typ: typ, deaths: deaths, injured: -1, evac: -1, loss: -1}
	}
	insert(t, st,
		n("Q1", "2025-01-05 10:00", "永宁县", "水污染", 0),
		n("Q2", "2025-03-31 23:59", "永宁县", "水污染", 1),
		n("Q3", "2025-04-01 00:00", "永宁县", "水污染", 0), // next quarter
		n("Q4", "2025-02-10 10:00", "贺兰县", "危化品泄漏", 3),
		n("Q5", "2025-02-11 10:00", "贺兰县", "危化品泄漏", 0),
		n("Q6", "2025-02-12 10:00", "贺兰县", "危化品泄漏", 4),
	)
	rep := run(t, st, incident.Options{})
	rows, err := st.DB.Query(`SELECT strftime(quarter, '%Y-%m-%d'), region, level, type, count FROM incident_quarter ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var q, region, typ string
		var level, count int
		if err := rows.Scan(&q, &region, &level, &typ, &count); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %d %s %d", q, region, level, typ, count))
	}
	want := []string{
		"2025-01-01 永宁县 4 水污染 2",
		"2025-01-01 贺兰县 3 危化品泄漏 2",
		"2025-01-01 贺兰县 4 危化品泄漏 1",
		"2025-04-01 永宁县 4 水污染 1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("quarters:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.QuarterRows != len(want) {
		t.Errorf("report quarter rows %d", rep.QuarterRows)
	}
}

func TestRedactionOfEveryPublishedField(t *testing.T) {
	st := openStore(t)
	secrets := []string{"张建国", "13812345678", "64010519850612301X", "宁A12345", "li.wei@163.com", "解放东街128号", "马玉海", "0951-5012345"}
	insert(t, st, inc{
		id: "R1", occurred: "2025-05-01 09:00", deaths: -1, injured: -1, evac: -1, loss: -1,
		location: "兴庆区解放东街128号3栋2单元502室（居民张建国家）",
		desc:     "村民张建国（身份证号64010519850612301X）拨打13812345678举报，称宁A12345罐车向河道倾倒废液。",
		cause:    "司机马玉海驾驶宁A12345罐车私自倾倒",
		measures: "已联系报告人张建国，邮箱li.wei@163.com；值班电话0951-5012345。",
	})
	rep := run(t, st, incident.Options{})
	if rep.Redacted != 1 || rep.Redactions[redact.PersonName] < 3 || rep.Redactions[redact.Plate] != 2 {
		t.Errorf("report %+v", rep)
	}
	var loc, desc, cause, measures string
	var total int
	if err := st.DB.QueryRow(`SELECT location, description, cause, measures, redaction_count FROM incident_public WHERE incident_id = 'R1'`).
		Scan(&loc, &desc, &cause, &measures, &total); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{loc, desc, cause, measures} {
		for _, s := range secrets {
			if strings.Contains(f, s) {
				t.Errorf("published field leaks %q: %s", s, f)
			}
		}
	}
	if !strings.Contains(desc, "村民张某") || !strings.Contains(cause, "马某") {
		t.Errorf("placeholders missing: %s / %s", desc, cause)
	}
	// Counts per field and kind, never the removed text.
	rows, err := st.DB.Query(`SELECT field, kind, count FROM incident_redaction WHERE incident_id = 'R1' ORDER BY field, kind`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	fields := map[string]int{}
	sum := 0
	for rows.Next() {
		var field, kind string
		var c int
		if err := rows.Scan(&field, &kind, &c); err != nil {
			t.Fatal(err)
		}
		fields[field] += c
		sum += c
	}
	for _, f := range []string{"location", "description", "cause", "measures"} {
		if fields[f] == 0 {
			t.Errorf("no redaction recorded for %s", f)
		}
	}
	if sum != total {
		t.Errorf("incident_redaction sum %d, redaction_count %d", sum, total)
	}
	// No table other than the source keeps a secret.
	for _, tbl := range []string{"incident_public", "incident_redaction", "incident_redacted", "incident_redaction_staged", "incident_quarter", "incident_level"} {
		var dump sql.NullString
		if err := st.DB.QueryRow(`SELECT string_agg(CAST(t AS VARCHAR), '|') FROM ` + tbl + ` t`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(dump.String, s) {
				t.Errorf("%s keeps %q", tbl, s)
			}
		}
	}
}

func TestIncrementalAndBatches(t *testing.T) {
	st := openStore(t)
	var xs []inc
	for k := 0; k < 25; k++ {
		xs = append(xs, inc{id: fmt.Sprintf("B%03d", k), occurred: "2025-07-01 10:00", deaths: -1, injured: -1, evac: -1, loss: -1,
			desc: fmt.Sprintf("群众王秀英反映第%d号排口异味，电话1390951%04d。", k, k)})
	}
	insert(t, st, xs...)
	rep := run(t, st, incident.Options{BatchSize: 7})
	if rep.Redacted != 25 || rep.Public != 25 || rep.Redactions[redact.Phone] != 25 || rep.Redactions[redact.PersonName] != 25 {
		t.Fatalf("first run %+v", rep)
	}
	rep = run(t, st, incident.Options{BatchSize: 7})
	if rep.Redacted != 0 || rep.Public != 25 {
		t.Fatalf("second run %+v", rep)
	}
	// A corrected file for one incident.
	x := xs[3]
	x.fileID = 2
	x.desc = "更正：群众李志强反映异味。"
	insert(t, st, x)
	rep = run(t, st, incident.Options{BatchSize: 7})
	if rep.Redacted != 1 || rep.Public != 25 {
		t.Fatalf("third run %+v", rep)
	}
	var desc string
	var fileID int64
	if err := st.DB.QueryRow(`SELECT description, file_id FROM incident_public WHERE incident_id = 'B003'`).Scan(&desc, &fileID); err != nil {
		t.Fatal(err)
	}
	if desc != "更正：群众李某反映异味。" || fileID != 2 {
		t.Errorf("corrected row %q file %d", desc, fileID)
	}
	rep = run(t, st, incident.Options{Full: true})
	if rep.Redacted != 25 {
		t.Fatalf("full run %+v", rep)
	}
}

func TestTimeliness(t *testing.T) {
	st := openStore(t)
	mk := func(id, occ string) inc {
		return inc{id: id, occurred: occ, deaths: -1, injured: -1, evac: -1, loss: -1}
	}
	// testNow = 2026-03-01 09:30 CST.
	insert(t, st,
		mk("T1", "2026-02-20 10:00"), // published within 24 h
		mk("T2", "2026-02-20 10:00"), // published late
		mk("T3", "2026-02-20 10:00"), // never published: overdue
		mk("T4", "2026-03-01 08:00"), // pending, within the deadline
	)
	ctx := context.Background()
	run(t, st, incident.Options{PublishDeadline: 24 * time.Hour})
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, store.CST)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := incident.MarkPublished(ctx, st, "T1", at("2026-02-21 09:00"), "portal", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := incident.MarkPublished(ctx, st, "T1", at("2026-02-25 09:00"), "weibo", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := incident.MarkPublished(ctx, st, "T2", at("2026-02-21 10:01"), "", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	rep := run(t, st, incident.Options{PublishDeadline: 24 * time.Hour})
	if rep.Overdue != 1 {
		t.Errorf("overdue %d, want 1", rep.Overdue)
	}
	want := map[string]string{
		"T1": "2026-02-21 10:00 2026-02-21 09:00 true",
		"T2": "2026-02-21 10:00 2026-02-21 10:01 false",
		"T3": "2026-02-21 10:00 - false",
		"T4": "2026-03-02 08:00 - NULL",
	}
	for id, w := range want {
		var due time.Time
		var pub sql.NullTime
		var onTime sql.NullBool
		if err := st.DB.QueryRow(`SELECT publish_due_at, published_at, on_time FROM incident_public WHERE incident_id = ?`, id).
			Scan(&due, &pub, &onTime); err != nil {
			t.Fatal(err)
		}
		p, o := "-", "NULL"
		if pub.Valid {
			p = pub.Time.Format("2006-01-02 15:04")
		}
		if onTime.Valid {
			o = fmt.Sprint(onTime.Bool)
		}
		if got := due.Format("2006-01-02 15:04") + " " + p + " " + o; got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	// A stricter deadline is a configuration change: due dates move.
	run(t, st, incident.Options{PublishDeadline: 5 * time.Hour})
	var onTime sql.NullBool
	if err := st.DB.QueryRow(`SELECT on_time FROM incident_public WHERE incident_id = 'T1'`).Scan(&onTime); err != nil {
		t.Fatal(err)
	}
	if !onTime.Valid || onTime.Bool {
		t.Errorf("T1 with a 5 h deadline: on_time %v, want false", onTime)
	}
}

// TestMarkPortalPublished: a build publishes every incident not yet
// published, once.
func TestMarkPortalPublished(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	insert(t, st,
		inc{id: "P1", occurred: "2026-03-01 08:00", county: "永宁县", typ: "水污染", injured: -1, evac: -1, loss: -1},
		inc{id: "P2", occurred: "2026-02-20 08:00", county: "贺兰县", typ: "水污染", injured: -1, evac: -1, loss: -1},
	)
	run(t, st, incident.Options{})
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, store.CST)
	n, err := incident.MarkPortalPublished(ctx, st, at, 48*time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("marked %d (%v), want 2", n, err)
	}
	if n2, err := incident.MarkPortalPublished(ctx, st, at.Add(time.Hour), 48*time.Hour); err != nil || n2 != 0 {
		t.Fatalf("second build marked %d (%v)", n2, err)
	}
	var first time.Time
	if err := st.DB.QueryRow(`SELECT min(published_at) FROM incident_publication WHERE incident_id = 'P1'`).Scan(&first); err != nil ||
		!first.Equal(store.Wall(at)) {
		t.Fatalf("P1 first published %v (%v), want %v", first, err, store.Wall(at))
	}
}
