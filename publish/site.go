package publish

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/envdisclose/envdisclose/release"
)

// site renders one build into dir.
type site struct {
	mu sync.Mutex // guards rep counters and written while pages render in parallel (stations)
	// written are the files written into the build, synced together at the
	// end (syncBuild)
	written []string
	dir     string
	base    string // BaseURL with a trailing slash, or "" for relative links
	now     time.Time
	tpl     map[string]*template.Template
	data    *dataset
	rep     *Report
	csvs    []csvEntry
	check   func() error // ctx.Err, checked between pages
	inc     *incState    // page digests for incremental builds (incremental.go)
	// pool is the pool of free files this build reuses ("" = none;
	// recycle.go); recycled the open files taken from it (guarded by
	// mu), cut to their new length when closed; untried the pool's files
	// by folder not yet tried (guarded by mu)
	pool     string
	recycled map[*os.File]bool
	untried  map[string][]string
	// Options.Releases, read once per build (nil = none)
	pubs []release.Publication
}

// pageData is what the layout template receives.
type pageData struct {
	Root           string // prefix of every site link ("../" or BaseURL)
	Title, TitleEN string
	Nav            string
	Generated      string
	GeneratedISO   string
	Charts         bool
	View           any
}

type csvLink struct {
	Href string
	Rows int
}

type csvEntry struct {
	Path, Title, TitleEN, Page string
	Rows                       int
	Size                       int64
}

// root is the prefix that turns a site path into a link from page p.
func (s *site) root(p string) string {
	if s.base != "" {
		return s.base
	}
	return strings.Repeat("../", strings.Count(p, "/"))
}

