// Package sample ships the real public data the demo runs on, so the
// product never reads ../shared at run time: the national station list as
// published (GBK) and four days of CNEMC hourly data for 2,026 national
// stations (2023-01-20 … 2023-01-23) with the officially published AQI.
// Sources: see data/PROVENANCE.md.
package sample

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed data
var files embed.FS

// Names lists the bundled files (gzip-compressed).
func Names() []string {
	ents, _ := fs.ReadDir(files, "data")
	var out []string
	for _, e := range ents {
		if filepath.Ext(e.Name()) == ".gz" {
			out = append(out, e.Name())
		}
	}
	return out
}

// WriteTo copies the bundled files into dir (created if needed) and
// returns their paths, station list first so stations are known before
// their data arrives.
func WriteTo(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create sample dir %s: %w", dir, err)
	}
	var paths []string
	for _, name := range Names() {
		b, err := files.ReadFile("data/" + name)
		if err != nil {
			return nil, fmt.Errorf("read bundled %s: %w", name, err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, fmt.Errorf("write sample %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	// Station list first.
	for i, p := range paths {
		if filepath.Base(p) == "NewSiteList_gbk.csv.gz" && i != 0 {
			paths[0], paths[i] = paths[i], paths[0]
		}
	}
	return paths, nil
}
