package water

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	envsql "github.com/envdisclose/envdisclose/sql"
)

// Querier is what ResolveHeader needs (*sql.DB, *sql.Tx, *sql.Conn).
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Column is a source column resolved to a canonical parameter.
type Column struct {
	Parameter string  // canonical code (water_std_parameter)
	Unit      string  // canonical unit
	Factor    float64 // canonical value = source value * Factor
	UnitFound bool    // the header named a unit (otherwise the canonical unit is assumed)
}

// NormalizeName folds a header or alias for lookup: full-width ASCII to
// half-width (（）→(), ＿→_), lower case, whitespace removed.
func NormalizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\u3000' || unicode.IsSpace(r):
			continue
		case r >= '！' && r <= '～': // U+FF01..U+FF5E -> U+0021..U+007E
			r -= 0xFEE0
		case r == '【':
			r = '['
		case r == '】':
			r = ']'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// splitUnit splits "name(unit)", "name[unit]" or "name/unit" (already
// normalised) into name and unit; unit is "" when there is none.
func splitUnit(s string) (name, unit string) {
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				return s[:i], s[i+len(p[0]) : len(s)-len(p[1])]
			}
		}
	}
	return s, ""
}

// ResolveHeader maps a source column header (e.g. "氨氮(mg/L)", "COD_Mn",
// "总磷（µg/L）") to its parameter and unit factor using the water_std_alias
// and water_std_unit tables. ok is false when the header is not a known
// parameter; an error is returned for an unknown unit of a known parameter
// or a unit that does not convert to the parameter's canonical unit. The
// lookups are transform/water/{alias,parameter_unit,unit_alias}.sql of the
// SQL tree embedded in the binary (q may be any handle, so there is no
// store to take a development tree from; ingest's statements are read the
// same way).
func ResolveHeader(ctx context.Context, q Querier, header string) (col Column, ok bool, err error) {
	fsys, err := envsql.FS("")
	if err != nil {
		return col, false, fmt.Errorf("water: %w", err)
	}
	aliasQ, err := statement(fsys, "alias")
	if err != nil {
		return col, false, err
	}
	paramQ, err := statement(fsys, "parameter_unit")
	if err != nil {
		return col, false, err
	}
	unitQ, err := statement(fsys, "unit_alias")
	if err != nil {
		return col, false, err
	}
	norm := NormalizeName(header)
	param, aliasUnit, found, err := lookupAlias(ctx, q, aliasQ, norm)
	if err != nil {
		return col, false, err
	}
	unit := aliasUnit
	if !found {
		name, u := splitUnit(norm)
		if u == "" {
			// "name/unit" without brackets, e.g. "tp/mg/l" is not split; try the first slash only
			if i := strings.Index(norm, "/"); i > 0 {
				name, u = norm[:i], norm[i+1:]
			}
		}
		if u == "" {
			return col, false, nil
		}
		param, aliasUnit, found, err = lookupAlias(ctx, q, aliasQ, name)
		if err != nil || !found {
			return col, false, err
		}
		unit = u
		if unit == "" {
			unit = aliasUnit
		}
	}
	if err := q.QueryRowContext(ctx, paramQ, param).Scan(&col.Unit); err != nil {
		return col, false, fmt.Errorf("water: alias %q names parameter %q missing from water_std_parameter: %w", header, param, err)
	}
	col.Parameter, col.Factor = param, 1
	if unit == "" {
		return col, true, nil
	}
	col.UnitFound = true
	var canon string
	err = q.QueryRowContext(ctx, unitQ, NormalizeName(unit)).Scan(&canon, &col.Factor)
	if errors.Is(err, sql.ErrNoRows) {
		return col, false, fmt.Errorf("water: column %q: unknown unit %q", header, unit)
	}
	if err != nil {
		return col, false, fmt.Errorf("water: column %q: unit lookup: %w", header, err)
	}
	if canon != col.Unit {
		return col, false, fmt.Errorf("water: column %q: unit %q is %s, parameter %s is in %s", header, unit, canon, param, col.Unit)
	}
	return col, true, nil
}

// lookupAlias runs aliasQ (transform/water/alias.sql) for norm.
func lookupAlias(ctx context.Context, q Querier, aliasQ, norm string) (param, unit string, found bool, err error) {
	var u sql.NullString
	err = q.QueryRowContext(ctx, aliasQ, norm).Scan(&param, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("water: alias lookup %q: %w", norm, err)
	}
	return param, u.String, true, nil
}
