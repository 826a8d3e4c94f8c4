package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// procStatusMB reads a "Vm…:  N kB" line of /proc/self/status in MB.
func procStatusMB(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// cpuSeconds is the user + system CPU time of the process so far (all
// threads, DuckDB's included): on a busy machine it is steadier than wall
// time for comparing the ingest with the floor.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// peakRSSMB reads the process's peak resident set size (VmHWM) in MB.
func peakRSSMB() float64 { return procStatusMB("VmHWM") }

// memLine reports where memory is after a phase: the process's resident
// and peak resident set, the Go runtime's heap in use and what it holds
// from the OS, and, when st is given, DuckDB's own accounting (the sum of
// duckdb_memory() and its largest tags).
func memLine(ctx context.Context, w io.Writer, phase string, st *store.Store) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "memory after %s: rss_mb=%.0f peak_rss_mb=%.0f go_heap_inuse_mb=%.0f go_sys_mb=%.0f",
		phase, procStatusMB("VmRSS"), peakRSSMB(), float64(ms.HeapInuse)/1e6, float64(ms.Sys)/1e6)
	if st != nil {
		if tags, err := duckdbMemory(ctx, st.SQL, st.DB); err == nil {
			fmt.Fprintf(w, " duckdb=%s", tags)
		} else {
			fmt.Fprintf(w, " duckdb=(%v)", err)
		}
	}
	fmt.Fprintln(w)
}

// duckdbMemory summarises duckdb_memory() (sql/tools/bench_duckdb_memory.sql):
// total and the tags above 1 MB.
func duckdbMemory(ctx context.Context, fsys fs.FS, db *sql.DB) (string, error) {
	const name = "tools/bench_duckdb_memory.sql"
	q, err := envsql.Read(fsys, name)
	if err != nil {
		return "", err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return "", fmt.Errorf("sql/%s: %w", name, err)
	}
	defer rows.Close()
	var total, temp int64
	var parts []string
	for rows.Next() {
		var tag string
		var m, t int64
		if err := rows.Scan(&tag, &m, &t); err != nil {
			return "", err
		}
		total += m
		temp += t
		if m > 1<<20 {
			parts = append(parts, fmt.Sprintf("%s:%d", strings.ToLower(tag), m>>20))
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%dMB(temp %dMB)[%s]", total>>20, temp>>20, strings.Join(parts, ",")), nil
}
