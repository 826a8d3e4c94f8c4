// Package store opens the embedded DuckDB database of a data directory,
// applies the schema migrations and keeps the file ledger.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// DBFile is the name of the DuckDB file inside the data directory.
const DBFile = "envdisclose.duckdb"

// Store is an open data directory.
type Store struct {
	Dir   string
	DB    *sql.DB
	SQL   fs.FS // the SQL tree: schema/, models/, standards/, store/, ...
	Log   *slog.Logger
	conn  *duckdb.Connector
	Clock func() time.Time
	q     statements // sql/store/*.sql, read once at Open
}

// statements are the texts of the store's own SQL files (sql/store/),
// read once at Open: Receive runs once per received file.
type statements struct {
	session, sessionThreads, sessionMemory                string
	migrationTable, migrationApplied, migrationRecord     string
	receive, lookup, ids, entry, entries, finish, rejects string
	rejectInsert                                          string
}

// readStatements reads sql/store/*.sql from fsys.
func readStatements(fsys fs.FS) (statements, error) {
	var q statements
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"session", &q.session},
		{"session_threads", &q.sessionThreads},
		{"session_memory_limit", &q.sessionMemory},
		{"migration_table", &q.migrationTable},
		{"migration_applied", &q.migrationApplied},
		{"migration_record", &q.migrationRecord},
		{"ledger_receive", &q.receive},
		{"ledger_lookup", &q.lookup},
		{"ledger_ids", &q.ids},
		{"ledger_entry", &q.entry},
		{"ledger_entries", &q.entries},
		{"ledger_finish", &q.finish},
		{"reject_insert", &q.rejectInsert},
		{"rejects", &q.rejects},
	} {
		b, err := fs.ReadFile(fsys, "store/"+f.name+".sql")
		if err != nil {
			return q, fmt.Errorf("read sql file store/%s.sql: %w", f.name, err)
		}
		*f.dst = string(b)
	}
	return q, nil
}

// Options configure Open.
type Options struct {
	SQL   fs.FS            // required: the SQL tree (envdisclose/sql.FS)
	Log   *slog.Logger     // nil = discard
	Clock func() time.Time // nil = time.Now
	// Threads and MemoryLimit are passed to DuckDB when set.
	Threads     int
	MemoryLimit string // e.g. "2GB"
}

// Open opens (creating if needed) the data directory dir and migrates its
// database to the current schema.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if opt.SQL == nil {
		return nil, errors.New("store: no SQL file tree given")
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	q, err := readStatements(opt.SQL)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", dir, err)
	}
	dbPath := filepath.Join(dir, DBFile)
	init := func(execer driver.ExecerContext) error {
		type stmt struct {
			name, text string
			args       []driver.NamedValue
		}
		stmts := []stmt{{"session", q.session, nil}}
		if opt.Threads > 0 {
			stmts = append(stmts, stmt{"session_threads", q.sessionThreads, []driver.NamedValue{{Ordinal: 1, Value: int64(opt.Threads)}}})
		}
		if opt.MemoryLimit != "" {
			stmts = append(stmts, stmt{"session_memory_limit", q.sessionMemory, []driver.NamedValue{{Ordinal: 1, Value: opt.MemoryLimit}}})
		}
		for _, s := range stmts {
			if _, err := execer.ExecContext(ctx, s.text, s.args); err != nil {
				return fmt.Errorf("sql/store/%s.sql: %w", s.name, err)
			}
		}
		return nil
	}
	conn, err := duckdb.NewConnector(dbPath, init)
	if err != nil {
		if strings.Contains(err.Error(), "Could not set lock") {
			// One process owns the database file: usually `envdisclose serve`.
			return nil, fmt.Errorf("open database %s: another envdisclose process holds it "+
				"(is `envdisclose serve` running on %s? stop it, or use its HTTP API, e.g. "+
				"POST /api/v1/publications/{product}/{period}/approve): %w", dbPath, dir, err)
		}
		return nil, fmt.Errorf("open database %s: %w", dbPath, err)
	}
	db := sql.OpenDB(conn)
	s := &Store{Dir: dir, DB: db, SQL: opt.SQL, Log: opt.Log, conn: conn, Clock: opt.Clock, q: q}
	if err := s.migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.DB.Close()
	if cerr := s.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// SiteDir is where the published portal lives.
func (s *Store) SiteDir() string { return filepath.Join(s.Dir, "site") }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.DB.ExecContext(ctx, s.q.migrationTable); err != nil {
		return fmt.Errorf("create schema_migration: %w", err)
	}
	names, err := fs.Glob(s.SQL, "schema/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := path.Base(name)
		var n int
		if err := s.DB.QueryRowContext(ctx, s.q.migrationApplied, base).Scan(&n); err != nil {
			return fmt.Errorf("check migration %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(s.SQL, name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", name, err)
		}
		tx, err := s.DB.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("apply migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, s.q.migrationRecord, base, s.Clock()); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("record migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit migration %s: %w", name, err)
		}
		s.Log.Debug("applied migration", "name", base)
	}
	return nil
}

// Model returns the text of models/<name>.sql.
func (s *Store) Model(name string) (string, error) {
	b, err := fs.ReadFile(s.SQL, "models/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("read model %s: %w", name, err)
	}
	return string(b), nil
}

// ExecScript runs a multi-statement SQL text inside tx (or the DB when tx
// is nil), naming the script in any error.
func (s *Store) ExecScript(ctx context.Context, tx *sql.Tx, name, body string, args ...any) error {
	var err error
	if tx != nil {
		_, err = tx.ExecContext(ctx, body, args...)
	} else {
		_, err = s.DB.ExecContext(ctx, body, args...)
	}
	if err != nil {
		return fmt.Errorf("run %s: %w", name, err)
	}
	return nil
}

// Raw runs f with a dedicated driver connection (for the Arrow bridge and
// the appender). f must not keep the connection.
func (s *Store) Raw(ctx context.Context, f func(conn *sql.Conn, driverConn driver.Conn) error) error {
	c, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer c.Close()
	var ferr error
	err = c.Raw(func(dc any) error {
		d, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a driver.Conn")
		}
		ferr = f(c, d)
		return nil
	})
	if err != nil {
		return err
	}
	return ferr
}
