package polluter

import (
	"context"
	"testing"

	"github.com/envdisclose/envdisclose/internal/realdata"
)

func rosterDir(t testing.TB) string { return realdata.Dir(t, "polluters_ningxia") }

func TestLoadRoster(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	n, err := LoadRoster(ctx, st, rosterDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no rows")
	}
	var ents, outlets, limits, stats, withCode int
	q := `SELECT (SELECT count(*) FROM enterprise), (SELECT count(*) FROM outlet), (SELECT count(*) FROM outlet_limit),
	             (SELECT count(*) FROM outlet_stat), (SELECT count(*) FROM enterprise WHERE credit_code IS NOT NULL)`
	if err := st.DB.QueryRowContext(ctx, q).Scan(&ents, &outlets, &limits, &stats, &withCode); err != nil {
		t.Fatal(err)
	}
	t.Logf("enterprises %d (with credit code %d), outlets %d, limits %d, stats %d, rows %d", ents, withCode, outlets, limits, stats, n)
	if ents != 220 {
		t.Errorf("enterprises = %d, want 220", ents)
	}
	if outlets != 398 {
		t.Errorf("outlets = %d, want 398", outlets)
	}
	// Sample: the first roster row.
	var id, name, city, permit, ind, cat, wstd string
	var lon float64
	if err := st.DB.QueryRowContext(ctx, `SELECT enterprise_id, name, city, permit_no, industry, key_category, water_standards, lon
		FROM enterprise WHERE credit_code = '91640000321673484F'`).Scan(&id, &name, &city, &permit, &ind, &cat, &wstd, &lon); err != nil {
		t.Fatal(err)
	}
	if id != "91640000321673484F" || name != "上实环境（银川）污水处理有限公司" || city != "银川市" || permit != "91640000321673484F001W" ||
		ind != "水的生产和供应业" || cat != "air+water" || wstd != "GB 18918-2002" || lon < 106.31 || lon > 106.32 {
		t.Errorf("sample enterprise: %s %s %s %s %s %s %s %v", id, name, city, permit, ind, cat, wstd, lon)
	}
	// Its outlet limits: COD 50 mg/L daily, measured values, GB 18918-2002.
	var lim float64
	var basis, std string
	var conv bool
	if err := st.DB.QueryRowContext(ctx, `SELECT limit_value, limit_basis, use_converted, standard_name FROM outlet_limit
		WHERE outlet_code = '91640000321673484F-01' AND pollutant = 'cod'`).Scan(&lim, &basis, &conv, &std); err != nil {
		t.Fatal(err)
	}
	if lim != 50 || basis != "avg_daily" || conv || std != "GB 18918-2002" {
		t.Errorf("cod limit: %v %s %v %s", lim, basis, conv, std)
	}
	// Malformed credit codes do not become keys.
	var bad int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM enterprise WHERE credit_code IS NULL AND enterprise_id NOT LIKE 'NX-%'`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d enterprises without a credit code have a non-source id", bad)
	}
	// Same bytes again: no-op.
	if n2, err := LoadRoster(ctx, st, rosterDir(t)); err != nil || n2 != 0 {
		t.Errorf("second load: %d, %v", n2, err)
	}
}
