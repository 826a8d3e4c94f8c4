package polluter

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/envdisclose/envdisclose/store"
)

// Roster file names inside the directory given to LoadRoster
// (/work/shared/data/real/polluters_ningxia, see its PROVENANCE.md).
const (
	RosterFile = "enterprise_roster.json"
	StatsFile  = "outlet_pollutant_stats.json"
)

// LoadRoster loads the Ningxia key-polluter roster from dir (RosterFile and
// StatsFile) into the registry: enterprise, outlet and outlet_limit
// (versioned: changed rows are closed and reopened, new keys valid from
// 1970-01-01) and outlet_stat. Both JSON files are read by DuckDB's
// read_json and everything is written with set-based SQL
// (sql/transform/polluters/roster_*.sql) in one transaction, together with
// the ledger entry. The same bytes again are a no-op (rows = 0). rows is
// the number of registry rows written (new versions of enterprises,
// outlets, limits, plus the statistics rows).
func LoadRoster(ctx context.Context, st *store.Store, dir string) (rows int64, err error) {
	rosterPath, statsPath := filepath.Join(dir, RosterFile), filepath.Join(dir, StatsFile)
	h := sha256.New()
	var size int64
	for _, p := range []string{rosterPath, statsPath} {
		b, err := os.ReadFile(p)
		if err != nil {
			return 0, fmt.Errorf("polluter: read roster %s: %w", p, err)
		}
		h.Write(b)
		size += int64(len(b))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	name := "roster:" + filepath.Base(dir) + "/" + RosterFile + "+" + StatsFile
	e, seen, err := st.Receive(ctx, sum, name, "roster", size)
	if err != nil {
		return 0, err
	}
	if seen && e.Final() {
		return 0, nil
	}
	e.Kind, e.Format, e.Encoding = "polluter-roster", "json", "utf-8"

	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("polluter: get connection: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("polluter: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := LoadStandards(ctx, tx, st.SQL); err != nil {
		return 0, err
	}
	now := store.Wall(st.Clock())
	for _, step := range rosterStaging(rosterPath, statsPath) {
		if _, err := exec(ctx, tx, st.SQL, "roster staging", step.file, step.args...); err != nil {
			return 0, err
		}
	}
	// Registry merges (SCD2): close the current rows whose attributes
	// changed, then open a version for every staged key without a current
	// row. rows counts the versions opened.
	for _, m := range []struct{ table, file string }{
		{"enterprise", "roster_enterprise"}, {"outlet", "roster_outlet"}, {"outlet_limit", "roster_limit"},
	} {
		if _, err := exec(ctx, tx, st.SQL, "close changed "+m.table+" rows", m.file+"_close", now); err != nil {
			return rows, err
		}
		res, err := exec(ctx, tx, st.SQL, "open "+m.table+" versions", m.file+"_open", now, e.ID)
		if err != nil {
			return rows, err
		}
		n, _ := res.RowsAffected()
		rows += n
	}
	if _, err := exec(ctx, tx, st.SQL, "replace outlet_stat", "roster_stat_delete"); err != nil {
		return rows, err
	}
	res, err := exec(ctx, tx, st.SQL, "insert outlet_stat", "roster_stat_insert", e.ID)
	if err != nil {
		return rows, err
	}
	n, _ := res.RowsAffected()
	rows += n

	rejects, err := rosterRejects(ctx, tx, st.SQL)
	if err != nil {
		return rows, err
	}
	e.RowsAccepted, e.RowsRejected = rows, int64(len(rejects))
	e.Outcome = store.OutcomeAccepted
	if len(rejects) > 0 {
		e.Outcome = store.OutcomePartial
		e.Message = fmt.Sprintf("%d source rows not loaded (see rejects)", len(rejects))
	}
	if _, err := exec(ctx, tx, st.SQL, "drop roster staging", "roster_cleanup"); err != nil {
		return rows, err
	}
	if err := st.Finish(ctx, tx, &e, rejects); err != nil {
		return rows, err
	}
	if err := tx.Commit(); err != nil {
		return rows, fmt.Errorf("polluter: commit roster: %w", err)
	}
	return rows, nil
}

// rosterStep is one staging statement of LoadRoster with its arguments.
type rosterStep struct {
	file string
	args []any
}

// rosterStaging lists the statements building the TEMP staging tables
// from the two JSON files, in order.
func rosterStaging(rosterPath, statsPath string) []rosterStep {
	return []rosterStep{
		{file: "roster_raw", args: []any{rosterPath}},
		{file: "roster_stats_raw", args: []any{statsPath}},
		{file: "roster_ent_stage"},
		{file: "roster_pol"},
		{file: "roster_outlet_stage"},
		{file: "roster_limit_stage"},
		{file: "roster_stat_stage"},
		{file: "roster_ent_merge"},
	}
}

// rosterRejects lists the statistics rows that could not be loaded.
func rosterRejects(ctx context.Context, tx *sql.Tx, fsys fs.FS) ([]store.Reject, error) {
	q, err := statement(fsys, "roster_rejects")
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("polluter: roster rejects (%sroster_rejects.sql): %w", stmtDir, err)
	}
	defer rows.Close()
	var out []store.Reject
	for rows.Next() {
		var r store.Reject
		if err := rows.Scan(&r.Field, &r.Value, &r.Reason); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
