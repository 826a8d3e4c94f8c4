package polluter

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/envdisclose/envdisclose/store"
)

// Roster file names inside the directory given to LoadRoster
// (/work/shared/data/real/polluters_ningxia, see its PROVENANCE.md).
const (
	RosterFile = "enterprise_roster.json"
	StatsFile  = "outlet_pollutant_stats.json"
)

// rosterProvince is the province of the Ningxia roster (the source has
// only the city).
const rosterProvince = "宁夏回族自治区"

// LoadRoster loads the Ningxia key-polluter roster from dir (RosterFile and
// StatsFile) into the registry: enterprise, outlet and outlet_limit
// (versioned: changed rows are closed and reopened, new keys valid from
// 1970-01-01) and outlet_stat. Both JSON files are read by DuckDB's
// read_json and everything is written with set-based SQL in one
// transaction, together with the ledger entry. The same bytes again are a
// no-op (rows = 0). rows is the number of registry rows written (new
// versions of enterprises, outlets, limits, plus the statistics rows).
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
	for i, q := range rosterStageSQL(rosterPath, statsPath) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("polluter: roster staging step %d: %w", i+1, err)
		}
	}
	for _, m := range rosterMerges() {
		n, err := scd2(ctx, tx, m, now, e.ID)
		if err != nil {
			return rows, err
		}
		rows += n
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM outlet_stat WHERE outlet_code IN (SELECT outlet_code FROM roster_stat_stage)`); err != nil {
		return rows, fmt.Errorf("polluter: replace outlet_stat: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outlet_stat
		SELECT outlet_code, pollutant, source_name, limit_value, unit, exceed_rate, median, trend, CAST(? AS BIGINT) FROM roster_stat_stage`, e.ID)
	if err != nil {
		return rows, fmt.Errorf("polluter: insert outlet_stat: %w", err)
	}
	n, _ := res.RowsAffected()
	rows += n

	rejects, err := rosterRejects(ctx, tx)
	if err != nil {
		return rows, err
	}
	e.RowsAccepted, e.RowsRejected = rows, int64(len(rejects))
	e.Outcome = store.OutcomeAccepted
	if len(rejects) > 0 {
		e.Outcome = store.OutcomePartial
		e.Message = fmt.Sprintf("%d source rows not loaded (see rejects)", len(rejects))
	}
	for _, t := range []string{"roster_raw", "stats_raw", "roster_ent_stage", "roster_outlet_stage", "roster_limit_stage", "roster_stat_stage", "roster_pol"} {
		if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS temp."+t); err != nil {
			return rows, fmt.Errorf("polluter: drop temp.%s: %w", t, err)
		}
	}
	if err := st.Finish(ctx, tx, &e, rejects); err != nil {
		return rows, err
	}
	if err := tx.Commit(); err != nil {
		return rows, fmt.Errorf("polluter: commit roster: %w", err)
	}
	return rows, nil
}

