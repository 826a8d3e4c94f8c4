// Package sample ships the real public data the demo runs on, so the
// product never reads ../shared at run time:
//
//   - air: the national station list as published (GBK) and four days of
//     CNEMC hourly data for 2,026 national stations (2023-01-20 … 23) with
//     the officially published AQI;
//   - water: one national snapshot of the 1,156 CNEMC surface-water
//     automatic stations with their official class (2026-02-04);
//   - polluters: the roster of 220 Ningxia key polluting enterprises with
//     their outlets, pollutants and limits.
//
// Sources: data/PROVENANCE.md. Everything is stored gzip-compressed.
package sample

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed data
var files embed.FS

// Names lists the bundled files of a dataset (air, water, polluters).
func Names(dataset string) []string {
	ents, _ := fs.ReadDir(files, path.Join("data", dataset))
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".gz") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// WriteTo copies the air files (gzip-compressed, as ingest accepts them)
// into dir and returns their paths, the station list first so stations are
// known before their data arrives.
func WriteTo(dir string) ([]string, error) { return write("air", dir, false) }

// WriteWater copies the CNEMC water snapshot (gzip-compressed) into dir.
func WriteWater(dir string) ([]string, error) { return write("water", dir, false) }

// WritePolluters writes the Ningxia roster files, decompressed, into dir
// (the layout polluter.LoadRoster reads).
func WritePolluters(dir string) ([]string, error) { return write("polluters", dir, true) }

func write(dataset, dir string, gunzip bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create sample dir %s: %w", dir, err)
	}
	var paths []string
	for _, name := range Names(dataset) {
		b, err := files.ReadFile(path.Join("data", dataset, name))
		if err != nil {
			return nil, fmt.Errorf("read bundled %s: %w", name, err)
		}
		if gunzip {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("bundled %s: %w", name, err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				return nil, fmt.Errorf("bundled %s: %w", name, err)
			}
			name = strings.TrimSuffix(name, ".gz")
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, fmt.Errorf("write sample %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	// Station list first ("NewSiteList" sorts before "china_sites" anyway).
	sort.SliceStable(paths, func(i, j int) bool {
		return strings.HasPrefix(filepath.Base(paths[i]), "NewSiteList") && !strings.HasPrefix(filepath.Base(paths[j]), "NewSiteList")
	})
	return paths, nil
}
