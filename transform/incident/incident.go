// Package incident computes the published record of environmental
// emergencies (突发环境事件): the level derived from the national grading
// table (SQL model, table as data in sql/standards/incidents/), the
// de-identified text fields (Go: package redact), the redaction counts, the
// publication timeliness and the quarterly counts.
//
// Flow of Run:
//
//  1. load sql/standards/incidents/*.csv into incident_std_level(_name);
//  2. models/incidents/level.sql: derived level of every incident;
//  3. read the incidents needing work (new, changed file_id, other redactor
//     version, or all with Options.Full) in keyset-paged batches, redact
//     location/description/cause/measures with redact.Text and append the
//     batch to the staging tables with the DuckDB appender;
//  4. in one transaction: models/incidents/public.sql (staging → incident_public,
//     incident_redaction; level columns of every row), timeliness.sql and
//     quarter.sql.
package incident

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/sql/stdcsv"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/redact"
)

// RedactVersion identifies the redaction rules; a row redacted with another
// version is redone. Bump it when package redact changes its output.
const RedactVersion = "redact-1"

// DefaultPublishDeadline is used when Options.PublishDeadline is zero. It is
// a configuration value, not a quotation of a rule (see LEVELS-NOTES.md).
const DefaultPublishDeadline = 24 * time.Hour

// StandardsDir is the folder of the grading tables inside the SQL tree.
const StandardsDir = "standards/incidents"

// stmtDir is the folder of the package's other statements (queries,
// bookkeeping, standards checks; not models) inside the SQL tree.
const stmtDir = "transform/incidents/"

// statement returns the text of transform/incidents/<name>.sql of the
// store's SQL tree; an error names the file.
func statement(st *store.Store, name string) (string, error) {
	q, err := envsql.Read(st.SQL, stmtDir+name+".sql")
	if err != nil {
		return "", fmt.Errorf("incident: %w", err)
	}
	return q, nil
}

// exec runs transform/incidents/<name>.sql with args inside tx (or on the
// database when tx is nil); an error names the file and says what failed.
func exec(ctx context.Context, st *store.Store, tx *sql.Tx, what, name string, args ...any) (sql.Result, error) {
	q, err := statement(st, name)
	if err != nil {
		return nil, err
	}
	var res sql.Result
	if tx != nil {
		res, err = tx.ExecContext(ctx, q, args...)
	} else {
		res, err = st.DB.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("incident: %s (%s%s.sql): %w", what, stmtDir, name, err)
	}
	return res, nil
}

// Options configure Run.
type Options struct {
	// PublishDeadline is the time allowed from occurred_at to the first
	// publication (publish_due_at = occurred_at + PublishDeadline).
	PublishDeadline time.Duration
	// BatchSize is the number of incidents redacted per batch (default 500).
	BatchSize int
	// Full redoes every incident, not only new and changed ones.
	Full bool
	// Redactor is used for the text fields (nil = redact.New()).
	Redactor *redact.Redactor
	// Now overrides the store clock (timeliness of unpublished rows).
	Now time.Time
}

// Report summarises a run.
type Report struct {
	StandardRows int                 // grading rows loaded
	Redacted     int                 // incidents (re)redacted in this run
	Public       int                 // rows in incident_public
	Conflicts    int                 // rows with level_conflict
	Overdue      int                 // unpublished past their deadline
	Redactions   map[redact.Kind]int // redactions made in this run, by kind
	QuarterRows  int                 // rows in incident_quarter
}

// textFields are the free-text columns that are redacted, in order.
func textFields() []string { return []string{"location", "description", "cause", "measures"} }