// rosterStageSQL builds the TEMP staging tables from the two JSON files.
func rosterStageSQL(rosterPath, statsPath string) []string {
	cols := []string{"序号", "企业名称", "市", "lng", "lat", "气物", "气标", "水物", "水标", "许可证", "代码", "行业"}
	spec := make([]string, len(cols))
	for i, c := range cols {
		spec[i] = sqlQuote(c) + ": 'VARCHAR'"
	}
	// Standard codes: GB 13223-2011, GB16297-1996, GB/T 31962-2015 -> "GB 16297-1996"; order kept, duplicates dropped.
	stdList := func(col string) string {
		l := `list_transform(regexp_extract_all(coalesce(` + col + `, ''), 'GB(?:/T)?\s*\d+\s*[-—–]\s*\d+'),
			x -> regexp_replace(x, '(GB(?:/T)?)\s*(\d+)\s*[-—–]\s*(\d+)', '\1 \2-\3'))`
		return `list_filter(` + l + `, (x, i) -> list_position(` + l + `, x) = i)`
	}
	clean := func(col string) string {
		return `nullif(trim(regexp_replace(` + col + `, '[\x{200b}\x{feff}\x{a0}\x{3000}]', ' ', 'g')), '')`
	}
	return []string{
		`CREATE OR REPLACE TEMP TABLE roster_raw AS SELECT * FROM read_json(` + sqlQuote(rosterPath) +
			`, format = 'array', columns = {` + strings.Join(spec, ", ") + `})`,
		`CREATE OR REPLACE TEMP TABLE stats_raw AS SELECT * FROM read_json(` + sqlQuote(statsPath) + `, format = 'array',
			columns = {'enterpriseName': 'VARCHAR', 'outlets': 'STRUCT(outletName VARCHAR, pollutants STRUCT(pollutantName VARCHAR, exceed DOUBLE, standard DOUBLE, unit VARCHAR, trend VARCHAR, median DOUBLE)[])[]'})`,
		// Enterprises. The credit code is kept when it is 18 well-formed
		// characters after dropping a parenthesised suffix and invisible
		// characters; it is the key when unique in the roster.
		`CREATE OR REPLACE TEMP TABLE roster_ent_stage AS
		WITH r AS (
			SELECT CAST("序号" AS INTEGER) AS seq, ` + clean(`"企业名称"`) + ` AS name,
			       ` + clean(`"市"`) + ` AS city0, TRY_CAST("lng" AS DOUBLE) AS lon, TRY_CAST("lat" AS DOUBLE) AS lat,
			       ` + clean(`"行业"`) + ` AS industry, ` + clean(`"许可证"`) + ` AS permit_no,
			       ` + clean(`"代码"`) + ` AS credit_code_raw,
			       upper(regexp_replace(regexp_replace(coalesce("代码", ''), '[(（].*$', ''), '[^0-9A-Za-z]', '', 'g')) AS code_clean,
			       ` + clean(`"气物"`) + ` AS air_items, ` + clean(`"水物"`) + ` AS water_items,
			       ` + stdList(`"气标"`) + ` AS air_list, ` + stdList(`"水标"`) + ` AS water_list
			FROM roster_raw
		), c AS (
			SELECT *, CASE WHEN regexp_full_match(code_clean, '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}')
			               THEN code_clean END AS credit_code
			FROM r
		)
		SELECT seq,
		       CASE WHEN credit_code IS NULL THEN 'NX-' || lpad(CAST(seq AS VARCHAR), 3, '0')
		            WHEN count(*) OVER (PARTITION BY credit_code) = 1 THEN credit_code
		            ELSE credit_code || '-' || lpad(CAST(seq AS VARCHAR), 3, '0') END AS enterprise_id,
		       credit_code, credit_code_raw, name, '` + rosterProvince + `' AS province,
		       CASE WHEN city0 IS NULL OR city0 LIKE '%市' THEN city0 ELSE city0 || '市' END AS city,
		       CAST(NULL AS VARCHAR) AS county, industry, permit_no, lon, lat, true AS is_key,
		       air_items, water_items, air_list, water_list,
		       nullif(array_to_string(air_list, ';'), '') AS air_standards,
		       nullif(array_to_string(water_list, ';'), '') AS water_standards
		FROM c`,
		// Outlet x pollutant rows of the statistics file, matched to the
		// roster by name (also "name（operator）").
		`CREATE OR REPLACE TEMP TABLE roster_pol AS
		WITH s AS (
			SELECT trim(enterpriseName) AS ename, generate_subscripts(outlets, 1) AS oi, unnest(outlets) AS o FROM stats_raw
		), p AS (
			SELECT ename, oi, trim(o.outletName) AS oname, unnest(o.pollutants) AS p,
			       ename IN (SELECT name FROM roster_ent_stage) AS exact
			FROM s
		)
		SELECT e.enterprise_id, p.ename, p.oi, p.oname, trim(p.p.pollutantName) AS source_name,
		       p.p.standard AS limit_value,
		       CASE p.p.unit WHEN 'mg/m3' THEN 'mg/m³' WHEN '℃/2S' THEN '℃' ELSE p.p.unit END AS unit,
		       p.p.exceed AS exceed_rate, p.p.median AS median, p.p.trend AS trend,
		       a.pollutant, a.use_converted
		FROM p
		LEFT JOIN roster_ent_stage e
		       ON e.name = p.ename
		       OR (NOT p.exact AND e.name = regexp_replace(p.ename, '[（(][^（(]*[）)]$', ''))
		LEFT JOIN emission_std_alias a ON a.alias = trim(p.p.pollutantName)`,
		`CREATE OR REPLACE TEMP TABLE roster_outlet_stage AS
		SELECT enterprise_id || '-' || lpad(CAST(oi AS VARCHAR), 2, '0') AS outlet_code, enterprise_id,
		       any_value(oname) AS name,
		       CASE WHEN bool_or(unit = 'mg/L') THEN 'water' ELSE 'gas' END AS medium,
		       CAST(NULL AS VARCHAR) AS mn, CAST(NULL AS DOUBLE) AS lon, CAST(NULL AS DOUBLE) AS lat
		FROM roster_pol WHERE enterprise_id IS NOT NULL
		GROUP BY enterprise_id, oi`,
		// Limits: gas on hourly means of converted values, water on daily
		// means of measured values (docs/POLLUTERS-NOTES.md); the standard is
		// the first one the enterprise cites that lists the pollutant, else
		// the first one other than the odour standard GB 14554-93.
		`CREATE OR REPLACE TEMP TABLE roster_limit_stage AS
		WITH l AS (
			SELECT p.enterprise_id || '-' || lpad(CAST(p.oi AS VARCHAR), 2, '0') AS outlet_code, p.enterprise_id,
			       p.pollutant, p.limit_value, p.unit, o.medium,
			       CASE WHEN p.pollutant = 'furnace_temp' THEN 'min' ELSE 'max' END AS direction,
			       CASE WHEN o.medium = 'water' THEN 'avg_daily' ELSE 'avg_hourly' END AS limit_basis,
			       coalesce(p.use_converted, o.medium = 'gas') AS use_converted
			FROM roster_pol p
			JOIN roster_outlet_stage o ON o.outlet_code = p.enterprise_id || '-' || lpad(CAST(p.oi AS VARCHAR), 2, '0')
			WHERE p.pollutant IS NOT NULL AND p.limit_value > 0
			QUALIFY row_number() OVER (PARTITION BY outlet_code, p.pollutant ORDER BY p.use_converted NULLS FIRST) = 1
		), cand AS (
			SELECT enterprise_id, 'gas' AS medium, unnest(air_list) AS code, generate_subscripts(air_list, 1) AS i FROM roster_ent_stage
			UNION ALL
			SELECT enterprise_id, 'water', unnest(water_list), generate_subscripts(water_list, 1) FROM roster_ent_stage
		), scored AS (
			SELECT l.outlet_code, l.pollutant, c.code,
			       CASE WHEN EXISTS (SELECT 1 FROM emission_std_limit s WHERE s.standard_code = c.code AND s.pollutant = l.pollutant) THEN 0
			            WHEN c.code <> 'GB 14554-93' THEN 100 ELSE 1000 END + c.i AS score
			FROM l JOIN cand c ON c.enterprise_id = l.enterprise_id AND c.medium = l.medium
		), best AS (
			SELECT outlet_code, pollutant, arg_min(code, score) AS standard_name
			FROM scored WHERE score < 1000 GROUP BY ALL
		)
		SELECT l.outlet_code, l.pollutant, l.limit_value, l.unit, l.direction, l.limit_basis, l.use_converted, b.standard_name
		FROM l LEFT JOIN best b ON b.outlet_code = l.outlet_code AND b.pollutant = l.pollutant`,
		`CREATE OR REPLACE TEMP TABLE roster_stat_stage AS
		SELECT enterprise_id || '-' || lpad(CAST(oi AS VARCHAR), 2, '0') AS outlet_code, pollutant, source_name,
		       limit_value, unit, exceed_rate, median, trend
		FROM roster_pol WHERE enterprise_id IS NOT NULL AND pollutant IS NOT NULL`,
	}
}

