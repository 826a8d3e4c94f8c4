package transform

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// A model file holds several statements, each ending with a ';' at the end
// of a line. Parameters $1 ... $n are substituted as SQL literals before
// execution rather than bound: the DuckDB driver binds arguments only to the
// last statement of a multi-statement text, and literal dates let DuckDB
// prune air_hour row groups by their zone maps (measured: bound parameters
// made the hourly model markedly slower).
var (
	paramRe  = regexp.MustCompile(`\$([0-9]+)`)
	insertRe = regexp.MustCompile(`(?is)^\s*INSERT\s+INTO\s+([a-z_][a-z0-9_]*)`)
)

type statement struct {
	text  string // comments removed, parameters still as $n
	table string // target of an INSERT, else ""
}

// splitModel splits a model text into statements. Comments ("--" to the
// end of the line) are removed; the model files never contain "--" or a
// line-final ';' inside string literals.
func splitModel(body string) []statement {
	var out []statement
	var cur strings.Builder
	flush := func() {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" {
			return
		}
		st := statement{text: text}
		if m := insertRe.FindStringSubmatch(text); m != nil {
			st.table = strings.ToLower(m[1])
		}
		out = append(out, st)
	}
	for _, line := range strings.Split(body, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimRight(line, " \t\r")
		if strings.HasSuffix(line, ";") {
			cur.WriteString(strings.TrimSuffix(line, ";"))
			flush()
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	flush()
	return out
}

// literal renders a parameter as a SQL literal.
func literal(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'", nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case time.Time:
		return "DATE '" + x.Format(dateFmt) + "'", nil
	default:
		return "", fmt.Errorf("unsupported parameter type %T", v)
	}
}

// bindLiterals replaces $1 ... $n in text by the literals of args.
func bindLiterals(text string, args []any) (string, error) {
	var err error
	out := paramRe.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		if n < 1 || n > len(args) {
			err = fmt.Errorf("references %s, %d arguments given", m, len(args))
			return m
		}
		lit, lerr := literal(args[n-1])
		if lerr != nil {
			err = lerr
		}
		return lit
	})
	return out, err
}

// runModel executes models/<name>.sql inside tx and adds the rows inserted
// per table and the elapsed time to rep. Errors name the model file.
func runModel(ctx context.Context, st *store.Store, tx *sql.Tx, rep *Report, name string, args ...any) error {
	body, err := st.Model(name)
	if err != nil {
		return err
	}
	file := "models/" + name + ".sql"
	start := time.Now()
	for i, s := range splitModel(body) {
		q, err := bindLiterals(s.text, args)
		if err != nil {
			return fmt.Errorf("%s: statement %d: %w", file, i+1, err)
		}
		res, err := tx.ExecContext(ctx, q)
		if err != nil {
			return fmt.Errorf("%s: statement %d: %w", file, i+1, err)
		}
		if s.table != "" && rep != nil {
			if n, err := res.RowsAffected(); err == nil {
				rep.Rows[s.table] += n
			}
		}
	}
	if rep != nil {
		rep.Durations[name] += time.Since(start)
	}
	return nil
}
