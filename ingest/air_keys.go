package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
	ingestsql "github.com/envdisclose/envdisclose/ingest/sql"
)

// maxKeyStations is how many distinct stations a batch may have for its
// existence check and group overlap test to name them; a batch with more
// (a wide file of the national network) stands for every station of its
// time range.
const maxKeyStations = 8

// airKeys describes which station-hours an air batch may touch: its time
// range and, for a batch of a few stations (a station's push), their
// codes. Two batches can share a station-hour only if their keys overlap.
type airKeys struct {
	lo, hi   int64    // µs, inclusive
	stations []string // sorted; nil = any station
}

func keysOf(b *obs.Batch) airKeys {
	k := airKeys{lo: b.MinTime, hi: b.MaxTime}
	var codes []string
	for i := range b.Len() {
		s := b.StationOf(i)
		if slices.Contains(codes, s) {
			continue
		}
		if len(codes) == maxKeyStations {
			return k
		}
		codes = append(codes, s)
	}
	slices.Sort(codes)
	k.stations = codes
	return k
}

// overlaps reports whether a and b may share a station-hour.
func (a airKeys) overlaps(b airKeys) bool {
	if a.hi < b.lo || b.hi < a.lo {
		return false
	}
	if a.stations == nil || b.stations == nil {
		return true
	}
	for _, s := range a.stations {
		if _, ok := slices.BinarySearch(b.stations, s); ok {
			return true
		}
	}
	return false
}

// existingParam is the $3 of air_existing.sql for the files with keys:
// 'item|code|from|to' per file and station ('*' for any), joined by ';'.
func existingParam(keys ...airKeys) string {
	var sb strings.Builder
	add := func(item int, code string, k airKeys) {
		if sb.Len() > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(strconv.Itoa(item))
		sb.WriteByte('|')
		sb.WriteString(code)
		sb.WriteByte('|')
		sb.WriteString(obs.MicrosToWall(k.lo).Format("2006-01-02 15:04:05"))
		sb.WriteByte('|')
		sb.WriteString(obs.MicrosToWall(k.hi).Format("2006-01-02 15:04:05"))
	}
	for i, k := range keys {
		if k.stations == nil {
			add(i, "*", k)
			continue
		}
		for _, s := range k.stations {
			if strings.ContainsAny(s, "|;") { // not expressible: match any
				s = "*"
			}
			add(i, s, k)
		}
	}
	return sb.String()
}

// existing runs air_existing.sql in tx for the files with keys and
// returns the indexes of those that share station-hours with current
// rows.
func existing(ctx context.Context, tx *sql.Tx, keys ...airKeys) ([]int, error) {
	q, err := ingestsql.Statement("air_existing")
	if err != nil {
		return nil, err
	}
	lo, hi := keys[0].lo, keys[0].hi
	for _, k := range keys[1:] {
		lo, hi = min(lo, k.lo), max(hi, k.hi)
	}
	rows, err := tx.QueryContext(ctx, q, obs.MicrosToWall(lo), obs.MicrosToWall(hi), existingParam(keys...))
	if err != nil {
		return nil, fmt.Errorf("run air_existing.sql: %w", err)
	}
	defer rows.Close()
	var hits []int
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, fmt.Errorf("run air_existing.sql: %w", err)
		}
		hits = append(hits, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("run air_existing.sql: %w", err)
	}
	return hits, nil
}