// merge describes one SCD2 registry merge from a staging table.
type merge struct {
	table, stage string
	keys, attrs  []string
}

func rosterMerges() []merge {
	return []merge{
		{table: "enterprise", stage: "(SELECT s.*, CASE WHEN (s.air_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'gas')) " +
			"AND (s.water_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'water')) THEN 'air+water' " +
			"WHEN s.air_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'gas') THEN 'air' " +
			"WHEN s.water_items IS NOT NULL OR EXISTS (SELECT 1 FROM roster_outlet_stage o WHERE o.enterprise_id = s.enterprise_id AND o.medium = 'water') THEN 'water' END AS key_category FROM roster_ent_stage s)",
			keys:  []string{"enterprise_id"},
			attrs: []string{"credit_code", "credit_code_raw", "name", "province", "city", "county", "industry", "permit_no", "lon", "lat", "is_key", "key_category", "air_standards", "water_standards"}},
		{table: "outlet", stage: "roster_outlet_stage", keys: []string{"outlet_code"},
			attrs: []string{"enterprise_id", "name", "medium", "mn", "lon", "lat"}},
		{table: "outlet_limit", stage: "roster_limit_stage", keys: []string{"outlet_code", "pollutant", "limit_basis"},
			attrs: []string{"limit_value", "unit", "direction", "use_converted", "standard_name"}},
	}
}