// Run computes incident_public, incident_redaction and incident_quarter.
func Run(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	rep := Report{Redactions: map[redact.Kind]int{}}
	if opt.PublishDeadline <= 0 {
		opt.PublishDeadline = DefaultPublishDeadline
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.Redactor == nil {
		opt.Redactor = redact.New()
	}
	now := opt.Now
	if now.IsZero() {
		now = st.Clock()
	}
	nowWall := store.Wall(now)

	n, err := loadStandards(ctx, st)
	if err != nil {
		return rep, err
	}
	rep.StandardRows = n

	if err := runModel(ctx, st, nil, "incidents/level"); err != nil {
		return rep, err
	}

	// Staging may hold leftovers of an interrupted run.
	if _, err := exec(ctx, st, nil, "clear staging", "stage_clear"); err != nil {
		return rep, err
	}
	if err := redactPending(ctx, st, opt, &rep); err != nil {
		return rep, err
	}

	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("incident: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := setVariables(ctx, st, tx, nowWall, opt.PublishDeadline); err != nil {
		return rep, err
	}
	for _, m := range []string{"incidents/public", "incidents/timeliness", "incidents/quarter"} {
		if err := runModel(ctx, st, tx, m); err != nil {
			return rep, err
		}
	}
	countPublic, err := statement(st, "count_public")
	if err != nil {
		return rep, err
	}
	if err := tx.QueryRowContext(ctx, countPublic).Scan(&rep.Public, &rep.Conflicts, &rep.Overdue); err != nil {
		return rep, fmt.Errorf("incident: count results (%scount_public.sql): %w", stmtDir, err)
	}
	countQuarter, err := statement(st, "count_quarter")
	if err != nil {
		return rep, err
	}
	if err := tx.QueryRowContext(ctx, countQuarter).Scan(&rep.QuarterRows); err != nil {
		return rep, fmt.Errorf("incident: count quarters (%scount_quarter.sql): %w", stmtDir, err)
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("incident: commit: %w", err)
	}
	st.Log.Info("incidents computed", "redacted", rep.Redacted, "public", rep.Public,
		"conflicts", rep.Conflicts, "overdue", rep.Overdue)
	return rep, nil
}

// MarkPublished records a publication of an incident's record (the first
// one counts for timeliness) and refreshes its published_at/on_time.
func MarkPublished(ctx context.Context, st *store.Store, incidentID string, at time.Time, channel string, deadline time.Duration) error {
	if deadline <= 0 {
		deadline = DefaultPublishDeadline
	}
	if channel == "" {
		channel = "portal"
	}
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("incident: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := exec(ctx, st, tx, "record publication of "+incidentID, "publication_insert",
		incidentID, store.Wall(at), channel); err != nil {
		return err
	}
	if err := setVariables(ctx, st, tx, store.Wall(st.Clock()), deadline); err != nil {
		return err
	}
	if err := runModel(ctx, st, tx, "incidents/timeliness"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("incident: commit publication: %w", err)
	}
	return nil
}

// MarkPortalPublished records that every incident of incident_public not
// yet published went out with the portal build published at at, then
// refreshes the timeliness columns. It returns how many were new. The
// pipeline calls it after a build has been swapped in, so a publication is
// never recorded for a build that failed.
func MarkPortalPublished(ctx context.Context, st *store.Store, at time.Time, deadline time.Duration) (int64, error) {
	if deadline <= 0 {
		deadline = DefaultPublishDeadline
	}
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("incident: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	res, err := exec(ctx, st, tx, "record portal publication", "publication_portal",
		// as text: a time.Time in a SELECT list binds as TIMESTAMPTZ and
		// would be shifted by the session time zone
		store.Wall(at).Format("2006-01-02 15:04:05.999999"))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if err := setVariables(ctx, st, tx, store.Wall(st.Clock()), deadline); err != nil {
		return 0, err
	}
	if err := runModel(ctx, st, tx, "incidents/timeliness"); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("incident: commit publication: %w", err)
	}
	return n, nil
}

// setVariables sets the session variables the models read: incident_now
// (nowWall, bound as text so that no time zone shifts it) and
// incident_deadline_s.
func setVariables(ctx context.Context, st *store.Store, tx *sql.Tx, nowWall time.Time, deadline time.Duration) error {
	if _, err := exec(ctx, st, tx, "set variables", "set_now", nowWall.Format("2006-01-02 15:04:05.000000")); err != nil {
		return err
	}
	if _, err := exec(ctx, st, tx, "set variables", "set_deadline", int64(deadline/time.Second)); err != nil {
		return err
	}
	return nil
}

func runModel(ctx context.Context, st *store.Store, tx *sql.Tx, name string) error {
	body, err := st.Model(name)
	if err != nil {
		return fmt.Errorf("incident: %w", err)
	}
	if err := st.ExecScript(ctx, tx, "models/"+name+".sql", body); err != nil {
		return fmt.Errorf("incident: %w", err)
	}
	return nil
}

// pending is one incident read for redaction.
type pending struct {
	id     string
	fileID int64
	text   [4]sql.NullString // textFields order
}