// page renders template name with view into the site path p.
func (s *site) page(p, name, title, titleEN, nav string, charts bool, view any) error {
	if err := s.check(); err != nil {
		return err
	}
	t, ok := s.tpl[name]
	if !ok {
		return fmt.Errorf("no template %s", name)
	}
	root := s.root(p)
	if p == "404.html" && s.base == "" {
		root = "/" // served for any missing path by Handler
	}
	pd := pageData{
		Root: root, Title: title, TitleEN: titleEN, Nav: nav, Charts: charts, View: view,
		Generated:    s.now.Format("2006-01-02 15:04:05"),
		GeneratedISO: s.now.Format(time.RFC3339),
	}
	f, w, err := s.create(p)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := t.ExecuteTemplate(bw, "layout", pd); err != nil {
		f.Close()
		return fmt.Errorf("render %s: %w", p, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := s.finish(p, f); err != nil {
		return err
	}
	s.mu.Lock()
	s.rep.Pages++
	s.mu.Unlock()
	return nil
}

// writeCSV writes a CSV download (UTF-8 with BOM so that Excel reads the
// Chinese text, CRLF line ends) and lists it on the data page.
func (s *site) writeCSV(p, title, titleEN, page string, header []string, rows [][]string) (csvLink, error) {
	link, e, err := s.writeCSVFile(p, title, titleEN, page, header, rows)
	if err != nil {
		return link, err
	}
	s.csvs = append(s.csvs, e)
	return link, nil
}

// writeCSVFile is writeCSV without listing the file: it returns the entry
// for the caller to list (pages rendered in parallel list theirs in order).
func (s *site) writeCSVFile(p, title, titleEN, page string, header []string, rows [][]string) (csvLink, csvEntry, error) {
	f, w, err := s.create(p)
	if err != nil {
		return csvLink{}, csvEntry{}, err
	}
	cw := &countingWriter{w: bufio.NewWriter(w)}
	fail := func(err error) (csvLink, csvEntry, error) {
		f.Close()
		return csvLink{}, csvEntry{}, fmt.Errorf("write %s: %w", p, err)
	}
	if _, err := cw.Write([]byte("\uFEFF")); err != nil {
		return fail(err)
	}
	c := csv.NewWriter(cw)
	c.UseCRLF = true
	if err := c.Write(header); err != nil {
		return fail(err)
	}
	if err := c.WriteAll(rows); err != nil {
		return fail(err)
	}
	if err := cw.w.Flush(); err != nil {
		return fail(err)
	}
	if err := s.finish(p, f); err != nil {
		return csvLink{}, csvEntry{}, err
	}
	s.mu.Lock()
	s.rep.CSVs++
	s.mu.Unlock()
	e := csvEntry{Path: p, Title: title, TitleEN: titleEN, Page: page, Rows: len(rows), Size: cw.n}
	return csvLink{Href: s.root(page) + p, Rows: len(rows)}, e, nil
}

// countingWriter counts the bytes written through it (the size of a file
// without a stat after writing it).
type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

func (s *site) create(p string) (*os.File, *os.File, error) {
	full := filepath.Join(s.dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", p, err)
	}
	if err := s.unlinkPrevious(p, full); err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", p, err)
	}
	if f := s.recycle(p, full); f != nil {
		return f, f, nil
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", p, err)
	}
	return f, f, nil
}

// finish closes a written file; the build syncs it with the others
// before it is published (syncBuild).
func (s *site) finish(p string, f *os.File) error {
	if err := s.cut(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	s.syncLater(f.Name())
	s.mu.Lock()
	s.rep.Files++
	s.mu.Unlock()
	return nil
}

// copyFile writes an embedded file into the site.
func (s *site) copyFile(fsys fs.FS, src, p string) error {
	b, err := fs.ReadFile(fsys, src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	f, _, err := s.create(p)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	return s.finish(p, f)
}

// --- paths -----------------------------------------------------------------

func rankingPath(level string, month time.Time) string {
	return "ranking/" + level + "-" + fmtMonth(month) + ".html"
}

func regionPath(id string) string { return "region/" + id + ".html" }

// stationFile turns a station code into a safe file name.
func stationFile(code string) string {
	ok := code != ""
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			ok = false
			break
		}
	}
	if ok {
		return code
	}
	return "s-" + regionID("station", code)[len("station-"):]
}

func stationPath(code string) string { return "station/" + stationFile(code) + ".html" }

// --- views -----------------------------------------------------------------

// aqiView is an AQI figure with its level (nil when unknown).
type aqiView struct {
	AQI      string
	Level    *level
	Category string
}

func newAQI(aqi, lv sql.NullInt64, cat sql.NullString) aqiView {
	v := aqiView{AQI: integer(aqi), Category: str(cat)}
	if l, ok := levelOf(lv); ok && aqi.Valid {
		v.Level = &l
	}
	return v
}

type link struct {
	Href, Text, TextEN string
	Current            bool
}

func (s *site) buildAll() error {
	if err := s.home(); err != nil {
		return err
	}
	if err := s.rankings(); err != nil {
		return err
	}
	if err := s.regions(); err != nil {
		return err
	}
	if err := s.stations(); err != nil {
		return err
	}
	if err := s.water(); err != nil {
		return err
	}
	if err := s.incidents(); err != nil {
		return err
	}
	if err := s.polluters(); err != nil {
		return err
	}
	if err := s.freshness(); err != nil {
		return err
	}
	if err := s.buildBulletins(); err != nil {
		return err
	}
	if err := s.buildArchive(); err != nil {
		return err
	}
	if err := s.notFound(); err != nil {
		return err
	}
	if err := s.downloads(); err != nil { // last: lists every CSV written before
		return err
	}
	return s.saveState()
}

// home ---------------------------------------------------------------------

type homeView struct {
	LatestHour  string
	Cities      []cityNow
	CitiesCSV   csvLink
	Groups      []stationGroup
	StationsCSV csvLink
	Legend      []level
	Rankings    []link
}

type cityNow struct {
	Name, Province, Href, Day string
	AQI                       aqiView
	Primary                   string
	Valid                     bool
	Range                     string // min-max of the stations' real-time AQI at the latest hour
}

type stationGroup struct {
	City, Province, CityHref string
	Stations                 []stationNow
}

type stationNow struct {
	Code, Name, Href             string
	Control                      bool
	AQI                          aqiView
	Primary                      string
	PM25, PM10, SO2, NO2, O3, CO string
}

func (s *site) home() error {
	const p = "index.html"
	root := s.root(p)
	d := s.data
	v := homeView{Legend: levels()}
	if !d.LatestHour.IsZero() {
		v.LatestHour = fmtHour(d.LatestHour)
	}
	// Stations at the latest hour, grouped by city.
	cityRange := map[string][2]int64{}
	var srows [][]string
	for _, st := range d.Stations {
		var h hourRow
		if hs := d.Hours[st.Code]; len(hs) > 0 && hs[len(hs)-1].Time.Equal(d.LatestHour) {
			h = hs[len(hs)-1]
		}
		n := stationNow{
			Code: st.Code, Name: st.Name, Href: root + stationPath(st.Code), Control: st.Control,
			AQI: newAQI(h.AQI, h.Level, h.Category), Primary: s.data.primary(h.Primary),
			PM25: num(h.PM25, 0), PM10: num(h.PM10, 0), SO2: num(h.SO2, 0), NO2: num(h.NO2, 0), O3: num(h.O3, 0), CO: num(h.CO, 1),
		}
		if h.AQI.Valid && !st.Control {
			r, ok := cityRange[st.City]
			if !ok {
				r = [2]int64{h.AQI.Int64, h.AQI.Int64}
			}
			r[0], r[1] = min(r[0], h.AQI.Int64), max(r[1], h.AQI.Int64)
			cityRange[st.City] = r
		}
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].City != st.City || v.Groups[len(v.Groups)-1].Province != st.Province {
			v.Groups = append(v.Groups, stationGroup{City: st.City, Province: st.Province})
			if st.City != "" {
				v.Groups[len(v.Groups)-1].CityHref = root + regionPath(regionID("city", st.City))
			}
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Stations = append(g.Stations, n)
		ctl := "否"
		if st.Control {
			ctl = "是"
		}
		srows = append(srows, []string{v.LatestHour, st.Province, st.City, st.Code, st.Name, ctl,
			n.AQI.AQI, n.AQI.Category, n.Primary, n.PM25, n.PM10, n.SO2, n.NO2, n.O3, n.CO})
	}
	regions := map[regionKey]bool{}
	for _, r := range d.Regions {
		regions[regionKey{r.Level, r.Name}] = true
	}
	var crows [][]string
	for _, c := range d.CityLatest {
		cn := cityNow{Name: c.Region, Province: c.Province, Day: fmtDay(c.Day) + " 日均 daily",
			AQI: newAQI(c.AQI, c.Level, c.Category), Primary: s.data.primary(c.Primary), Valid: c.Valid}
		if c.Kind == "hour" {
			cn.Day = fmtHour(c.Day)
		}
		if regions[regionKey{"city", c.Region}] {
			cn.Href = root + regionPath(regionID("city", c.Region))
		}
		if r, ok := cityRange[c.Region]; ok {
			cn.Range = strconv.FormatInt(r[0], 10)
			if r[1] != r[0] {
				cn.Range += "–" + strconv.FormatInt(r[1], 10)
			}
		}
		v.Cities = append(v.Cities, cn)
		crows = append(crows, []string{c.Province, c.Region, cn.Day, cn.AQI.AQI, cn.AQI.Category, cn.Primary,
			validZH(c.Valid), v.LatestHour, cn.Range})
	}
	var err error
	if v.CitiesCSV, err = s.writeCSV("data/realtime-cities.csv", "城市最新空气质量", "Latest air quality by city", p,
		[]string{"省份(Province)", "城市(City)", "时间(Time)", "AQI", "类别(Category)", "首要污染物(Primary pollutant)",
			"有效性(Validity)", "实时时次(Hour)", "点位实时AQI范围(Station AQI range)"}, crows); err != nil {
		return err
	}
	if v.StationsCSV, err = s.writeCSV("data/realtime-stations.csv", "监测点位实时空气质量", "Real-time air quality by station", p,
		[]string{"时间(Time)", "省份(Province)", "城市(City)", "点位编码(Station code)", "点位名称(Station)", "对照点(Control point)",
			"AQI", "类别(Category)", "首要污染物(Primary pollutant)", "PM2.5(µg/m³)", "PM10(µg/m³)", "SO2(µg/m³)",
			"NO2(µg/m³)", "O3(µg/m³)", "CO(mg/m³)"}, srows); err != nil {
		return err
	}
	for i, rs := range d.RankingSets {
		if i >= 4 {
			break
		}
		zh, en := levelLabel(rs.Level)
		v.Rankings = append(v.Rankings, link{Href: root + rankingPath(rs.Level, rs.Month),
			Text: fmtMonthZH(rs.Month) + zh + "排名", TextEN: rs.Month.Format("January 2006") + ", " + strings.ToLower(en)})
	}
	return s.page(p, "home", "空气质量实时发布", "Real-time air quality", "home", false, v)
}

func validZH(ok bool) string {
	if ok {
		return "有效"
	}
	return "无效"
}

// notFound is served by Handler for a missing path.
func (s *site) notFound() error {
	return s.page("404.html", "notfound", "页面不存在", "Page not found", "", false, nil)
}

// parallel runs f(0..n-1) on up to workers goroutines and returns the
// first error (the others still finish the item they are on; no new item
// starts after an error).
func parallel(n, workers int, f func(i int) error) error {
	if n == 0 {
		return nil
	}
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if first != nil || next == n {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