// scd2 closes the current rows of m.table whose attributes differ from the
// stage and opens a version for every staged key without a current row:
// new keys from 1970-01-01, changed ones from now. It returns the number
// of versions opened.
func scd2(ctx context.Context, tx *sql.Tx, m merge, now any, fileID int64) (int64, error) {
	on := make([]string, len(m.keys))
	for i, k := range m.keys {
		on[i] = fmt.Sprintf("c.%s = s.%s", k, k)
	}
	diff := make([]string, len(m.attrs))
	for i, a := range m.attrs {
		diff[i] = fmt.Sprintf("c.%s IS DISTINCT FROM s.%s", a, a)
	}
	closeQ := fmt.Sprintf(`UPDATE %s c SET valid_to = ? FROM %s s WHERE %s AND c.valid_to IS NULL AND (%s)`,
		m.table, m.stage, strings.Join(on, " AND "), strings.Join(diff, " OR "))
	if _, err := tx.ExecContext(ctx, closeQ, now); err != nil {
		return 0, fmt.Errorf("polluter: close changed %s rows: %w", m.table, err)
	}
	cols := append(append([]string{}, m.keys...), m.attrs...)
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = "s." + c
	}
	onP := strings.ReplaceAll(strings.Join(on, " AND "), "c.", "p.")
	openQ := fmt.Sprintf(`INSERT INTO %s (%s, valid_from, valid_to, file_id)
		SELECT %s, CASE WHEN EXISTS (SELECT 1 FROM %s p WHERE %s) THEN CAST(? AS TIMESTAMP) ELSE TIMESTAMP '1970-01-01' END, NULL, CAST(? AS BIGINT)
		FROM %s s
		WHERE NOT EXISTS (SELECT 1 FROM %s c WHERE %s AND c.valid_to IS NULL)`,
		m.table, strings.Join(cols, ", "), strings.Join(sel, ", "), m.table, onP, m.stage, m.table, strings.Join(on, " AND "))
	res, err := tx.ExecContext(ctx, openQ, now, fileID)
	if err != nil {
		return 0, fmt.Errorf("polluter: open %s versions: %w", m.table, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// rosterRejects lists the statistics rows that could not be loaded.
func rosterRejects(ctx context.Context, tx *sql.Tx) ([]store.Reject, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT 'enterpriseName', ename, 'enterprise not in the roster' FROM roster_pol WHERE enterprise_id IS NULL GROUP BY ename
		UNION ALL
		SELECT 'pollutantName', source_name, 'unknown pollutant name (add it to emission_alias.csv)'
		FROM roster_pol WHERE enterprise_id IS NOT NULL AND pollutant IS NULL GROUP BY source_name
		UNION ALL
		SELECT 'standard', ename || ' / ' || oname || ' / ' || source_name, 'limit is not positive; statistics kept, no limit'
		FROM roster_pol WHERE enterprise_id IS NOT NULL AND pollutant IS NOT NULL AND NOT (limit_value > 0)
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("polluter: roster rejects: %w", err)
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