// redactPending redacts the incidents needing work, batch by batch.
func redactPending(ctx context.Context, st *store.Store, opt Options, rep *Report) error {
	q, err := statement(st, "pending")
	if err != nil {
		return err
	}
	after := ""
	for {
		batch, err := readBatch(ctx, st, q, after, opt)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		after = batch[len(batch)-1].id
		if err := st.Raw(ctx, func(_ *sql.Conn, dc driver.Conn) error {
			return appendBatch(dc, batch, opt.Redactor, rep)
		}); err != nil {
			return fmt.Errorf("incident: append redacted batch: %w", err)
		}
		rep.Redacted += len(batch)
	}
}

// readBatch reads the page after the incident_id after with query q
// (transform/incidents/pending.sql).
func readBatch(ctx context.Context, st *store.Store, q, after string, opt Options) ([]pending, error) {
	rows, err := st.DB.QueryContext(ctx, q, after, opt.Full, RedactVersion, opt.BatchSize)
	if err != nil {
		return nil, fmt.Errorf("incident: read pending (%spending.sql): %w", stmtDir, err)
	}
	defer rows.Close()
	var out []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.fileID, &p.text[0], &p.text[1], &p.text[2], &p.text[3]); err != nil {
			return nil, fmt.Errorf("incident: scan pending: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("incident: read pending: %w", err)
	}
	return out, nil
}

func appendBatch(dc driver.Conn, batch []pending, rd *redact.Redactor, rep *Report) (err error) {
	red, err := duckdb.NewAppenderFromConn(dc, "", "incident_redacted")
	if err != nil {
		return fmt.Errorf("appender incident_redacted: %w", err)
	}
	defer func() {
		if cerr := red.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close appender incident_redacted: %w", cerr)
		}
	}()
	counts, err := duckdb.NewAppenderFromConn(dc, "", "incident_redaction_staged")
	if err != nil {
		return fmt.Errorf("appender incident_redaction_staged: %w", err)
	}
	defer func() {
		if cerr := counts.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close appender incident_redaction_staged: %w", cerr)
		}
	}()
	fields := textFields()
	for _, p := range batch {
		var out [4]driver.Value
		total := 0
		for k, v := range p.text {
			if !v.Valid {
				continue
			}
			red, fs := rd.Text(v.String)
			out[k] = red
			total += len(fs)
			for _, kind := range redact.Kinds() {
				c := 0
				for _, f := range fs {
					if f.Kind == kind {
						c++
					}
				}
				if c == 0 {
					continue
				}
				rep.Redactions[kind] += c
				if err := counts.AppendRow(p.id, fields[k], string(kind), int32(c)); err != nil {
					return fmt.Errorf("append redaction count of %s: %w", p.id, err)
				}
			}
		}
		if err := red.AppendRow(p.id, p.fileID, out[0], out[1], out[2], out[3], int32(total), RedactVersion); err != nil {
			return fmt.Errorf("append redacted %s: %w", p.id, err)
		}
	}
	return nil
}

// loadStandards replaces incident_std_level and incident_std_level_name
// with the CSV files of StandardsDir and checks them.
func loadStandards(ctx context.Context, st *store.Store) (int, error) {
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("incident: begin standards: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	total, err := stdcsv.Load(ctx, tx, st.SQL, StandardsDir, []stdcsv.Table{
		{File: "levels.csv", Table: "incident_std_level"},
		{File: "level_names.csv", Table: "incident_std_level_name"},
	})
	if err != nil {
		return 0, err
	}
	if err := checkStandards(ctx, st, tx); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("incident: commit standards: %w", err)
	}
	return total, nil
}

// checkStandards verifies what the level model relies on. Each check is a
// count of transform/incidents/ that must be 0.
func checkStandards(ctx context.Context, st *store.Store, tx *sql.Tx) error {
	checks := []struct{ what, file string }{
		{"unknown criterion", "check_criterion"},
		{"level outside 1..4", "check_level_range"},
		{"numeric criterion without min_value or with a category", "check_numeric"},
		{"category criterion without category", "check_category"},
		{"version with several effective periods", "check_version_period"},
		{"overlapping versions", "check_version_overlap"},
		{"level without a name", "check_level_name"},
	}
	for _, c := range checks {
		q, err := statement(st, c.file)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("incident: check standards (%s, %s%s.sql): %w", c.what, stmtDir, c.file, err)
		}
		if n > 0 {
			return fmt.Errorf("incident: standards/incidents: %s (%d rows)", c.what, n)
		}
	}
	return nil
}
