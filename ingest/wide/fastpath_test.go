package wide

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// decodeBoth decodes text twice: once as Decode does (unquoted lines take
// the one-pass fast path of row) and once with every line split into
// fields first (the general path, cell by cell), and fails when the
// batches or rejects differ.
func decodeBoth(t *testing.T, text []byte, chk obs.Check) {
	t.Helper()
	fast, fastRj, ferr := Decode(text, chk)
	rj := obs.NewRejects()
	d := decoder{chk: chk, rj: rj, slotOf: map[int64]int{}}
	var herr error
	obs.Lines(text, func(n int64, line []byte) bool {
		f, ok := obs.SplitCSV(line, nil)
		if n == 1 {
			herr = d.header(f, ok)
			return herr == nil
		}
		if len(line) > 0 {
			d.row(n, nil, f)
		}
		return true
	})
	if (ferr == nil) != (herr == nil) {
		t.Fatalf("errors differ: fast %v, general %v", ferr, herr)
	}
	if ferr != nil {
		return
	}
	slow := d.emit()
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("batches differ:\nfast    %d rows\ngeneral %d rows", fast.Len(), slow.Len())
	}
	if a, b := fastRj.Records(), rj.Records(); !reflect.DeepEqual(a, b) {
		t.Fatalf("rejects differ:\nfast    %+v\ngeneral %+v", a, b)
	}
}

// TestFastPathSameAsGeneral: the fast path of row gives exactly the values
// and rejects of the general path, on a real national day and on the same
// day with cells replaced by awkward values (signs, spaces, exponents,
// missing-value words, too many digits, bad numbers).
func TestFastPathSameAsGeneral(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "real", "china_sites_quotsoft", "china_sites_20230122.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skip(err)
	}
	header := data[:bytes.IndexByte(data, '\n')]
	f, _ := obs.SplitCSV(header, nil)
	var codes []string
	for _, c := range f[3:] {
		codes = append(codes, string(c))
	}
	chk := check(t, codes[:len(codes)-50]...) // some unknown columns too
	decodeBoth(t, data, chk)

	odd := []string{"", " 12", "12 ", "-3", "+4", "1e3", "NA", "—", "-", ".", "..", "1.2.3", "12a", "007",
		"0.000000000000001", "1234567890123456", "123456789012345", "3.", ".5", "99999", "1.5", "0", "null", "\t7"}
	rng := rand.New(rand.NewPCG(1, 2))
	lines := strings.Split(strings.TrimRight(string(data), "\r\n"), "\n")
	for k := 1; k < len(lines); k++ {
		cells := strings.Split(strings.TrimRight(lines[k], "\r"), ",")
		for i := 3; i < len(cells); i++ {
			if rng.IntN(20) == 0 {
				cells[i] = odd[rng.IntN(len(odd))]
			}
		}
		lines[k] = strings.Join(cells, ",")
	}
	decodeBoth(t, []byte(strings.Join(lines, "\n")+"\n"), chk)
}
