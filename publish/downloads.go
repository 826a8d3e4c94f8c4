package publish

import (
	"fmt"
	"slices"
	"strings"
)

type downloadsView struct {
	Files []downloadLine
}

type downloadLine struct {
	Href, Name, Title, TitleEN, PageHref, Size string
	Rows                                       int
}

func (s *site) downloads() error {
	const p = "data/index.html"
	root := s.root(p)
	files := slices.Clone(s.csvs)
	slices.SortStableFunc(files, func(a, b csvEntry) int { return strings.Compare(a.Path, b.Path) })
	var v downloadsView
	for _, f := range files {
		v.Files = append(v.Files, downloadLine{Href: root + f.Path, Name: strings.TrimPrefix(f.Path, "data/"),
			Title: f.Title, TitleEN: f.TitleEN, PageHref: root + f.Page, Rows: f.Rows, Size: humanSize(f.Size)})
	}
	return s.page(p, "downloads", "数据下载", "Data downloads", "data", false, v)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
